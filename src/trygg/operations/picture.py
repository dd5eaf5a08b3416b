"""The live situation picture: one row per point in an event, with silence flags."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from trygg.accounts.users import AnyUser
from trygg.operations.lifecycle import (
    DEFAULT_REPORT_INTERVAL_MIN,
    RECEIVING,
    OpState,
    power_label,
    state_label,
)
from trygg.operations.models import CommsPath, Event, PointStatus
from trygg.registry.models import Organisation, Point
from trygg.registry.power import POWER_PREFETCH

# States in which a point is expected to report on its interval.
REPORTING = RECEIVING | {OpState.STANDBY, OpState.OPENING, OpState.CLOSING}


def report_interval_min(point: Point) -> int:
    try:
        return point.comms.report_interval_min
    except CommsPath.DoesNotExist:
        return DEFAULT_REPORT_INTERVAL_MIN


def is_silent(status: PointStatus, interval_min: int, now: dt.datetime) -> bool:
    """A point that should report and has not within its interval, counted from its last
    contact, or from when it was activated if it never made contact."""
    if status.state not in REPORTING:
        return False
    last = status.last_contact_at or status.since
    return last is None or now - last > dt.timedelta(minutes=interval_min)


def fuel_hours(point: Point, fuel_l: float | None) -> float | None:
    """Hours the reported fuel lasts at the point's planned load (the power model's mean burn)."""
    if fuel_l is None:
        return None
    from trygg.analysis.power import PowerInputError
    from trygg.registry.power import power_check

    try:
        burn = float(power_check(point).l_per_h.mean())
    except PowerInputError:
        return None
    return round(fuel_l / burn, 1) if burn > 0 else None


@dataclass(frozen=True)
class Row:
    status: PointStatus
    silent: bool
    interval_min: int

    @cached_property
    def fuel_hours(self) -> float | None:
        """Computed only where shown: the overviews' silence flags never run the power model."""
        return fuel_hours(self.status.point, self.status.fuel_l)

    @property
    def state_label(self) -> str:
        return state_label(self.status.state)

    @property
    def power_label(self) -> str:
        return power_label(self.status.power_source)

    def as_dict(self) -> dict[str, Any]:
        s, p = self.status, self.status.point
        site = p.main_site()
        return {
            "point": p.pk, "name": p.name, "municipality": p.municipality.name, "state": s.state,
            "state_label": self.state_label, "power_label": self.power_label, "level": s.level or p.level,
            "people_present": s.people_present, "capacity_day": p.capacity_day, "capacity_night": p.capacity_night,
            "power_source": s.power_source or None, "fuel_l": s.fuel_l, "indoor_temp_c": s.indoor_temp_c,
            "fuel_hours": self.fuel_hours, "water": s.water or None, "staff_on_site": s.staff_on_site, "needs": s.needs, "problems": s.problems,
            "last_contact_at": s.last_contact_at.isoformat() if s.last_contact_at else None,
            "silent": self.silent, "report_interval_min": self.interval_min,
            "lon": site.lon if site else None, "lat": site.lat if site else None,
        }


def rows(event: Event, points: QuerySet[Point], now: dt.datetime | None = None) -> list[Row]:
    now = now or timezone.now()
    statuses = (PointStatus.objects.filter(event=event, point__in=points)
                .select_related("point", "point__municipality", "point__comms")
                .prefetch_related(*(f"point__{name}" for name in POWER_PREFETCH))
                .order_by("point__municipality__name", "point__name"))
    out = []
    for s in statuses:
        interval = report_interval_min(s.point)
        out.append(Row(s, is_silent(s, interval, now), interval))
    return out


def silent_points_for(user: AnyUser, points: QuerySet[Point]) -> list[Row]:
    """The silent points among ``points`` in the running events the user follows (``registry.hooks``)."""
    from trygg.operations import access

    return silent_points(access.visible_events(user), points)


def open_events_by_county(user: AnyUser, counties: Sequence[Organisation]) -> dict[int, int]:
    """County pk → running events the user follows in it (``registry.hooks``): an event over two
    municipalities of one county counts once for it, and once for each county it spans."""
    from trygg.operations import access

    pairs = set(access.visible_events(user).filter(ends_at__isnull=True, municipalities__parent__in=counties)
                .values_list("municipalities__parent", "pk"))
    counts = Counter(county_pk for county_pk, _event in pairs)
    return {county_pk: n for county_pk, n in counts.items() if county_pk is not None}


def silent_points(events: QuerySet[Event], points: QuerySet[Point], now: dt.datetime | None = None) -> list[Row]:
    """Every silent point in the given open events: what each overview flags."""
    return [row for event in events.filter(ends_at__isnull=True) for row in rows(event, points, now) if row.silent]
