"""The one place that decides what residents are told about each point.

:func:`public_points` turns registry rows into
:class:`~trygg.rules.public_info.PublicPoint` records (plain dataclasses),
in four queries whatever the number of points (sites and plan codes selected by
subquery, not by a list of every id). Every public page, feed,
poster and message reads points from here. One point's wording,
:func:`~trygg.registry.residents.to_public_point`, lives in the registry (it needs
nothing else), so the operations layer words its suggested public text the same way.

A point is public when staff marked it *published to residents* and it is
decided or ready. With no event running its status is ``planned``: it shows
where points will open and what they will offer. The operations layer
(issue 5) supplies the live state: set ``PUBLIC_LIVE_STATE`` to the dotted
path of a function returning ``{point id: LiveState}`` and
``PUBLIC_MESSAGES`` to one returning the list of
:class:`~trygg.rules.public_info.PublicMessage` for a municipality code (or
``None`` for all). Until then both are empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.module_loading import import_string

from trygg.analysis.geo import lonlat_to_xy
from trygg.registry.choices import OrganisationKind, PointState
from trygg.registry.models import Organisation, Point, Site
from trygg.registry.residents import (
    LiveState,
    PlanCodes,
    plan_codes,
    plan_id_of,
    to_public_point,
)
from trygg.rules.public_info import (
    Locality,
    PointStatus,
    PublicMessage,
    PublicPoint,
)

# Planning states in which a point marked public is shown to residents.
PUBLISHED_STATES = (PointState.DECIDED, PointState.READY)


@dataclass(frozen=True)
class PublicNotice:
    """A municipality's released public text about a running event (never a decision's internal reason)."""

    municipality_code: str
    municipality_name: str
    text: str
    text_en: str
    released_at: datetime

    def text_for(self, text_language: str) -> tuple[str, str]:
        """The text and its language for a page whose offered text language is ``text_language``."""
        return (self.text_en, "en") if text_language == "en" and self.text_en else (self.text, "sv")


def _provider(setting: str) -> Callable[..., Any] | None:
    path = getattr(settings, setting, "")
    return import_string(path) if path else None


def live_states() -> Mapping[int, LiveState]:
    """The current live state per point id; empty while no event is running."""
    provider = _provider("PUBLIC_LIVE_STATE")
    return provider() if provider else {}


def public_messages(municipality: str | None = None) -> list[PublicMessage]:
    """Public messages (openings, updates, closings), newest first; empty until operations supplies them."""
    provider = _provider("PUBLIC_MESSAGES")
    messages = list(provider(municipality)) if provider else []
    return sorted(messages, key=lambda m: m.sent, reverse=True)


def public_notices(municipality: str | None = None) -> list[PublicNotice]:
    """Released public texts of running real events (of one municipality, or all), newest first."""
    provider = _provider("PUBLIC_NOTICES")
    notices = list(provider(municipality)) if provider else []
    return sorted(notices, key=lambda n: n.released_at, reverse=True)


# Only the columns residents see: a page build under a surge loads no notes, plans' free text or power data.
_POINT_FIELDS = ("id", "ref", "name", "kind", "level", "updated", "opening_hours", "languages", "capacity_day",
                 "capacity_night", "priority_rank", "municipality__scb_code", "municipality__name", "plan__id",
                 "comms__id", "comms__sos_alarm")
_SITE_FIELDS = ("id", "name", "address", "postal_code", "locality", "lat", "lon", "location_approximate",
                "accessible", "accessibility_notes")


def _points_query(municipality: str | None, live_ids: Iterable[int], prefetch: bool = True) -> Any:
    shown = Q(state__in=PUBLISHED_STATES) | Q(pk__in=list(live_ids))
    points = (Point.objects.filter(shown, public=True)
              .select_related("municipality", "plan", "comms")
              .only(*_POINT_FIELDS)
              .order_by("municipality__name", "priority_rank", "name"))
    if prefetch:
        points = points.prefetch_related(Prefetch("sites", queryset=Site.objects.only(*_SITE_FIELDS)))
    return points.filter(municipality__scb_code=municipality) if municipality else points


def _sites_by_point(points: Any) -> dict[int, list[Site]]:
    """Each point's sites in ``Site``'s own order, in one query by subquery (what ``prefetch_related`` does
    with a list of every id, which nationally costs seconds)."""
    through = Point.sites.through
    rows = (through.objects.filter(point__in=points.values("pk"))
            .select_related("site").only("point_id", *(f"site__{name}" for name in _SITE_FIELDS))
            .order_by(*(f"site__{name}" for name in Site._meta.ordering or ())))
    out: dict[int, list[Site]] = {}
    for row in rows:
        out.setdefault(row.point_id, []).append(row.site)
    return out


def public_points(municipality: str | None = None) -> list[PublicPoint]:
    """Every public point (of one municipality, by SCB code, or of all), open ones first.

    Parameters
    ----------
    municipality : str, optional
        A 4-digit SCB municipality code.

    Returns
    -------
    list of PublicPoint
        Points that are open or full first, then planned, then closed; within
        each group by municipality, priority rank and name.
    """
    live = live_states()
    query = _points_query(municipality, live.keys(), prefetch=False)
    rows = list(query)
    codes = plan_codes((pid for pid in (plan_id_of(p) for p in rows) if pid is not None), query)
    sites = _sites_by_point(query)
    points = [to_public_point(p, live.get(p.pk), codes.get(plan_id_of(p) or -1, PlanCodes()), sites.get(p.pk, []))
              for p in rows]
    order = {PointStatus.OPEN: 0, PointStatus.FULL: 0, PointStatus.PLANNED: 1, PointStatus.CLOSED: 2}
    return sorted(points, key=lambda p: order[p.status])  # stable: keeps the query's order within a group


def public_point(pk: int) -> PublicPoint | None:
    """One public point by id, or ``None`` when it does not exist or is not public."""
    live = live_states()
    point = _points_query(None, live.keys()).filter(pk=pk).first()
    return to_public_point(point, live.get(point.pk)) if point else None


@dataclass(frozen=True)
class Area:
    """The county or a municipality, with the name residents know it by."""

    code: str
    name: str


def county() -> Area:
    """The county the system serves (the first county organisation), e.g. ("23", "Jämtlands län")."""
    org = Organisation.objects.filter(kind=OrganisationKind.COUNTY).order_by("scb_code").only("scb_code", "name").first()
    if org is None:
        return Area("", "")
    return Area(org.scb_code, org.name.removeprefix("Länsstyrelsen i ").removeprefix("Länsstyrelsen "))


def municipalities() -> list[Area]:
    """Municipalities with at least one public point, by name."""
    shown = Q(points__public=True) & Q(points__state__in=PUBLISHED_STATES)
    rows = Organisation.objects.filter(shown, kind=OrganisationKind.MUNICIPALITY).distinct().order_by("name")
    return [Area(m.scb_code, m.name) for m in rows.only("scb_code", "name")]


def municipality_names() -> dict[str, str]:
    """SCB code → name of every municipality."""
    return dict(Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).values_list("scb_code", "name"))


def municipality(code: str) -> Area | None:
    org = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=code).only("scb_code", "name").first()
    return Area(org.scb_code, org.name) if org else None


# --- localities and distances ----------------------------------------------------


@lru_cache(maxsize=1)
def localities() -> tuple[Locality, ...]:
    """The bundled SCB localities (tätorter 2020), by municipality code and name."""
    import json

    from trygg.data import data_path

    data = json.loads(data_path("jamtland_tatorter_2020.geojson").read_text(encoding="utf-8"))
    rows = [
        Locality(code=f["properties"]["tatortskod"], name=f["properties"]["namn"],
                 municipality_code=f["properties"]["kommun_kod"], lon=f["geometry"]["coordinates"][0],
                 lat=f["geometry"]["coordinates"][1], population=int(f["properties"].get("befolkning") or 0))
        for f in data["features"]
    ]
    return tuple(sorted(rows, key=lambda loc: (loc.municipality_code, loc.name)))


def locality(code: str) -> Locality | None:
    return next((loc for loc in localities() if loc.code == code), None)


def distances_m(points: list[PublicPoint], lon: float, lat: float) -> list[float | None]:
    """Straight-line distance from (lon, lat) to each point, m, measured in SWEREF 99 TM."""
    placed = [(p.id, p.lon, p.lat) for p in points if p.lon is not None and p.lat is not None]
    if not placed:
        return [None] * len(points)
    xs, ys = lonlat_to_xy([lon_ for _id, lon_, _lat in placed] + [lon], [lat_ for _id, _lon, lat_ in placed] + [lat])
    origin_x, origin_y = xs[-1], ys[-1]
    by_id = {pid: float(((x - origin_x) ** 2 + (y - origin_y) ** 2) ** 0.5)
             for (pid, _lon, _lat), x, y in zip(placed, xs, ys, strict=False)}
    return [by_id.get(p.id) for p in points]


def nearest_first(points: list[PublicPoint], lon: float, lat: float) -> list[tuple[PublicPoint, float | None]]:
    """Points with their distance from (lon, lat), m, nearest first (points without a position last)."""
    pairs = list(zip(points, distances_m(points, lon, lat), strict=True))
    return sorted(pairs, key=lambda pair: (pair[1] is None, pair[1] or 0.0))


def cap_sender(municipality_code: str) -> str:
    """The CAP sender id for a municipality's messages, e.g. ``kommun-2309@trygg.example.se``."""
    from urllib.parse import urlsplit

    domain = settings.PUBLIC_CAP_SENDER_DOMAIN or urlsplit(settings.PUBLIC_SITE_URL).hostname or "localhost"
    return f"kommun-{municipality_code}@{domain}"
