"""Store and fuel access: how far each resident is from a grocery store and a fuel station.

This is the measure behind SOT-punkter (R3, R4): a rural grocery store with
a fuel station next to it is the everyday service a SOT-punkt keeps running
in an outage. Tillväxtverket's reports on access to commercial and public
service ("Tillgänglighet till kommersiell och offentlig service", e.g.
Rapport 0249, 2018) describe the population by its distance to the nearest
grocery store (dagligvarubutik) and fuel station (drivmedelsstation); this
module gives, per municipality, the population-weighted distance to the
nearest of each and the share of the population beyond 5, 10 and 20 km
(configurable).

Distance is either straight line × detour factor in SWEREF 99 TM, or road
distance on an OSM network (:mod:`trygg.analysis.network`, ``weight="length"``);
with a road network the travel time to the nearest point by time is given too.
Every result carries :attr:`AccessResult.metric`, the words that say which
of the two produced a figure.

Service points come from the registry (the web layer turns its sites of the
kinds grocery store and fuel station into :class:`Sites`), from a POI list
(:func:`read_poi_csv`: CSV with name, kind, lat, lon) or from OpenStreetMap
(:func:`read_osm_pois`: ``shop=supermarket|convenience`` and
``amenity=fuel``), merged with :func:`merge_services`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.coverage import Sites, in_graph_crs
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import round_lonlat
from trygg.analysis.travel import ROAD_KM, STRAIGHT_LINE, check_detour, metric_label, nearest_sites
from trygg.data import municipality_names
from trygg.text import N_

if TYPE_CHECKING:
    from trygg.analysis.network import RoadGraph

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Distance bands, km, for the share of the population beyond each.
DEFAULT_THRESHOLDS_KM: tuple[float, ...] = (5.0, 10.0, 20.0)

#: Distance bands, km, of the distribution chart (residents within each), as
#: in Pipos Serviceanalys' distance classes.
DISTRIBUTION_BANDS_KM: tuple[float, ...] = (5.0, 10.0, 20.0, 30.0)

#: The two services of the analysis: a grocery store (dagligvarubutik) and a
#: fuel station (drivmedelsstation).
SERVICE_KINDS: tuple[str, ...] = ("grocery", "fuel")


@dataclass(frozen=True)
class ServiceAccess:
    """Nearest service point of one kind for every demand point.

    ``nearest_site`` is −1 and ``distance_m`` ``inf`` where the road network
    reaches no point of this kind.
    """

    kind: str
    sites: Sites
    nearest_site: IntArray
    distance_m: FloatArray
    #: Road travel time to the point nearest by time, minutes (road network only).
    minutes: FloatArray | None = None


def _weighted_mean(values: FloatArray, weights: FloatArray) -> float | None:
    finite = np.isfinite(values)
    if weights[finite].sum() <= 0:
        return None
    return float(np.average(values[finite], weights=weights[finite]))


@dataclass
class AccessResult:
    """Distances to the nearest service of each kind, with shares beyond thresholds."""

    demand: Demand
    services: dict[str, ServiceAccess]
    thresholds_km: tuple[float, ...]
    method: str
    detour: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def metric(self) -> str:
        """Which measure produced the distances: ``road km`` or ``straight line × 1.3``."""
        return self.metric_in("en")

    def metric_in(self, language: str) -> str:
        """:attr:`metric` in ``language`` (``"sv"`` or ``"en"``), from :func:`~trygg.analysis.travel.metric_label`."""
        if self.detour is None:
            return metric_label(ROAD_KM, language=language)
        return metric_label(STRAIGHT_LINE, self.detour, language)

    def population_within(
        self,
        kind: str,
        bands_km: Sequence[float] = DISTRIBUTION_BANDS_KM,
        mask: NDArray[np.bool_] | None = None,
    ) -> dict[str, float]:
        """Residents (in ``mask``) within each distance of the nearest ``kind``, persons.

        The counts are cumulative (within 10 km includes within 5 km), as
        in Pipos' distance classes; ``"beyond"`` holds the rest, including
        anyone whom the road network connects to no point of this kind.
        """
        service = self.services[kind]
        selected = np.ones(self.demand.n, dtype=bool) if mask is None else mask
        population = self.demand.population[selected]
        distance = service.distance_m[selected]
        counts = {
            f"{b:g}": float(population[distance <= b * 1000.0].sum())
            for b in _check_thresholds(bands_km)
        }
        counts["beyond"] = float(population.sum()) - max(counts.values(), default=0.0)
        return counts

    def shares_beyond(
        self, kind: str, mask: NDArray[np.bool_] | None = None
    ) -> dict[str, float | None]:
        """Share of the population (in ``mask``) farther than each threshold from ``kind``."""
        service = self.services[kind]
        selected = np.ones(self.demand.n, dtype=bool) if mask is None else mask
        population = self.demand.population[selected]
        total = float(population.sum())
        distance = service.distance_m[selected]
        return {
            f"{t:g}": (
                float(population[distance > t * 1000.0].sum()) / total if total > 0 else None
            )
            for t in self.thresholds_km
        }

    def summary(self, mask: NDArray[np.bool_]) -> dict[str, Any]:
        population = self.demand.population
        return {
            kind: {
                "mean_distance_km": _km(_weighted_mean(service.distance_m[mask], population[mask])),
                **(
                    {}
                    if service.minutes is None
                    else {"mean_minutes": _rounded(_weighted_mean(service.minutes[mask], population[mask]))}
                ),
                "share_beyond_km": self.shares_beyond(kind, mask),
                "population_beyond_km": {
                    f"{t:g}": float(population[mask & (service.distance_m > t * 1000.0)].sum())
                    for t in self.thresholds_km
                },
            }
            for kind, service in self.services.items()
        }

    def by_municipality(self) -> list[dict[str, Any]]:
        """Per kommun: population, mean distance and shares beyond each threshold, per kind."""
        names = municipality_names()
        rows = []
        for code in sorted({str(m) for m in self.demand.municipality}):
            mask = self.demand.municipality == code
            rows.append(
                {
                    "municipality": code,
                    "name": names.get(code, code or "unknown"),
                    "population": float(self.demand.population[mask].sum()),
                    **self.summary(mask),
                }
            )
        return rows

    def cells(self) -> list[dict[str, Any]]:
        """One row per demand point with the nearest point and distance (km) per kind."""
        rows = []
        for i in range(self.demand.n):
            row: dict[str, Any] = {
                "id": str(self.demand.ids[i]),
                "lon": round_lonlat(self.demand.lon[i]),
                "lat": round_lonlat(self.demand.lat[i]),
                "municipality": str(self.demand.municipality[i]),
                "population": float(self.demand.population[i]),
            }
            for kind, service in self.services.items():
                site = int(service.nearest_site[i])
                row[f"{kind}_nearest"] = service.sites.names[site] if site >= 0 else None
                row[f"{kind}_km"] = _km(float(service.distance_m[i]))
                if service.minutes is not None:
                    minutes = float(service.minutes[i])
                    row[f"{kind}_min"] = round(minutes, 1) if math.isfinite(minutes) else None
            rows.append(row)
        return rows

    def to_dict(self, include_cells: bool = False) -> dict[str, Any]:
        """JSON-ready figures: overall, by municipality and (optionally) per point."""
        everyone = np.ones(self.demand.n, dtype=bool)
        result: dict[str, Any] = {
            "method": self.method,
            "metric": self.metric,
            "detour": self.detour,
            "thresholds_km": list(self.thresholds_km),
            "demand": self.demand.to_dict(),
            "points": {kind: s.sites.n for kind, s in self.services.items()},
            "approximate_points": {
                kind: int(sum(s.sites.approximate)) for kind, s in self.services.items()
            },
            "overall": self.summary(everyone),
            "by_municipality": self.by_municipality(),
            "notes": self.notes,
        }
        if include_cells:
            result["cells"] = self.cells()
        return result


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _km(distance_m: float | None) -> float | None:
    if distance_m is None or not math.isfinite(distance_m):
        return None
    return round(distance_m / 1000.0, 3)


def _check_thresholds(thresholds_km: Sequence[float]) -> tuple[float, ...]:
    values = tuple(float(t) for t in thresholds_km)
    if not values or any(not (math.isfinite(t) and t > 0) for t in values):
        raise AnalysisError(N_("thresholds_km={thresholds_km} must be distances > 0 km", thresholds_km=repr(list(thresholds_km))))
    return tuple(sorted(values))


def service_access(
    demand: Demand,
    services: Mapping[str, Sites],
    thresholds_km: Sequence[float] = DEFAULT_THRESHOLDS_KM,
    detour: float = 1.0,
    graph: RoadGraph | None = None,
) -> AccessResult:
    """Distance from every demand point to the nearest service point of each kind.

    Parameters
    ----------
    demand : Demand
    services : mapping of str to Sites
        E.g. ``{"grocery": stores, "fuel": stations}``.
    thresholds_km : sequence of float
        Distance bands for the shares beyond, km.
    detour : float
        Road ÷ straight-line distance (straight-line method only).
    graph : RoadGraph, optional
        Measure road distance on this network instead (``detour`` unused).

    Examples
    --------
    >>> d = Demand.from_lonlat(["a", "b"], [14.64, 15.5], [63.18, 63.18], [100, 50])
    >>> s = Sites(["s"], ["Store"], np.array([14.64]), np.array([63.18]))
    >>> r = service_access(d, {"grocery": s})
    >>> r.shares_beyond("grocery")["20"]
    0.3333333333333333
    """
    thresholds = _check_thresholds(thresholds_km)
    if not services:
        raise AnalysisError(N_("no service points given (e.g. grocery stores and fuel stations)"))
    detour = check_detour(detour)
    result: dict[str, ServiceAccess] = {}
    for kind, sites in services.items():
        if graph is None:
            nearest = nearest_sites(demand.xy_m, sites.xy_m, detour=detour)
            result[kind] = ServiceAccess(kind, sites, nearest.site_index, nearest.distance_m)
        else:
            result[kind] = _road_access(kind, demand, sites, graph)
    method = "straight line × detour" if graph is None else "road network"
    return AccessResult(
        demand,
        result,
        thresholds,
        method,
        detour if graph is None else None,
        _missing_notes(demand, services),
    )


def _missing_notes(demand: Demand, services: Mapping[str, Sites]) -> list[str]:
    """Name the kommuner that have residents but no listed point of a kind."""
    names = municipality_names()
    notes = []
    with_people = {str(m) for m in demand.municipality if m}
    for kind, sites in services.items():
        if not any(sites.municipality):
            continue  # the points carry no kommun codes: nothing to compare
        missing = sorted(with_people - set(sites.municipality))
        if missing:
            listed = ", ".join(names.get(code, code) for code in missing)
            notes.append(
                f"no {kind} point listed in: {listed} (their distances run to a neighbour)"
            )
    return notes


def _road_access(kind: str, demand: Demand, sites: Sites, graph: RoadGraph) -> ServiceAccess:
    from trygg.analysis.network import nearest_sites_on_network

    demand_xy = in_graph_crs(demand.lon, demand.lat, demand.xy_m, graph)
    sites_xy = in_graph_crs(sites.lon, sites.lat, sites.xy_m, graph)
    nearest = nearest_sites_on_network(graph, demand_xy, sites_xy, weight="length")
    # The nearest point by time may be another one (a longer but faster road).
    fastest = nearest_sites_on_network(graph, demand_xy, sites_xy, weight="time")
    return ServiceAccess(kind, sites, nearest.site_index, nearest.cost, fastest.cost / 60.0)


# --- service points from several sources ---------------------------------------


def merge_services(*sources: Mapping[str, Sites]) -> dict[str, Sites]:
    """One :class:`Sites` per kind from several sources (registry, POI list, OSM).

    Points are kept as they are: a store listed both in the registry and in
    OpenStreetMap counts twice, which changes no nearest distance.
    """
    parts: dict[str, list[Sites]] = {}
    for source in sources:
        for kind, sites in source.items():
            parts.setdefault(kind, []).append(sites)
    return {kind: _concatenate(kind, items) for kind, items in parts.items()}


def _concatenate(kind: str, items: list[Sites]) -> Sites:
    if len(items) == 1:
        return items[0]
    return Sites(
        ids=[i for s in items for i in s.ids],
        names=[n for s in items for n in s.names],
        lon=np.concatenate([s.lon for s in items]),
        lat=np.concatenate([s.lat for s in items]),
        municipality=[m for s in items for m in s.municipality],
        kind=[kind] * sum(s.n for s in items),
        approximate=[a for s in items for a in s.approximate],
        source=" + ".join(s.source for s in items if s.source),
    )


# --- the bundled Jämtland service points ----------------------------------------

#: Locality names in the service list that GeoNames spells differently.
LOCALITY_ALIASES = {"storsjö": "storsjö kapell"}

#: A SOT-punkt has a full-assortment grocery store and a fuel station by the
#: minimum level (R3), so it counts as both.
KINDS_PROVIDING = {"grocery": ("grocery", "sot_punkt"), "fuel": ("fuel", "sot_punkt")}


@dataclass
class PlacedServices:
    """Service points placed at coordinates, and the rows that could not be placed."""

    by_kind: dict[str, Sites]
    unplaced: list[str]

    def notes(self) -> list[str]:
        """Caveats to print with any result built on these points."""
        notes = [
            "service points placed at their locality's SCB tätort point or GeoNames postal "
            "place (approximate, often 0.5–5 km off); the list is incomplete (no stores are "
            "listed for some towns), so distances are upper bounds, not Tillväxtverket's figures"
        ]
        if self.unplaced:
            notes.append(
                f"{len(self.unplaced)} rows could not be placed (locality not an SCB tätort "
                f"nor a GeoNames place with its own coordinates): {'; '.join(self.unplaced)}"
            )
        return notes


