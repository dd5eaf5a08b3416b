"""A registry point as residents see it: :func:`to_public_point` turns one row into a
:class:`~trygg.rules.public_info.PublicPoint` (a plain dataclass).

It needs only the registry, so both the public pages (:mod:`trygg.public.status`, which
decides which points are public and fetches many at once) and the operations layer's
suggested public text (:mod:`trygg.operations.public_text`) word a point the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trygg.registry.models import Plan, PlanEquipment, PlanFunction, Point, Site
from trygg.rules.public_info import PointStatus, PublicPoint, help_offered, parse_daily_hours


@dataclass(frozen=True)
class LiveState:
    """A point's state during an event, as the operations layer reports it.

    ``opening_hours`` replaces the planned hours while the event lasts;
    ``note`` is shown to residents ("Full: go to Föllinge instead").
    """

    status: PointStatus
    since: datetime | None = None
    note: str = ""
    opening_hours: str | None = None


@dataclass(frozen=True)
class PlanCodes:
    """A plan's function and equipment codes (quantity above zero), all a public page needs of it."""

    functions: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()


def plan_codes(plan_ids: Iterable[int], points: Any = None) -> dict[int, PlanCodes]:
    """Function and equipment codes per plan id, in two flat queries (no model instances: a surge builds this).

    ``points`` (a queryset of the points those plans belong to) selects the rows by subquery
    rather than by a list of ids: with the whole country's 20,000 plans the list costs seconds.
    """
    ids = list(plan_ids)
    where = {"plan__point__in": points.values("pk")} if points is not None else {"plan_id__in": ids}
    functions: dict[int, list[str]] = {}
    for plan_id, code in PlanFunction.objects.filter(**where).values_list("plan_id", "function"):
        functions.setdefault(plan_id, []).append(code)
    equipment: dict[int, list[str]] = {}
    rows = PlanEquipment.objects.filter(**where, quantity__gt=0).values_list("plan_id", "equipment")
    for plan_id, code in rows:
        equipment.setdefault(plan_id, []).append(code)
    return {i: PlanCodes(tuple(functions.get(i, ())), tuple(equipment.get(i, ()))) for i in ids}


def main_site(sites: list[Site]) -> Site | None:
    """``Point.main_site`` for sites already fetched: the first with a position, else the first."""
    return next((s for s in sites if s.has_position), sites[0] if sites else None)


def plan_id_of(point: Point) -> int | None:
    try:
        return point.plan.pk
    except Plan.DoesNotExist:
        return None


def alarms_112_in_outage(point: Point) -> bool:
    """Whether staff at the point can alarm 112 with power and the mobile network down (its comms path)."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        way = point.comms.sos_alarm
    except ObjectDoesNotExist:
        return False
    return bool(way) and way != "none"


def to_public_point(point: Point, live: LiveState | None = None, codes: PlanCodes | None = None,
                    sites: list[Site] | None = None) -> PublicPoint:
    """One registry point as residents see it.

    ``codes`` are its plan's codes and ``sites`` its sites when the caller fetched them for
    many points (:func:`plan_codes`, ``trygg.public.status._sites_by_point``); without them they are read here.
    """
    if codes is None:
        plan_id = plan_id_of(point)
        codes = plan_codes([plan_id])[plan_id] if plan_id is not None else PlanCodes()
    site = point.main_site() if sites is None else main_site(sites)
    hours = live.opening_hours if live and live.opening_hours is not None else point.opening_hours
    return PublicPoint(
        id=point.pk,
        ref=point.ref,
        name=point.name,
        kind=point.kind,
        municipality_code=point.municipality.scb_code,
        municipality_name=point.municipality.name,
        level=point.level,
        status=live.status if live else PointStatus.PLANNED,
        status_since=live.since if live else None,
        note=live.note if live else "",
        updated=point.updated,
        lat=site.lat if site else None,
        lon=site.lon if site else None,
        site_name=site.name if site else "",
        address=site.address if site else "",
        postal_code=site.postal_code if site else "",
        locality=site.locality if site else "",
        location_approximate=bool(site and site.location_approximate),
        opening_hours=hours,
        daily_hours=parse_daily_hours(hours),
        help=help_offered(codes.functions, codes.equipment),
        accessible=site.accessible if site else None,
        accessibility_notes=site.accessibility_notes if site else "",
        languages=tuple(point.language_list),
        capacity_day=point.capacity_day,
        capacity_night=point.capacity_night,
        alarms_112_in_outage=alarms_112_in_outage(point),
    )
