"""A disruption's affected area on the registry: the points and residents inside it (issue 12, item 5; R4).

The area is built from what a coordinator has at hand — whole municipalities,
tätorter, a GeoJSON file or text, or an outline drawn on the map — and the
analysis (:mod:`trygg.analysis.disruption`) says which points lie inside,
which of them can still serve (own backup power), how many residents live
inside and how far they have to a point that still works. The residents come
from the same demand as the coverage page (a stored SCB grid, else the model),
named on the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

from trygg.analysis.demand_model import Locality
from trygg.analysis.disruption import DisruptionImpact, disruption_impact
from trygg.population.access import place_label
from trygg.population.coverage import ACTIVE_STATES, DEFAULT_DETOUR, point_sites
from trygg.population.demand import PopulationDemand, population_demand
from trygg.registry.models import Organisation, Point
from trygg.rules.levels import BackupPower

#: Residents inside the area are green on the map when a serving point is this near.
NEAR_KM = 10.0


@lru_cache(maxsize=1)
def bundled_localities() -> tuple[Locality, ...]:
    """All 2,017 tätorter of Sweden (SCB 2020) bundled with trygg, for choosing an area by name."""
    from trygg.formats.localities import sweden_localities

    return sweden_localities()


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def localities_of(municipalities: Iterable[Organisation]) -> list[Locality]:
    """The tätorter of the municipalities, in Swedish alphabetical order (å, ä, ö after z)."""
    codes = {m.scb_code for m in municipalities}
    chosen = (loc for loc in bundled_localities() if loc.municipality in codes)
    return sorted(chosen, key=lambda loc: unicodedata.normalize("NFC", loc.name).translate(_SWEDISH_ORDER).casefold())


def municipalities_area(municipalities: Sequence[Organisation]) -> shapely.Geometry | None:
    shapes = [shape(m.boundary) for m in municipalities if m.boundary]
    return shapely.union_all(shapes) if shapes else None


_TO_LONLAT = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def localities_area(localities: Sequence[Locality]) -> shapely.Geometry | None:
    """Each tätort as the circle of its area (plus the margin the demand model gives it), in lon/lat."""
    circles = [shapely.Point(loc.x_m, loc.y_m).buffer(loc.near_radius_m, quad_segs=16) for loc in localities]
    if not circles:
        return None
    return shapely.transform(shapely.union_all(circles), lambda xy: _as_lonlat(xy))


def _as_lonlat(xy: Any) -> Any:
    import numpy as np

    lon, lat = _TO_LONLAT.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def shape_of(geometry: dict[str, Any]) -> shapely.Geometry | None:
    """The shapely geometry of a GeoJSON geometry, or None when it cannot be built (the form says why)."""
    try:
        return shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError):
        return None


def union_area(parts: Iterable[shapely.Geometry | None]) -> dict[str, Any] | None:
    """The union of the parts as a GeoJSON geometry, or None when there is none."""
    present = [p for p in parts if p is not None and not p.is_empty]
    if not present:
        return None
    return mapping(shapely.union_all(present))


def _has_backup_power(point: Point) -> bool:
    site = point.main_site()
    return site is not None and site.backup_power == BackupPower.FIXED


@dataclass(frozen=True)
class DisruptionPage:
    area: dict[str, Any]
    impact: DisruptionImpact
    points: list[Point]  # the points placed on the map, in the impact's order
    source: PopulationDemand
    detour: float

    @property
    def inside_points(self) -> list[tuple[Point, bool]]:
        """(point, can still serve) of every point inside the area."""
        return [(p, bool(self.impact.point_serves[i])) for i, p in enumerate(self.points) if self.impact.point_inside[i]]

    @property
    def dark_points(self) -> int:
        return sum(1 for _, serves in self.inside_points if not serves)

    def bands(self) -> list[tuple[float, float]]:
        return [(km, self.impact.residents_within(km)) for km in self.impact.bands_km]

    def farthest(self, n: int = 20) -> list[dict[str, Any]]:
        """The resident points inside with the farthest way to a serving point, the most residents first."""
        import numpy as np

        demand = self.source.demand.subset(self._resident_mask())
        order = np.lexsort((-demand.population, -np.nan_to_num(self.impact.nearest_km, nan=np.inf)))[:n]
        rows = []
        for i in order:
            index = int(self.impact.nearest_index[i])
            km = self.impact.nearest_km[i]
            rows.append({"name": place_label(str(demand.ids[i])), "population": float(demand.population[i]),
                         "km": None if np.isnan(km) else float(km),
                         "nearest": self.points[index].name if index >= 0 else None})
        return rows

    def _resident_mask(self) -> Any:
        from trygg.analysis.disruption import inside

        area = shape(self.area)
        return inside(area, self.source.demand.lon, self.source.demand.lat)

    def map_features(self) -> list[dict[str, Any]]:
        import numpy as np

        features = []
        demand = self.source.demand.subset(self._resident_mask())
        for i in range(len(demand.ids)):
            km = self.impact.nearest_km[i]
            features.append(_feature(float(demand.lon[i]), float(demand.lat[i]), {
                "role": "demand", "name": place_label(str(demand.ids[i])), "population": round(float(demand.population[i])),
                "km": None if np.isnan(km) else round(float(km), 1), "covered": bool(km <= NEAR_KM)}))
        sites = [p.main_site() for p in self.points]
        for i, (point, site) in enumerate(zip(self.points, sites, strict=True)):
            position = site.position() if site is not None else None
            if position is None:
                continue
            features.append(_feature(*position, {
                "role": "disruption", "name": point.name, "url": point.get_absolute_url(), "level": point.level,
                "inside": bool(self.impact.point_inside[i]), "serves": bool(self.impact.point_serves[i])}))
        return features


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def disruption_page(area: dict[str, Any], municipality: Organisation | None,
                    points: Iterable[Point], detour: float = DEFAULT_DETOUR,
                    county: Organisation | None = None) -> DisruptionPage | None:
    """The analysis of ``area`` for one municipality (or ``county`` when None); None without a located point."""
    located = [p for p in points if p.state in ACTIVE_STATES and (s := p.main_site()) is not None and s.has_position]
    sites = point_sites(located)
    if sites is None:
        return None
    source = population_demand(municipality, county)
    impact = disruption_impact(shape(area), source.demand, sites, [_has_backup_power(p) for p in located], detour)
    return DisruptionPage(area, impact, located, source, detour)
