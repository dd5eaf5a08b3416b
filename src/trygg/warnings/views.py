"""Turn a warning into an event: the coordinator of a touched municipality starts one in one click."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.users import signed_in
from trygg.operations import decisions
from trygg.operations.areas import area_problem
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, EventKind
from trygg.warnings.models import ExternalWarning
from trygg.warnings.queries import get_warning_for_event

# SMHI's event codes (and CAP event words) → the kind of event trygg runs.
_EVENT_KIND = {
    "WIND": EventKind.STORM, "STORM": EventKind.STORM, "THUNDERSTORM": EventKind.STORM, "SNOW": EventKind.STORM,
    "SNOWFALL": EventKind.STORM, "SNOW_DRIFT": EventKind.STORM, "ICING": EventKind.STORM,
    "RAIN": EventKind.FLOOD, "PRECIPITATION": EventKind.FLOOD, "HIGH_FLOW": EventKind.FLOOD,
    "FLOODING": EventKind.FLOOD, "HIGH_SEA_LEVEL": EventKind.FLOOD,
    "FIRE": EventKind.FOREST_FIRE, "FOREST_FIRE": EventKind.FOREST_FIRE, "GRASS_FIRE": EventKind.FOREST_FIRE,
    "WATER_SHORTAGE": EventKind.WATER,
}


def event_kind(warning: ExternalWarning) -> str:
    return _EVENT_KIND.get(warning.event_code.upper(), EventKind.OTHER)


@login_required
@require_POST
def create_event(request: HttpRequest, pk: int) -> HttpResponse:
    warning, municipalities = get_warning_for_event(request.user, pk)
    area = warning.geometry if area_problem(warning.geometry) is None else None
    name = f"{warning.headline or warning.event} – {warning.area_name}".strip(" –")[:200]
    try:
        event = decisions.create_event(
            name=name, kind=event_kind(warning), exercise=False, municipalities=municipalities,
            owner=municipalities[0], created_by_id=signed_in(request).pk,
            starts_at=warning.starts_at if warning.starts_at and warning.starts_at <= timezone.now() else None,
            area=area)
    except ValidationError:
        # The warned area could not be used as the event's area: start the event without it.
        event = decisions.create_event(
            name=name, kind=event_kind(warning), exercise=False, municipalities=municipalities,
            owner=municipalities[0], created_by_id=signed_in(request).pk)
    append(NewEntry(event=event, author_id=signed_in(request).pk, author_org=municipalities[0], kind=EntryKind.NOTE,
                    occurred_at=timezone.now(),
                    text=_("Event started from the warning: %(warning)s (%(source)s, received %(received)s).") % {
                        "warning": str(warning), "source": warning.get_source_display(),
                        "received": timezone.localtime(warning.received_at).strftime("%Y-%m-%d %H:%M")}))
    return redirect(event)
