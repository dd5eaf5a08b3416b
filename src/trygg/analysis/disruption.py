"""A disruption's affected area: which points and residents lie inside it, and who can still serve them.

R4 asks the needs analysis to tie disruptions to points: an outage, a storm
or a flood hits an area; the points inside it may be out of action and the
residents inside it need a point that still works. A point *can still serve*
when it lies outside the area, or inside it with its own backup power (the
rule for a power or heating outage: a point without backup power inside the
outage area is dark). Distances are straight line × detour factor, like the
coverage page without a road network.

Pure layer: arrays and shapely geometries in WGS 84 (longitude, latitude).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from trygg.analysis.coverage import Sites
from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.analysis.travel import nearest_sites
from trygg.text import N_

#: The distance bands (km) the page reports for residents inside the area.
BANDS_KM = (5.0, 10.0, 20.0, 30.0)


@dataclass(frozen=True)
class DisruptionImpact:
    """What an affected area means for the points and the residents.

    ``point_inside`` and ``point_serves`` are per point of the ``Sites`` given;
    the residents' figures are over the demand points inside the area.
    ``nearest_km`` is the distance from each resident point inside to the
    nearest point that can still serve (NaN when none can).
    """

    point_inside: NDArray[np.bool_]
    point_serves: NDArray[np.bool_]
    residents_inside: float
    resident_points_inside: int
    nearest_km: NDArray[np.float64]
    nearest_index: NDArray[np.intp]
    population_inside: NDArray[np.float64]
    bands_km: tuple[float, ...]

    def residents_within(self, km: float) -> float:
        """Residents inside the area who have a serving point within ``km``."""
        reach = np.nan_to_num(self.nearest_km, nan=np.inf) <= km
        return float(self.population_inside[reach].sum())

    def residents_without_service(self) -> float:
        """Residents inside the area with no serving point at all (no point can serve)."""
        return float(self.population_inside[np.isnan(self.nearest_km)].sum())


def inside(area: shapely.Geometry, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which positions lie in ``area`` (its boundary counts as inside)."""
    if len(lon) == 0:
        return np.zeros(0, dtype=bool)
    shapely.prepare(area)
    return np.asarray(shapely.intersects_xy(area, np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)))


def disruption_impact(area: shapely.Geometry, demand: Demand, points: Sites, backup_power: Sequence[bool],
                      detour: float, bands_km: tuple[float, ...] = BANDS_KM) -> DisruptionImpact:
    """The impact of a disruption over ``area`` on ``points`` and the residents of ``demand``."""
    if len(backup_power) != len(points.ids):
        raise AnalysisError(N_("backup_power needs one value per point"))
    point_inside = inside(area, points.lon, points.lat)
    point_serves = ~point_inside | np.asarray(backup_power, dtype=bool)
    resident_inside = inside(area, demand.lon, demand.lat)
    population = np.asarray(demand.population, dtype=float)[resident_inside]
    nearest_km = np.full(len(population), np.nan)
    nearest_index = np.full(len(population), -1, dtype=np.intp)
    serving = np.flatnonzero(point_serves)
    if len(serving) and len(population):
        found = nearest_sites(demand.xy_m[resident_inside], points.xy_m[serving], detour=detour)
        nearest_km = found.distance_m / 1000.0
        nearest_index = serving[found.site_index]
    return DisruptionImpact(point_inside, point_serves, float(population.sum()), int(resident_inside.sum()),
                            nearest_km, nearest_index, population, bands_km)
