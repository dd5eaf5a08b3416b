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
import re
from collections.abc import Iterable, Mapping, Sequence
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
from trygg.formats.tabular import NumberError, row_number

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
                raise AnalysisError(f"vulnerability weight {f.name}={value!r} must be a number ≥ 0")

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
                    f"Demand: {name} has {len(getattr(self, name))} values, ids {n}"
                )
        for name, counts in self.groups.items():
            if name not in GROUPS:
                raise AnalysisError(f"Demand: unknown group {name!r} (known: {', '.join(GROUPS)})")
            if len(counts) != n:
                raise AnalysisError(f"Demand: group {name} has {len(counts)} values, ids {n}")
        if n == 0:
            raise AnalysisError(f"{self.source or 'demand'}: no demand points")
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
            f"{source}, point {i + 1}: {field_name}={values[i]:g} must be a number ≥ 0"
        )


# --- reading tables -----------------------------------------------------------


@dataclass
class Table:
    """Rows of a CSV (or attribute) table with the row numbers used in messages."""

    source: str
    header: list[str]
    rows: list[dict[str, str]]
    row_numbers: list[int]

    def column(self, candidates: Iterable[str], required: str | None = None) -> str | None:
        """The first header name matching a candidate, case-insensitively."""
        lowered = {h.strip().lower(): h for h in self.header}
        for name in candidates:
            if name.lower() in lowered:
                return lowered[name.lower()]
        if required:
            raise AnalysisError(
                f"{self.source}: no {required} column (looked for "
                f"{', '.join(candidates)}; found {', '.join(self.header)})"
            )
        return None


def parse_number(value: Any, source: str, row: int, field_name: str) -> float:
    """A number from a file: a JSON number as it is, a text by :func:`trygg.formats.tabular.row_number`

    (decimal comma, space, no-break and narrow no-break space thousands, ``−``).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = row_number("" if value is None else str(value), source, row, field_name)
        except NumberError as exc:
            raise AnalysisError(str(exc)) from None
    if not math.isfinite(number):
        raise AnalysisError(f"{source}, row {row}: {field_name}={value!r} is not a finite number")
    return number


def parse_population(value: Any, source: str, row: int, field_name: str) -> float:
    number = parse_number(value, source, row, field_name)
    if number < 0:
        raise AnalysisError(
            f"{source}, row {row}: {field_name}={value!r} is negative; a population must be ≥ 0"
        )
    return number


# --- age bands -> groups --------------------------------------------------------

_AGE_BAND = re.compile(
    r"^(?:ald(?:er)?|age|a|bef)?_?(\d{1,3})(?:\s*[-_–]\s*(\d{1,3})|\s*(\+|plus|w|_?over|_?older))$",
    re.IGNORECASE,
)


def parse_age_band(column: str) -> tuple[int, int | None] | None:
    """The (first, last) ages of a column such as ``ald0_4``, ``65-69``, ``85+``.

    ``last`` is None for an open band (``85+``, ``ald100w``). Returns None when
    the column is not an age band.

    Examples
    --------
    >>> parse_age_band("ald15_19"), parse_age_band("85+"), parse_age_band("kommun")
    ((15, 19), (85, None), None)
    """
    match = _AGE_BAND.match(column.strip())
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else None
    if last is not None and last < first:
        return None
    return first, last


def _band_share(first: int, last: int | None, low: int, high: int | None) -> float:
    """The share of a band [first, last] whose ages fall in [low, high].

    Ages within a band are assumed evenly spread (e.g. 3/5 of ages 15–19 are
    0–17), the usual assumption when SCB's five-year bands are split.
    """
    if last is None:
        return 1.0 if first >= low and high is None else 0.0
    top = last if high is None else min(last, high)
    overlap = top - max(first, low) + 1
    return max(0, overlap) / (last - first + 1)


def groups_from_age_bands(
    table_rows: Sequence[Mapping[str, Any]],
    header: Sequence[str],
    source: str,
    rows: Sequence[int],
    elderly_min_age: int = ELDERLY_MIN_AGE,
) -> dict[str, FloatArray]:
    """Children (0–17) and elderly (``elderly_min_age``+, default 65) counts from age bands."""
    bands = {col: band for col in header if (band := parse_age_band(col)) is not None}
    if not bands:
        return {}
    children = np.zeros(len(table_rows))
    elderly = np.zeros(len(table_rows))
    for col, (first, last) in bands.items():
        child_share = _band_share(first, last, 0, CHILD_MAX_AGE)
        elder_share = _band_share(first, last, elderly_min_age, None)
        if child_share == 0 and elder_share == 0:
            continue
        values = np.array(
            [
                parse_population(r.get(col), source, rows[i], col)
                if r.get(col) not in (None, "")
                else 0.0
                for i, r in enumerate(table_rows)
            ]
        )
        children += child_share * values
        elderly += elder_share * values
    result: dict[str, FloatArray] = {}
    if any(_band_share(f, la, 0, CHILD_MAX_AGE) for f, la in bands.values()):
        result["children"] = children
    if any(_band_share(f, la, elderly_min_age, None) for f, la in bands.values()):
        result["elderly"] = elderly
    return result


def group_columns(
    table_rows: Sequence[Mapping[str, Any]],
    header: Sequence[str],
    source: str,
    rows: Sequence[int],
    group_fields: Mapping[str, str] | None,
) -> dict[str, FloatArray]:
    """Counts from explicit group columns (default names: the group names)."""
    mapping = dict(group_fields) if group_fields else {g: g for g in GROUPS}
    lowered = {h.lower(): h for h in header}
    result: dict[str, FloatArray] = {}
    for group, column in mapping.items():
        if group not in GROUPS:
            raise AnalysisError(f"{source}: unknown group {group!r} (known: {', '.join(GROUPS)})")
        real = lowered.get(column.lower())
        if real is None:
            if group_fields:
                raise AnalysisError(f"{source}: no column {column!r} for group {group}")
            continue
        result[group] = np.array(
            [parse_population(r.get(real), source, rows[i], real) for i, r in enumerate(table_rows)]
        )
    return result


# --- SCB population grid squares ---------------------------------------------------

GRID_CELL_SIZES_M = (1000, 250)


def parse_scb_square_id(square_id: str, source: str = "grid", row: int = 0) -> tuple[int, int]:
    """The SWEREF 99 TM south-west corner (easting, northing), m, of an SCB square id.

    SCB names a grid square by the coordinates of its south-west (lower-left)
    corner in SWEREF 99 TM: the 6-digit easting followed by the 7-digit
    northing, 13 digits in all (e.g. ``"4810007005000"`` is the 1 km square
    whose corner is E 481 000, N 7 005 000, in Östersund). This is how the
    ``Ruta`` field of SCB's SWEREF grid files reads in code that uses them
    (e.g. ``rfvcft/gymnasiearbete``, which splits it as ``id // 10**7`` and
    ``id % 10**7``); it matches the INSPIRE/Eurostat convention of naming a
    grid cell by its lower-left corner.

    Examples
    --------
    >>> parse_scb_square_id("4810007005000")
    (481000, 7005000)
    """
    text = str(square_id).strip()
    if text.endswith(".0"):  # a spreadsheet turned the id into a float
        text = text[:-2]
    if not (len(text) == 13 and text.isdigit()):
        raise AnalysisError(
            f"{source}, row {row}: square id {square_id!r} is not SCB's 13-digit id "
            "(6-digit easting + 7-digit northing of the south-west corner, SWEREF 99 TM)"
        )
    return int(text[:6]), int(text[6:])


def square_centres(
    x: NDArray[np.int64], y: NDArray[np.int64], source: str, cell_size_m: int | None = None
) -> tuple[FloatArray, FloatArray, int]:
    """Square centres (m) and cell size from the coordinates SCB ids or columns give.

    The coordinates are south-west corners when all lie on a 1 km grid;
    when all lie half a cell off it, they are taken to be centres already
    (some derived files name squares by their centre); then the same for
    250 m. A file of 250 m squares whose corners all happen to end in 500
    would read as 1 km centres: give ``cell_size_m`` to rule that out.
    Anything else is rejected, naming the first square that fits neither.
    """
    sizes = (cell_size_m,) if cell_size_m else GRID_CELL_SIZES_M
    for size in sizes:  # largest first: a 1 km centre is also a 250 m corner
        if np.all(x % size == 0) and np.all(y % size == 0):
            return (x + size / 2.0).astype(np.float64), (y + size / 2.0).astype(np.float64), size
        half = size // 2
        if np.all((x - half) % size == 0) and np.all((y - half) % size == 0):
            return x.astype(np.float64), y.astype(np.float64), size
    step = min(sizes)
    off = (x % step != 0) | (y % step != 0)
    bad = int(np.flatnonzero(off)[0]) if off.any() else 0
    raise AnalysisError(
        f"{source}, square {bad + 1}: corner ({x[bad]}, {y[bad]}) is not on SCB's "
        f"{' or '.join(f'{s} m' for s in sorted(sizes))} grid (neither as south-west corners "
        "nor as centres); give cell_size_m or check the id"
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
