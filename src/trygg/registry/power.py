"""A registry point as the power model sees it (issue 4): its equipment, heating and generator.

The one bridge from rows to ``trygg.analysis.power``; the point page, the CLI
and the status picture call it.
"""

from __future__ import annotations

from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    HeatingSpec,
    HeatSource,
    Load,
    PointPowerSpec,
    PowerCheck,
    check_point,
)
from trygg.registry.models import Plan, Point, Site
from trygg.rules.catalogue import EQUIPMENT
from trygg.rules.levels import BackupPower

_GENERATOR_KIND = {BackupPower.FIXED: GeneratorKind.FIXED, BackupPower.CONNECTION_POINT: GeneratorKind.CONNECTION_POINT,
                   BackupPower.NONE: GeneratorKind.NONE}


def power_site(point: Point) -> Site | None:
    """The site whose generator feeds the point: a fixed set first, then a connection point."""
    sites = list(point.sites.all())
    for kind in (BackupPower.FIXED, BackupPower.CONNECTION_POINT):
        for site in sites:
            if site.backup_power == kind:
                return site
    return sites[0] if sites else None


def _loads(plan: Plan | None) -> tuple[Load, ...]:
    if plan is None:
        return ()
    loads = []
    for item in plan.equipment.all():
        entry = EQUIPMENT.get(item.equipment)
        if entry is None or entry.load_class is None or item.quantity == 0:
            continue
        kw = item.power_kw if item.power_kw is not None else entry.typical_power_kw
        if kw > 0:
            loads.append(Load(name=entry.name("sv"), load_class=entry.load_class, power_kw=kw, quantity=item.quantity))
    return tuple(loads)


def _plan_of(point: Point) -> Plan | None:
    """The point's plan: ``point.plan`` as a list page loaded it (select_related/prefetch), or None."""
    try:
        return point.plan
    except Plan.DoesNotExist:
        return None


#: What power_spec reads of a point: a list of points prefetches these once instead of per point.
POWER_PREFETCH = ("sites", "plan__equipment", "agreements")


def power_spec(point: Point) -> PointPowerSpec:
    site = power_site(point)
    plan = _plan_of(point)
    generator = GeneratorSpec()
    heating = None
    if site is not None:
        kind = _GENERATOR_KIND[BackupPower(site.backup_power)]
        if kind is GeneratorKind.FIXED:
            generator = GeneratorSpec(kind=kind, rated_kw=site.generator_kw, tank_l=site.tank_l or 0.0)
        elif kind is GeneratorKind.CONNECTION_POINT:
            agreed = any(a.subject == "backup_power" for a in point.agreements.all())  # prefetched on list pages
            generator = GeneratorSpec(kind=kind, mobile_agreement=agreed)
        if site.floor_area_m2 and site.heat_source:
            heating = HeatingSpec(floor_area_m2=site.floor_area_m2, heat_source=HeatSource(site.heat_source),
                                  district_heating_has_backup=bool(site.district_heating_backup))
    return PointPowerSpec(id=point.ref or str(point.pk), name=point.name, level=point.level, loads=_loads(plan),
                          heating=heating, generator=generator, priority_rank=point.priority_rank,
                          capacity_people=max(point.capacity_day, point.capacity_night))


def power_check(point: Point) -> PowerCheck:
    """Load budget, generator check and fuel endurance at the default winter outage."""
    return check_point(power_spec(point))
