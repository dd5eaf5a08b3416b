"""The fuel plan (Bränsleplan) from the registry: gather records, run the scenario (issue 12, item 4).

The one bridge from rows to :mod:`trygg.analysis.power.registry_case`: the
fuel plan page, the event's fuel tab (:mod:`trygg.operations.fuelplan`, which adds
the event's status reports) and ``trygg scenario run --from-db`` call it. Nothing
here computes; it reads rows into plain records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from trygg.analysis.power import PowerInputError, ScenarioRun
from trygg.analysis.power.registry_case import (
    FuelPlanAssumptions,
    LeftOut,
    PlanPoint,
    RegistryCase,
    StationRecord,
    StatusRecord,
    registry_scenario,
)
from trygg.analysis.power.run import Progress
from trygg.registry.models import Organisation, Point, Site
from trygg.registry.power import power_spec
from trygg.rules.levels import BackupPower
from trygg.shared.history import acting_as

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PLAN_START_HOUR = 6  # a planned outage starts at 06:00 local time (a storm night's morning); stated


@dataclass
class FuelPlan:
    """A solved fuel plan and the registry rows behind its ids."""

    case: RegistryCase
    run: ScenarioRun
    points: dict[str, Point]  # scenario point id → registry point

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        return self.case.left_out


def default_start(today: dt.date | None = None) -> dt.datetime:
    """Today at 06:00 in Europe/Stockholm: the planned outage's start."""
    day = today or dt.datetime.now(STOCKHOLM).date()
    return dt.datetime.combine(day, dt.time(PLAN_START_HOUR), tzinfo=STOCKHOLM)


def ordered_points(municipality: Organisation) -> list[Point]:
    """The municipality's points in priority order: ranked ones by rank, then the rest by name."""
    points = list(Point.objects.filter(municipality=municipality).prefetch_related("sites").order_by("name"))
    return sorted(points, key=lambda p: (p.priority_rank is None, p.priority_rank or 0, p.name))


def save_priority_order(municipality: Organisation, order: Sequence[int], user: object) -> int:
    """Renumber the municipality's points 1…n in ``order`` (point ids), all or nothing.

    Returns how many points changed rank; each change is a history row by ``user``.
    """
    wanted = {pk: rank for rank, pk in enumerate(order, start=1)}
    with transaction.atomic(), acting_as(user, reason="priority order"):
        points = list(Point.objects.select_for_update().filter(municipality=municipality))
        if {p.pk for p in points} != set(wanted):
            raise ValueError("the list of points changed meanwhile")
        changed = [p for p in points if p.priority_rank != wanted[p.pk]]
        # Clear first (NULL never collides), so the unique (municipality, rank) holds at every step.
        Point.objects.filter(pk__in=[p.pk for p in changed]).update(priority_rank=None)
        for p in changed:
            p.priority_rank = wanted[p.pk]
            p.save(update_fields=["priority_rank", "updated"])
    return len(changed)


def _position(point: Point) -> tuple[float | None, float | None]:
    site = point.main_site()
    if site is None or not site.has_position:
        return None, None
    return site.lon, site.lat


def scenario_ids(points: Sequence[Point]) -> dict[int, str]:
    """A unique id per point: its reference, prefixed by the municipality code where refs collide."""
    base = {p.pk: p.ref or f"point-{p.pk}" for p in points}
    seen: dict[str, int] = {}
    for ident in base.values():
        seen[ident] = seen.get(ident, 0) + 1
    return {p.pk: (f"{p.municipality.scb_code}-{base[p.pk]}" if seen[base[p.pk]] > 1 else base[p.pk])
            for p in points}


#: Why a point or station is not in the plan, in words (LeftOut.reason is the code).
LEFT_OUT_REASONS = {
    "no_position": gettext_lazy("no position (none of its sites is placed on the map)"),
    "on_mains": gettext_lazy("on mains power according to its latest report"),
    "invalid": gettext_lazy("its backup power data cannot be used"),
}


def left_out_reason(left_out: LeftOut) -> str:
    """Why ``left_out`` is not simulated, in the active language: the reason, and the detail when there is one."""
    reason = str(LEFT_OUT_REASONS.get(left_out.reason, left_out.reason))
    return f"{reason}: {left_out.detail.render(translation)}" if left_out.detail else reason


def plan_points(points: Sequence[Point]) -> tuple[list[PlanPoint], dict[str, Point], list[LeftOut]]:
    """Plain records of the points; a point whose power data the model refuses is left out, with why."""
    ids = scenario_ids(points)
    records, by_id, invalid = [], {}, []
    for p in points:
        try:
            spec = power_spec(p)
        except PowerInputError as err:
            invalid.append(LeftOut(ids[p.pk], p.name, "invalid", err.message))
            continue
        spec = replace(spec, id=ids[p.pk])
        lon, lat = _position(p)
        records.append(PlanPoint(spec=spec, municipality_code=p.municipality.scb_code, lon=lon, lat=lat))
        by_id[ids[p.pk]] = p
    return records, by_id, invalid


def station_records(municipalities: Iterable[Organisation], by_id: dict[str, Point]) -> list[StationRecord]:
    """The fuel stations of the municipalities, with what powers their pumps."""
    feeding = {p.sot_fuel_station_id: ident for ident, p in by_id.items()
               if p.sot_fuel_station_id and p.sot_generator_feeds_fuel}
    sites = Site.objects.filter(kind="fuel_station", municipality__in=list(municipalities)).select_related(
        "municipality").order_by("name")
    return [StationRecord(id=f"station-{s.pk}", name=s.name, municipality_code=s.municipality.scb_code,
                          lon=s.lon, lat=s.lat, own_backup=s.backup_power == BackupPower.FIXED,
                          powered_by=feeding.get(s.pk))
            for s in sites]


def _points_of(municipalities: Sequence[Organisation]) -> list[Point]:
    return list(Point.objects.filter(municipality__in=municipalities).select_related("municipality")
                .prefetch_related("sites").order_by("municipality__scb_code", "priority_rank", "name"))


def build_plan(
    name: str,
    points: Sequence[Point],
    municipalities: Sequence[Organisation],
    assumptions: FuelPlanAssumptions,
    start: dt.datetime,
    statuses: Sequence[StatusRecord] | None = None,
    keep_open: bool = True,
    progress: Progress | None = None,
) -> FuelPlan:
    """Gather, build and solve. Raises PowerInputError when nothing can be simulated.

    ``progress`` follows the simulation (:data:`trygg.analysis.power.run.Progress`): a job's row, the CLI's bar.
    """
    records, by_id, invalid = plan_points(points)
    stations = station_records(municipalities, by_id)
    case = registry_scenario(name, start, records, stations, assumptions, statuses)
    case = RegistryCase(case.scenario, case.assumptions, tuple(invalid) + case.left_out, case.stations,
                        case.reported_fuel)
    run = ScenarioRun(case.scenario, keep_open=keep_open, progress=progress).solve()
    return FuelPlan(case, run, by_id)


def municipality_plan(municipality: Organisation, assumptions: FuelPlanAssumptions,
                      start: dt.datetime | None = None, progress: Progress | None = None) -> FuelPlan:
    return build_plan(f"Bränsleplan {municipality.name}", _points_of([municipality]), [municipality],
                      assumptions, start or default_start(), progress=progress)


def county_plan(municipalities: Sequence[Organisation], assumptions: FuelPlanAssumptions,
                start: dt.datetime | None = None, progress: Progress | None = None) -> FuelPlan:
    return build_plan("Bränsleplan länet", _points_of(municipalities), municipalities, assumptions,
                      start or default_start(), progress=progress)
