"""An event's fuel plan: the registry's fuel plan from the points' latest status reports (issue 12, item 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trygg.analysis.power.registry_case import FuelPlanAssumptions, StatusRecord
from trygg.operations.models import Event, PointStatus
from trygg.registry.fuelplan import STOCKHOLM, FuelPlan, build_plan, scenario_ids
from trygg.registry.models import Organisation, Point


def event_plan(event: Event, points: Sequence[Point], assumptions: FuelPlanAssumptions,
               now: dt.datetime | None = None) -> FuelPlan:
    """The event's points from their latest status, starting at the current whole hour."""
    start = (now or dt.datetime.now(STOCKHOLM)).astimezone(STOCKHOLM).replace(minute=0, second=0, microsecond=0)
    points = list(Point.objects.filter(pk__in=[p.pk for p in points]).select_related("municipality")
                  .prefetch_related("sites").order_by("municipality__scb_code", "priority_rank", "name"))
    ids = scenario_ids(points)
    statuses = [StatusRecord(point_id=ids[s.point_id], power_source=s.power_source or "", fuel_l=s.fuel_l,
                             reported_at=s.last_report_at)
                for s in PointStatus.objects.filter(event=event, point__in=points)]
    municipalities = list(Organisation.objects.filter(pk__in={p.municipality_id for p in points}))
    return build_plan(str(event), points, municipalities, assumptions, start, statuses)
