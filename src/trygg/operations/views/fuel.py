"""An event's fuel tab: the fuel plan from the latest status reports, from now (issue 12, item 4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from trygg.operations import access
from trygg.operations.fuelplan import event_plan
from trygg.registry.views.fuelplan import render_plan


@login_required
def event_fuel(request: HttpRequest, pk: int) -> HttpResponse:
    """During an event: the simulation from the latest status reports, from now."""
    event = access.get_event(request.user, pk)
    points = list(access.situation_points(request.user, event))
    return render_plan(request, "registry/event_fuel.html", lambda a: event_plan(event, points, a),
                       {"event": event})
