"""Rows → the rules' plain dataclasses: the only bridge between the ORM and
``trygg.rules``. Views and the API call these; the rules never see a model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from trygg.registry.models import Plan, Point, Site
from trygg.rules.levels import BackupPower
from trygg.rules.readiness import PointPlan, Readiness, StaffNeed, check_readiness
from trygg.rules.sot import Business, SotFacts, SotResult, check_sot

# What ``readiness_of`` touches, for list views that score many points.
READINESS_PREFETCH = (
    "sites",
    "plan__functions",
    "plan__staffing",
    "plan__equipment",
)


def with_readiness_data(points: QuerySet[Point]) -> QuerySet[Point]:
    return points.select_related(
        "municipality", "plan", "sot_store", "sot_fuel_station", "sot_organisation", "comms"
    ).prefetch_related(*READINESS_PREFETCH)


def _plan_of(point: Point) -> Plan | None:
    try:
        return point.plan
    except Plan.DoesNotExist:
        return None


def _best_backup_power(sites: Iterable[Site]) -> BackupPower:
    kinds = {BackupPower(s.backup_power) for s in sites}
    for best in (BackupPower.FIXED, BackupPower.CONNECTION_POINT):
        if best in kinds:
            return best
    return BackupPower.NONE


def _fire_safety(sites: list[Site]) -> bool | None:
    """Approved if any site of the point is approved for 24-hour stay (people sleep there)."""
    values = [s.fire_safety_24h for s in sites]
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) or not values else False


def sos_alarm_of(point: Point) -> str | None:
    """How the point alarms 112 in an outage, from its communication paths; ``None`` when not recorded."""
    try:
        value = point.comms.sos_alarm
    except ObjectDoesNotExist:
        return None
    return value or None


def point_plan(point: Point) -> PointPlan:
    """The readiness input for ``point`` (an empty plan if it has none yet)."""
    sites = list(point.sites.all())
    plan = _plan_of(point)
    common = PointPlan(
        level=point.level,
        capacity_day=point.capacity_day,
        capacity_night=point.capacity_night,
        backup_power=_best_backup_power(sites),
        fire_safety_24h=_fire_safety(sites),
        manager_assigned=bool(point.manager_id or point.manager_name),
        sos_alarm=sos_alarm_of(point),
    )
    if plan is None:
        return common
    return replace(
        common,
        functions=frozenset(f.function for f in plan.functions.all()),
        equipment={e.equipment: e.quantity for e in plan.equipment.all()},
        staffing=tuple(StaffNeed(s.role, s.needed, s.assigned, s.overnight) for s in plan.staffing.all()),
        activation=plan.activation_answers(),
        fuel_arranged=plan.fuel_arranged,
    )


def readiness_of(point: Point) -> Readiness:
    return check_readiness(point_plan(point))


def _business(site: Site | None) -> Business | None:
    if site is None:
        return None
    return Business(name=site.name, full_assortment=site.full_assortment, year_round=site.year_round,
                    lat=site.lat, lon=site.lon)


def sot_facts(point: Point) -> SotFacts:
    store, fuel = point.sot_store, point.sot_fuel_station
    generator_sites = [s for s in (store, fuel) if s is not None]
    generator_present = True if any(s.backup_power == BackupPower.FIXED for s in generator_sites) else (
        False if generator_sites else None)
    org = point.sot_organisation
    return SotFacts(
        store=_business(store),
        fuel_station=_business(fuel),
        generator_present=generator_present,
        generator_feeds_store=point.sot_generator_feeds_store,
        generator_feeds_fuel=point.sot_generator_feeds_fuel,
        info_node=point.sot_info_node,
        command_place=point.sot_command_place,
        organisation_name=org.name if org else None,
        organisation_activates=point.sot_organisation_activates,
    )


def sot_result(point: Point, vicinity_m: float | None = None) -> SotResult | None:
    if not point.is_sot:
        return None
    return check_sot(sot_facts(point), vicinity_m or settings.SOT_VICINITY_M)


@dataclass(frozen=True)
class ScoredPoint:
    point: Point
    readiness: Readiness


def scored(points: Iterable[Point]) -> list[ScoredPoint]:
    return [ScoredPoint(p, readiness_of(p)) for p in points]
