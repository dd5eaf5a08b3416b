"""Store and fuel access from the registry (issue 12, Pipos-style service analysis).

The registry's sites of the kinds grocery store and fuel station become
``trygg.analysis`` Sites; the demand is an SCB grid when the caller gives
one, else the modelled Jämtland demand (labelled as modelled). Residents
are measured to the nearest store and station in the whole county, not only
in their own municipality: people shop across the municipal border, and a
border village's nearest store is often the neighbour's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext

from trygg.analysis.access import (
    DISTRIBUTION_BANDS_KM,
    SERVICE_KINDS,
    AccessResult,
    merge_services,
    service_access,
)
from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.formats.localities import modelled_jamtland_demand
from trygg.registry.models import Organisation, Site

#: The registry's site kind of each service.
SITE_KIND_OF_SERVICE: dict[str, str] = {"grocery": "grocery_store", "fuel": "fuel_station"}

#: Most demand markers on the map; a larger grid is drawn gathered into cells.
MAP_POINTS = 3_000

#: Road ÷ straight-line distance without a road network (the coverage page's
#: factor; see docs/needs-analysis.md for where 1.3 comes from).
DEFAULT_DETOUR = 1.3


@dataclass
class RegistryServices:
    """The registry's stores and fuel stations, and the sites left out for want of a position."""

    by_kind: dict[str, Sites]
    without_position: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        if not self.without_position:
            return []
        return [
            f"{len(self.without_position)} registry sites have no position and are not counted: "
            + "; ".join(self.without_position)
        ]


def registry_services(sites: Any = None) -> RegistryServices:
    """Grocery stores and fuel stations among ``sites`` (default: every site) as Sites."""
    queryset = Site.objects.all() if sites is None else sites
    queryset = queryset.filter(kind__in=SITE_KIND_OF_SERVICE.values()).select_related("municipality")
    by_kind: dict[str, Sites] = {}
    missing: list[str] = []
    for kind, site_kind in SITE_KIND_OF_SERVICE.items():
        rows = [s for s in queryset if s.kind == site_kind]
        missing += [f"{s.name} ({s.municipality.name})" for s in rows if not s.has_position]
        located = [s for s in rows if s.has_position]
        if located:
            by_kind[kind] = _as_sites(kind, located)
    return RegistryServices(by_kind, missing)


def _as_sites(kind: str, sites: list[Site]) -> Sites:
    return Sites(
        ids=[f"site:{s.pk}" for s in sites],
        names=[s.name for s in sites],
        lon=np.array([s.lon for s in sites], dtype=float),
        lat=np.array([s.lat for s in sites], dtype=float),
        municipality=[s.municipality.scb_code for s in sites],
        kind=[kind] * len(sites),
        approximate=[s.location_approximate for s in sites],
        source="registry",
    )


@lru_cache(maxsize=1)
def _modelled_county_demand() -> Demand:
    return modelled_jamtland_demand()


def registry_access(
    demand: Demand | None = None,
    extra: Mapping[str, Sites] | None = None,
    detour: float = DEFAULT_DETOUR,
    graph: Any = None,
    thresholds_km: tuple[float, ...] = DISTRIBUTION_BANDS_KM,
) -> AccessResult:
    """Access to the registry's stores and fuel stations (plus ``extra`` POIs) for ``demand``.

    Raises :class:`~trygg.analysis.errors.AnalysisError` when there is
    neither a store nor a fuel station to measure to.
    """
    return _access(registry_services(), demand, extra, detour, graph, thresholds_km)


def _access(
    services: RegistryServices,
    demand: Demand | None,
    extra: Mapping[str, Sites] | None,
    detour: float,
    graph: Any,
    thresholds_km: tuple[float, ...],
) -> AccessResult:
    merged = merge_services(services.by_kind, extra or {})
    result = service_access(
        demand if demand is not None else _modelled_county_demand(),
        {kind: merged[kind] for kind in SERVICE_KINDS if kind in merged},
        thresholds_km,
        detour,
        graph,
    )
    result.notes.extend(services.notes())
    return result


# --- the web page's figures ---------------------------------------------------


@dataclass(frozen=True)
class AccessPage:
    """What the access page shows for one municipality or the county (``mask``)."""

    result: AccessResult
    mask: np.ndarray
    #: Registry stores and fuel stations left out for want of a position: "name (municipality)".
    without_position: list[str] = field(default_factory=list)
    #: Where the residents come from (grid or model) and their group counts.
    source: Any = None

    def weighted_within(self, kind: str, km: float, weight: Any) -> tuple[float, float]:
        """(weighted residents within ``km`` of the nearest ``kind``, weighted residents in all)."""
        heavy = weight.apply(self.result.demand.population, self.source.groups[weight.group])[self.mask]
        distance = self.result.services[kind].distance_m[self.mask]
        return float(heavy[distance <= km * 1000.0].sum()), float(heavy.sum())

    @property
    def kinds(self) -> list[str]:
        return [k for k in SERVICE_KINDS if k in self.result.services]

    @property
    def population(self) -> float:
        return float(self.result.demand.population[self.mask].sum())

    def mean_km(self, kind: str) -> float | None:
        return self.result.summary(self.mask)[kind]["mean_distance_km"]

    def distribution(self) -> list[dict[str, Any]]:
        """Per kind: residents within each band (cumulative) and beyond the last."""
        rows = []
        for kind in self.kinds:
            counts = self.result.population_within(kind, DISTRIBUTION_BANDS_KM, self.mask)
            rows.append({"kind": kind, "mean_km": self.mean_km(kind), "population": self.population,
                         "within": [(b, counts[f"{b:g}"]) for b in DISTRIBUTION_BANDS_KM],
                         "beyond": counts["beyond"]})
        return rows

    def localities(self) -> list[dict[str, Any]]:
        """The table Pipos users expect: one row per locality, the most residents first."""
        indices = np.flatnonzero(self.mask)
        cells = self.result.cells()
        rows = [cells[i] | {"place": place_label(cells[i]["id"]), "modelled": self.result.demand.modelled}
                for i in indices]
        return sorted(rows, key=lambda r: -r["population"])

    def shown_sites(self, kind: str) -> list[int]:
        """The points of ``kind`` in the area or nearest to one of its residents.

        The map of a municipality then shows its own stores and the neighbours'
        that its residents use, not every store in the county.
        """
        service = self.result.services[kind]
        nearest = {int(i) for i in service.nearest_site[self.mask] if i >= 0}
        codes = set(self.result.demand.municipality[self.mask])
        return [i for i in range(service.sites.n) if i in nearest or service.sites.municipality[i] in codes]

    def map_features(self, within_km: float = 10.0) -> list[dict[str, Any]]:
        """Demand points (green within ``within_km`` of a store, red beyond) and the services.

        A grid of more than :data:`MAP_POINTS` squares is drawn gathered into 1–20 km cells.
        """
        if int(self.mask.sum()) > MAP_POINTS:
            features = self._gathered_features(within_km)
        else:
            features = [
                _feature(row["lon"], row["lat"], {
                    "role": "demand", "name": row["place"], "population": round(row["population"]),
                    "covered": row.get("grocery_km") is not None and row["grocery_km"] <= within_km,
                    "km": None if row.get("grocery_km") is None else round(row["grocery_km"], 1),
                })
                for row in self.localities()
            ]
        for kind in self.kinds:
            service = self.result.services[kind]
            sites = service.sites
            features += [_feature(float(sites.lon[i]), float(sites.lat[i]),
                                  {"name": sites.names[i], "service": kind, "approximate": sites.approximate[i]})
                         for i in self.shown_sites(kind)]
        return features


    def _gathered_features(self, within_km: float) -> list[dict[str, Any]]:
        from django.utils.translation import ngettext

        from trygg.analysis.demand_grid import gather_in_cells
        from trygg.analysis.geo import xy_to_lonlat

        demand = self.result.demand.subset(self.mask)
        people = demand.population
        gathered, size = gather_in_cells(demand.x_m, demand.y_m, people, MAP_POINTS)
        distance = self.result.services["grocery"].distance_m[self.mask] if "grocery" in self.kinds else None
        lon, lat = xy_to_lonlat(gathered.x_m, gathered.y_m)
        near = gathered.sum(np.where(distance <= within_km * 1000, people, 0.0)) if distance is not None else None
        km = None
        if distance is not None:
            finite = np.isfinite(distance)
            km = gathered.mean(np.where(finite, distance, 0.0) / 1000, np.where(finite, people, 0.0))
        features = []
        for i in range(gathered.n_cells):
            n = int(gathered.points[i])
            features.append(_feature(float(lon[i]), float(lat[i]), {
                "role": "demand", "population": round(float(gathered.population[i])),
                "name": ngettext("%(n)s square (%(km)s km cell)", "%(n)s squares (%(km)s km cell)", n)
                % {"n": n, "km": f"{size / 1000:g}"},
                "covered": bool(near is not None and near[i] >= 0.5 * gathered.population[i] > 0),
                "km": None if km is None or not np.isfinite(km[i]) else round(float(km[i]), 1)}))
        return features


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": properties}


def place_label(demand_id: str) -> str:
    """A demand point's name for a page, in the user's language.

    ``tatort:2380TC114:Östersund`` → "Östersund", ``place:2309:Valsjöbyn`` →
    "Valsjöbyn", ``rural:2380:Lit`` → "Landsbygden kring Lit" (the modelled
    countryside of a tätort, a point of its own); a grid square's id stays as it is.
    """
    kind, _, rest = demand_id.partition(":")
    name = rest.rsplit(":", 1)[-1] if rest else demand_id
    if kind == "rural":
        return gettext("Countryside around %(name)s") % {"name": name}
    return name if kind in ("tatort", "place") else demand_id


def access_page(municipality: Organisation | None = None, county: Organisation | None = None) -> AccessPage:
    """``county``'s access figures (municipality None), or one municipality's (its residents only).

    The residents are the stored SCB grid's when there is one (the
    municipality's own, else its county's), else that municipality's or
    county's modelled demand; the nearest store is searched in the whole
    county either way.
    """
    from trygg.population.demand import population_demand
    from trygg.registry.roads import configured_road_graph

    # The stores and stations of the page's county (a municipality's neighbours count, another county's
    # do not: neither its figures nor its site names belong on this county's page).
    county_pk = municipality.parent_id if municipality is not None else (county.pk if county else None)
    services = registry_services(None if county_pk is None else Site.objects.filter(municipality__parent_id=county_pk))
    source = population_demand(municipality, county)
    graph = configured_road_graph()  # TRYGG_ROAD_PBF: road km; else straight line × DEFAULT_DETOUR
    result = _access(services, source.demand, None, DEFAULT_DETOUR, graph, DISTRIBUTION_BANDS_KM)
    mask = np.ones(result.demand.n, dtype=bool)
    return AccessPage(result, mask, services.without_position, source)
