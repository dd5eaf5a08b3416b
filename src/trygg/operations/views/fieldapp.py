"""The field app: a point's report page that keeps working with the network gone.

The page, its service worker (served from the page's own folder, so its scope covers
the page), its web app manifest and a small state document all live under
``/ops/events/<pk>/points/<point_pk>/field/``. Reports are kept in the browser's
IndexedDB with their own id and the time they were made, and sent through the
operations API (``trygg.operations.api``), which writes an entry once per id.

Only people who may report for the point get any of these (``access.get_reportable_point``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from trygg.operations import access
from trygg.operations.fieldform import FIELDS, Goes
from trygg.operations.lifecycle import TRANSITIONS, OpState, state_label
from trygg.operations.models import EntryKind, Event, LogEntry, PointStatus
from trygg.registry.models import Point

STATIC_DIR = Path(__file__).resolve().parents[2] / "web" / "static"
ASSETS = ("trygg/trygg.css", "trygg/fieldapp.css", "trygg/fieldapp.js", "trygg/fieldapp/icon-192.png",
          "trygg/fieldapp/icon-512.png")


@cache
def assets_version() -> str:
    """Changes whenever an asset changes, so the service worker installs afresh and re-caches."""
    digest = hashlib.sha256()
    for name in ASSETS:
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def _field_url(event: Event, point: Point, name: str = "field_app") -> str:
    return reverse(name, kwargs={"pk": event.pk, "point_pk": point.pk})


def _reportable(request: HttpRequest, pk: int, point_pk: int) -> tuple[Event, Point]:
    event = access.get_event(request.user, pk)
    return event, access.get_reportable_point(request.user, event, point_pk)


def _latest_state_entry(event: Event, point: Point) -> LogEntry | None:
    return (LogEntry.objects.filter(event=event, point=point, kind=EntryKind.STATE)
            .select_related("author").order_by("-occurred_at", "-recorded_at").first())


def _changed_by(entry: LogEntry) -> str:
    """Who moved the point: the decision-maker named in a decision, else the entry's author."""
    decision_id = entry.data.get("decision")
    if decision_id:
        decision = LogEntry.objects.filter(pk=decision_id).values_list("data", flat=True).first() or {}
        if decision.get("decided_by"):
            return str(decision["decided_by"])
    return entry.author.get_full_name() or entry.author.get_username()


def point_state(event: Event, point: Point) -> dict[str, Any]:
    """The point's state as the field page shows it and compares offline reports against."""
    status = PointStatus.objects.filter(event=event, point=point).first()
    state = status.state if status else None
    latest = _latest_state_entry(event, point)
    return {
        "state": state,
        "state_label": state_label(state),
        "changed_at": latest.occurred_at.isoformat() if latest else None,
        "changed_by": _changed_by(latest) if latest else "",
        "changed_entry": str(latest.pk) if latest else None,
        "central": bool(latest and "decision" in latest.data),
        "event_open": event.is_open,
        "now": timezone.now().isoformat(),
    }


def _texts() -> dict[str, str]:
    """Every text the page's script shows, in the active language (Swedish first)."""
    return {
        "waiting_one": ngettext("%(count)s report is waiting to be sent", "%(count)s reports are waiting to be sent", 1),
        "waiting_other": ngettext("%(count)s report is waiting to be sent", "%(count)s reports are waiting to be sent", 2),
        "online": _("Connected: reports are sent at once."),
        "offline": _("No network: reports are kept on this device and sent when the network returns."),
        "saved": _("Saved on this device at %(time)s."),
        "sent": _("Sent to the log"),
        "empty": _("Fill in at least one field."),
        "not_number": _("Give a number."),
        "out_of_range": _("Give a number between %(min)s and %(max)s."),
        "status": _("Status report"),
        "state": _("State change"),
        "note": _("Note"),
        "made": _("made %(time)s"),
        "log_in": _("You are logged out: log in again to send the waiting reports. They stay on this device."),
        "log_in_link": _("Log in"),
        "closed_meanwhile": _("The point was moved to “%(state)s” centrally at %(changed)s (by %(by)s) while you were "
                              "offline. Your %(kind)s made at %(made)s is in the log, but it concerns a point that is now "
                              "“%(state)s”. Check with the coordinator."),
        "refused": _("Your %(kind)s made at %(made)s was not accepted: %(reason)s It was saved in the log as a note "
                     "instead, so nothing is lost."),
        "refused_kept": _("Your %(kind)s made at %(made)s was not accepted: %(reason)s It is kept on this device."),
        "refused_note": _("Not accepted when sent from the field app (%(reason)s). Made at %(made)s: %(summary)s"),
        "not_yours": _("This point is no longer yours to report for. The report is kept on this device."),
        "dismiss": _("Understood"),
        "remove": _("Remove"),
    }


def _config(request: HttpRequest, event: Event, point: Point, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event.pk,
        "point": point.pk,
        # Whose outbox: a shared device never sends one person's reports under another's name.
        "where": f"{request.user.pk}/{event.pk}/{point.pk}",
        "report_url": reverse("api_ops_report", kwargs={"pk": event.pk, "point_pk": point.pk}),
        "entries_url": reverse("api_ops_entries", kwargs={"pk": event.pk}),
        "state_url": _field_url(event, point, "field_app_state"),
        "sw_url": _field_url(event, point, "field_app_sw"),
        "login_url": reverse("login") + "?next=" + _field_url(event, point),
        "state": state,
        "transitions": {s.value: sorted(t.value for t in TRANSITIONS[s]) for s in OpState},
        "first_states": [OpState.STANDBY.value, OpState.OPENING.value],
        "state_labels": {s.value: state_label(s) for s in OpState},
        "fields": [{"name": f.name, "widget": f.widget.value, "goes": f.goes.value, "label": str(f.label),
                    "min": f.minimum, "max": f.maximum,
                    "choices": {code: str(label) for code, label in f.choices}} for f in FIELDS],
        "text": _texts(),
    }


@login_required
@never_cache
def field_page(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    """The field app's page for one point (cached by its service worker for offline use)."""
    event, point = _reportable(request, pk, point_pk)
    state = point_state(event, point)
    # A volunteer reports; the point manager or the coordinator moves the point (the role matrix).
    changes_state = access.may_change_state(request.user, event, point)
    fields = [f for f in FIELDS if changes_state or f.goes != Goes.STATE]
    return render(request, "operations/field_app.html", {
        "event": event, "point": point, "state": state, "fields": fields,
        "config": _config(request, event, point, state), "as_of": timezone.localtime(),
        "manifest_url": _field_url(event, point, "field_app_manifest"),
    })


@login_required
@never_cache
def field_state(request: HttpRequest, pk: int, point_pk: int) -> JsonResponse:
    """The point's current state: the page checks its offline reports against it after sending."""
    event, point = _reportable(request, pk, point_pk)
    return JsonResponse(point_state(event, point))


@login_required
def service_worker(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    """The service worker that keeps the page and its assets for offline use."""
    event, point = _reportable(request, pk, point_pk)
    manifest_url = _field_url(event, point, "field_app_manifest")
    worker = {
        "version": f"{assets_version()}-{event.pk}-{point.pk}",
        "page": _field_url(event, point),
        "precache": [_field_url(event, point), manifest_url, *(static(name) for name in ASSETS)],
    }
    response = render(request, "operations/field_sw.js", {"worker_json": json.dumps(worker)},
                      content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
def manifest(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    """The web app manifest: the page installs as an app that opens on this point."""
    event, point = _reportable(request, pk, point_pk)
    page = _field_url(event, point)
    body = {
        "name": f"trygg · {point.name}",
        "short_name": point.name[:24],
        "description": _("Report from %(point)s during %(event)s, with or without network.") % {
            "point": point.name, "event": event.name},
        "lang": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "sv",
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#004b87",
        "icons": [{"src": static(f"trygg/fieldapp/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any"} for size in (192, 512)],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8")
