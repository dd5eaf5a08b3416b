"""Population demand: where people live, how many, and who is vulnerable (R4).

A :class:`Demand` is a set of demand points (grid-square centres, address
points, locality points) as plain arrays: coordinates in SWEREF 99 TM metres
and WGS 84 degrees, total population, optional counts per vulnerable group
and the municipality code. The readers in :mod:`trygg.formats.demand` build it from

* SCB's open population grid (1 km or 250 m squares; CSV or GeoPackage),
  identified by SCB's 13-digit square id or by corner coordinates;
* any points or polygons with a population field (GeoJSON or CSV);
* a *modelled* demand for Jämtland from SCB localities and municipal totals
  (:func:`modelled_jamtland_demand`, labelled ``modelled=True``).

Weighted demand (the ``weight`` the location models maximise or serve) is::

    weighted_i = population_i + Σ_g weight_g × count_{g,i}

over the vulnerable groups g whose counts are known (:class:`VulnerabilityWeights`).
A person in two groups (an elderly person with a disability) is counted in
both, on purpose: each group's need adds to the person's weight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import (
    SWEREF99TM,
    lonlat_to_xy,
    xy_to_lonlat,
)
from trygg.text import N_

FloatArray = NDArray[np.float64]
StrArray = NDArray[np.object_]

#: The vulnerable groups the MSB handbook names for trygghetspunkter: children
#: and young people (0–17), the elderly (65+), people with another mother
#: tongue than Swedish, and people with disabilities.
GROUPS: tuple[str, ...] = ("children", "elderly", "other_mother_tongue", "disability")

GROUP_LABELS: dict[str, str] = {
    "children": "children and young people 0–17",
    "elderly": "elderly 65+",
    "other_mother_tongue": "another mother tongue than Swedish",
    "disability": "people with disabilities",
}

CHILD_MAX_AGE = 17
ELDERLY_MIN_AGE = 65


@dataclass(frozen=True)
class VulnerabilityWeights:
    """Extra weight per person in each vulnerable group (dimensionless).

    The groups are those the MSB handbook on trygghetspunkter asks
    municipalities to weigh in the needs analysis (REQUIREMENTS R4: children
    and young people, the elderly, people with another mother tongue than
    Swedish, people with disabilities). The handbook gives no numbers: the
    weights are a **policy choice** of the municipality. The default of 1.0
    for every group is an **assumption** — a person in a group counts twice,
    and no group is ranked above another, since no source ranks them.

    Examples
    --------
    >>> VulnerabilityWeights(elderly=2.0).as_dict()["elderly"]
    2.0
    """

    children: float = 1.0
    elderly: float = 1.0
    other_mother_tongue: float = 1.0
    disability: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise AnalysisError(N_("vulnerability weight {name}={value!r} must be a number ≥ 0", name=f.name, value=value))

    def as_dict(self) -> dict[str, float]:
        """The weights by group name."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Demand:
    """Demand points with population, vulnerable-group counts and municipality.

    Attributes
    ----------
    ids : ndarray of str
        One id per point (an SCB square id, a feature id or a generated one).
    x_m, y_m : ndarray of float
        SWEREF 99 TM (EPSG:3006) easting and northing, m.
    lon, lat : ndarray of float
        WGS 84 degrees of the same points.
    population : ndarray of float
        Residents per point (persons, ≥ 0).
    municipality : ndarray of str
        Four-digit SCB kommun code per point, ``""`` where unknown.
    groups : dict of str to ndarray
        Persons per point in each vulnerable group of :data:`GROUPS` whose
        counts are known; a group missing from the dict is *unknown*, which
        is not the same as zero.
    modelled : bool
        True when the points are a model, not observed (registered) residents.
    note : str
        How the points were made, with sources and limits.
    """

    ids: StrArray
    x_m: FloatArray
    y_m: FloatArray
    lon: FloatArray
    lat: FloatArray
    population: FloatArray
    municipality: StrArray
    groups: dict[str, FloatArray] = field(default_factory=dict)
    modelled: bool = False
    note: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("x_m", "y_m", "lon", "lat", "population", "municipality"):
            if len(getattr(self, name)) != n:
                raise AnalysisError(
                    N_("Demand: {name} has {getattr_count} values, ids {n}", name=name, getattr_count=len(getattr(self, name)), n=n)
                )
        for name, counts in self.groups.items():
            if name not in GROUPS:
                raise AnalysisError(N_("Demand: unknown group {name!r} (known: {value})", name=name, value=', '.join(GROUPS)))
            if len(counts) != n:
                raise AnalysisError(N_("Demand: group {name} has {counts_count} values, ids {n}", name=name, counts_count=len(counts), n=n))
        if n == 0:
            raise AnalysisError(N_("{value}: no demand points", value=self.source or 'demand'))
        _check_counts(self.population, self.source or "demand", "population")

    @classmethod
    def from_xy(
        cls,
        ids: Sequence[Any],
        x_m: Sequence[float] | FloatArray,
        y_m: Sequence[float] | FloatArray,
        population: Sequence[float] | FloatArray,
        municipality: Sequence[str] | None = None,
        groups: Mapping[str, Sequence[float] | FloatArray] | None = None,
        crs: str = SWEREF99TM,
        **kwargs: Any,
    ) -> Demand:
        """Build a Demand from projected coordinates (m), filling lon/lat."""
        x = np.asarray(x_m, dtype=np.float64)
        y = np.asarray(y_m, dtype=np.float64)
        if crs != SWEREF99TM:
            lon, lat = xy_to_lonlat(x, y, crs)
            x, y = lonlat_to_xy(lon, lat)
        else:
            lon, lat = xy_to_lonlat(x, y)
        return cls(
            ids=np.asarray([str(i) for i in ids], dtype=object),
            x_m=x,
            y_m=y,
            lon=lon,
            lat=lat,
            population=np.asarray(population, dtype=np.float64),
            municipality=_municipality_array(municipality, len(x)),
            groups={k: np.asarray(v, dtype=np.float64) for k, v in (groups or {}).items()},
            **kwargs,
        )

    @classmethod
    def from_lonlat(
        cls,
        ids: Sequence[Any],
        lon: Sequence[float] | FloatArray,
        lat: Sequence[float] | FloatArray,
        population: Sequence[float] | FloatArray,
        municipality: Sequence[str] | None = None,
        groups: Mapping[str, Sequence[float] | FloatArray] | None = None,
        **kwargs: Any,
    ) -> Demand:
        """Build a Demand from WGS 84 degrees, projecting to SWEREF 99 TM."""
        lon_a = np.asarray(lon, dtype=np.float64)
        lat_a = np.asarray(lat, dtype=np.float64)
        x, y = lonlat_to_xy(lon_a, lat_a)
        return cls(
            ids=np.asarray([str(i) for i in ids], dtype=object),
            x_m=x,
            y_m=y,
            lon=lon_a,
            lat=lat_a,
            population=np.asarray(population, dtype=np.float64),
            municipality=_municipality_array(municipality, len(x)),
            groups={k: np.asarray(v, dtype=np.float64) for k, v in (groups or {}).items()},
            **kwargs,
        )

    @property
    def n(self) -> int:
        """Number of demand points."""
        return len(self.ids)

    @property
    def total_population(self) -> float:
        """Sum of residents over all points (persons)."""
        return float(self.population.sum())

    @property
    def xy_m(self) -> FloatArray:
        """Coordinates as an (n, 2) array of SWEREF 99 TM metres."""
        return np.column_stack([self.x_m, self.y_m])

    def weighted_population(self, weights: VulnerabilityWeights | None = None) -> FloatArray:
        """Population plus the weighted counts of the known vulnerable groups.

        ``weighted_i = population_i + Σ_g weight_g × count_{g,i}``; groups
        whose counts are unknown add nothing.
        """
        weights = weights or VulnerabilityWeights()
        total = self.population.astype(np.float64, copy=True)
        for name, counts in self.groups.items():
            total += getattr(weights, name) * counts
        return total

    def subset(self, mask: NDArray[np.bool_] | NDArray[np.intp]) -> Demand:
        """The points selected by a boolean mask or an index array."""
        return replace(
            self,
            ids=self.ids[mask],
            x_m=self.x_m[mask],
            y_m=self.y_m[mask],
            lon=self.lon[mask],
            lat=self.lat[mask],
            population=self.population[mask],
            municipality=self.municipality[mask],
            groups={k: v[mask] for k, v in self.groups.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no per-point arrays)."""
        return {
            "points": self.n,
            "population": self.total_population,
            "groups": {
                g: float(self.groups[g].sum()) if g in self.groups else None for g in GROUPS
            },
            "municipalities": sorted({str(m) for m in self.municipality if m}),
            "modelled": self.modelled,
            "note": self.note,
            "source": self.source,
        }


def _municipality_array(values: Sequence[str] | None, n: int) -> StrArray:
    if values is None:
        return np.full(n, "", dtype=object)
    return np.asarray(["" if v is None else str(v) for v in values], dtype=object)


def _check_counts(values: FloatArray, source: str, field_name: str) -> None:
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise AnalysisError(
            N_("{source}, point {value}: {field_name}={values:g} must be a number ≥ 0", source=source, value=i + 1, field_name=field_name, values=values[i])
        )


# --- municipalities ---------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityBoundaries:
    """Kommun polygons in SWEREF 99 TM, by four-digit SCB code."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    polygons_m: tuple[shapely.Geometry, ...]

    def name_of(self, code: str) -> str:
        """The kommun name for a code, or the code itself when unknown."""
        return dict(zip(self.codes, self.names, strict=True)).get(code, code)


def assign_municipalities(
    x_m: FloatArray,
    y_m: FloatArray,
    boundaries: MunicipalityBoundaries,
    max_gap_m: float = 10_000.0,
) -> StrArray:
    """The kommun code of each point by point-in-polygon (SWEREF 99 TM, m).

    A point in no polygon (generalised boundaries cut corners along lakes and
    borders) gets the nearest polygon within ``max_gap_m``, else ``""``.
    """
    tree = shapely.STRtree(list(boundaries.polygons_m))
    points = shapely.points(x_m, y_m)
    result = np.full(len(points), "", dtype=object)
    point_idx, poly_idx = tree.query(points, predicate="within")
    result[point_idx] = np.asarray(boundaries.codes, dtype=object)[poly_idx]
    missing = np.flatnonzero(result == "")
    if missing.size and max_gap_m > 0:
        near_point, near_poly = tree.query_nearest(points[missing], max_distance=max_gap_m)
        result[missing[near_point]] = np.asarray(boundaries.codes, dtype=object)[near_poly]
    return result


def with_municipalities(demand: Demand, boundaries: MunicipalityBoundaries) -> Demand:
    """A copy of ``demand`` whose unknown municipality codes are filled from polygons."""
    assigned = assign_municipalities(demand.x_m, demand.y_m, boundaries)
    known = np.asarray([bool(m) for m in demand.municipality])
    return replace(demand, municipality=np.where(known, demand.municipality, assigned))
