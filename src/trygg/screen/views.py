"""The presenter view (signed in) and the guest view (a revocable, expiring link, no account)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trygg.accounts.users import signed_in
from trygg.operations import access, push
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, Event
from trygg.operations.views.live import stream_response
from trygg.screen.content import screen_data
from trygg.screen.models import GuestLink, GuestLinkUse, new_token, token_hash

MAX_LINK_HOURS = 72


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # The guest token is in the address: never pass it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def presenter(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    can_lead = access.can_lead(request.user, event)
    return render(request, "screen/presenter.html", {
        "event": event, "screen": screen_data(event, request.user), "guest": False, "can_lead": can_lead,
        "data_url": reverse("screen_data", args=[event.pk]),
        "links": event.guest_links.select_related("created_by").prefetch_related("uses") if can_lead else [],
        "new_link": request.session.pop("screen_new_link", None), "max_hours": MAX_LINK_HOURS,
    })


@login_required
def presenter_data(request: HttpRequest, pk: int) -> JsonResponse:
    event = access.get_event(request.user, pk)
    return JsonResponse(screen_data(event, request.user))


def _lead_event(request: HttpRequest, pk: int) -> Event:
    event = access.get_event(request.user, pk)
    if not access.can_lead(request.user, event):
        raise PermissionDenied
    return event


def _note(request: HttpRequest, event: Event, text: str) -> None:
    org = access.user_org(request.user) or event.owner
    append(NewEntry(event=event, author_id=signed_in(request).pk, author_org=org, kind=EntryKind.NOTE,
                    occurred_at=timezone.now(), text=text))


@login_required
@require_POST
def create_link(request: HttpRequest, pk: int) -> HttpResponse:
    event = _lead_event(request, pk)
    label = request.POST.get("label", "").replace("\x00", "").strip()[:200]
    try:
        hours = int(request.POST.get("hours", "12"))
    except ValueError:
        hours = 0
    if not label or not 1 <= hours <= MAX_LINK_HOURS:
        messages.error(request, _("Say who the link is for, and let it last 1 to %(max)s hours.") % {"max": MAX_LINK_HOURS})
        return redirect("screen", pk=event.pk)
    token = new_token()
    link = GuestLink.objects.create(event=event, label=label, token_hash=token_hash(token), created_by=signed_in(request),
                                    expires_at=timezone.now() + dt.timedelta(hours=hours))
    _note(request, event, _("Guest link to the shared screen created for %(who)s, valid until %(until)s.") % {
        "who": label, "until": timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M")})
    # Shown once: only the token's hash is stored.
    request.session["screen_new_link"] = request.build_absolute_uri(reverse("screen_guest", args=[token]))
    return redirect("screen", pk=event.pk)


@login_required
@require_POST
def revoke_link(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    event = _lead_event(request, pk)
    link = event.guest_links.filter(pk=link_pk, revoked_at__isnull=True).first()
    if link is None:
        raise Http404
    link.revoked_at, link.revoked_by = timezone.now(), signed_in(request)
    link.save(update_fields=["revoked_at", "revoked_by"])
    _note(request, event, _("Guest link for %(who)s revoked.") % {"who": link.label})
    messages.success(request, _("The link no longer works."))
    return redirect("screen", pk=event.pk)


def _valid_link(token: str) -> GuestLink:
    link = GuestLink.objects.select_related("event", "created_by").filter(token_hash=token_hash(token)).first()
    if link is None or not link.is_valid or not link.created_by.is_active:
        raise Http404
    return link


@never_cache
def guest(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = _valid_link(token)
    except Http404:
        return _no_referrer(render(request, "screen/guest_gone.html", status=404))
    GuestLinkUse.objects.create(link=link, address=request.META.get("REMOTE_ADDR") or None,
                                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])
    GuestLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    # The guest sees what the person who made the link may see, and nothing they may change.
    return _no_referrer(render(request, "screen/presenter.html", {
        "event": link.event, "screen": screen_data(link.event, link.created_by), "guest": True,
        "data_url": reverse("screen_guest_data", args=[token]), "guest_label": link.label,
        "stream_url": reverse("screen_guest_stream", args=[token]),
        "expires_at": link.expires_at,
    }))


@never_cache
def guest_data(request: HttpRequest, token: str) -> JsonResponse:
    link = _valid_link(token)
    GuestLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    response = JsonResponse(screen_data(link.event, link.created_by))
    response["Referrer-Policy"] = "no-referrer"
    return response


def guest_stream(request: HttpRequest, token: str) -> HttpResponseBase:
    """The guest screen's push channel: the link's event only, 404 once the link is revoked or expired."""
    return stream_response(request, [push.event_scope(_valid_link(token).event_id)])
