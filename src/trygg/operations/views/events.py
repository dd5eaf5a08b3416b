"""Events, decisions and the shared log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.users import signed_in
from trygg.operations import access, decisions, picture
from trygg.operations.forms import DecisionForm, EntryForm, EventForm
from trygg.operations.log import NewEntry, append
from trygg.operations.mapdata import event_map_data
from trygg.operations.models import EntryKind, Event
from trygg.operations.views import public_text
from trygg.registry import scope


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    municipalities = scope.editable_municipalities(request.user)
    form = None
    if municipalities.exists():
        form = EventForm(request.POST or None, initial={"starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                                                        "municipalities": list(municipalities)})
        form.fields["municipalities"].queryset = scope.readable_municipalities(request.user) | municipalities  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid() and (owner := municipalities.first()) is not None:
            event = decisions.create_event(
                name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], exercise=form.cleaned_data["exercise"],
                municipalities=form.cleaned_data["municipalities"], owner=owner,
                created_by_id=signed_in(request).pk, starts_at=form.cleaned_data["starts_at"])
            return redirect(event)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "operations/event_list.html", {"events": access.visible_events(request.user), "form": form})


def _decision_form(request: HttpRequest, event: Event, data: object = None) -> DecisionForm:
    return DecisionForm(data, points=access.activatable_points(request.user, event), prefix="decision")


def _event_page(request: HttpRequest, event: Event, decision_form: DecisionForm | None = None,
                status: int = 200) -> HttpResponse:
    rows = picture.rows(event, access.situation_points(request.user, event))
    entries = access.visible_entries(request.user, event).select_related("author", "author_org", "point")
    return render(request, "operations/event.html", {
        "event": event, "rows": rows, "map_data": event_map_data(rows, event),
        "can_lead": access.can_lead(request.user, event),
        "public_texts": public_text.panels(request.user, event),
        "decision_form": decision_form or _decision_form(request, event),
        "entry_form": EntryForm(organisations=access.event_organisations(event), prefix="entry"),
        "entries": entries.order_by("-occurred_at", "-recorded_at")[:200],
        "reportable": access.reportable_points(request.user, event).filter(op_statuses__event=event).distinct(),
    }, status=status)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, access.get_event(request.user, pk))


@login_required
def event_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the live picture polls: no reload, the same rows as the table."""
    event = access.get_event(request.user, pk)
    rows = picture.rows(event, access.situation_points(request.user, event))
    return JsonResponse({"event": event.pk, "exercise": event.exercise, "now": timezone.now().isoformat(),
                         "points": [r.as_dict() for r in rows]})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    event = access.get_event(request.user, pk)
    if not access.can_lead(request.user, event):
        raise PermissionDenied
    form = _decision_form(request, event, request.POST)
    if form.is_valid():
        decision = decisions.Decision(decided_by=form.cleaned_data["decided_by"], mandate=form.cleaned_data["mandate"],
                                      reason=form.cleaned_data["reason"],
                                      decided_at=form.cleaned_data["decided_at"] or timezone.now(),
                                      level=form.cleaned_data["level"])
        record = decisions.activate if action == "activate" else decisions.close
        try:
            record(event, request.user.pk, access.user_org(request.user), form.cleaned_data["points"], decision)  # type: ignore[arg-type]
            messages.success(request, _("The decision was recorded."))
            return redirect(event)
        except ValidationError as exc:
            _add_errors(form, exc)
    return _event_page(request, event, form, status=400)


@login_required
@require_POST
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    org = access.user_org(request.user)
    if org is None:
        raise PermissionDenied
    form = EntryForm(request.POST, organisations=access.event_organisations(event), prefix="entry")
    if form.is_valid():
        access.require_entry(request.user, event, form.cleaned_data["kind"], None)
        data = {"to_org": form.cleaned_data["to_org"].pk} if form.cleaned_data.get("to_org") else {}
        append(NewEntry(event=event, author_id=signed_in(request).pk, author_org=org, kind=form.cleaned_data["kind"],
                        occurred_at=timezone.now(), text=form.cleaned_data["text"], data=data,
                        visibility=form.cleaned_data["visibility"],
                        shared_with=tuple(form.cleaned_data["shared_with"])))
        messages.success(request, _("The entry was added to the log."))
        return redirect(event)
    messages.error(request, _("The entry was not added: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(event)


@login_required
@require_POST
def correct_entry(request: HttpRequest, pk: int, entry_id: str) -> HttpResponse:
    event = access.get_event(request.user, pk)
    original = access.visible_entries(request.user, event).filter(pk=entry_id).first()
    org = access.user_org(request.user)
    if original is None or org is None:
        raise PermissionDenied
    access.require_entry(request.user, event, EntryKind.CORRECTION, original.point, original)
    append(NewEntry(event=event, author_id=signed_in(request).pk, author_org=org, kind=EntryKind.CORRECTION,
                    occurred_at=timezone.now(), point=original.point, text=request.POST.get("text", ""),
                    corrects=original, visibility=original.visibility))
    return redirect(event)
