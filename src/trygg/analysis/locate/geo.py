"""The geo layer: named demand and sites, cost matrices from coordinates, results by id.

The array core knows rows and columns; people know tätorter, grid squares and
premises. :class:`LocationTable` carries the ids with the cost matrix, builds
it from WGS 84 coordinates (projected to SWEREF 99 TM, EPSG:3006) or from a
long-form table of any cost, and :func:`optimize_sites` returns the chosen
sites and each demand point's site by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.spatial import cKDTree

from trygg.analysis.locate.base import LocationModel
from trygg.analysis.locate.covering import LSCP, LSCPB, MCLP
from trygg.analysis.locate.pcenter import PCenter
from trygg.analysis.locate.pmedian import PMedian
from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import (
    CostMatrix,
    InfeasibleCoverageError,
    LocationInputError,
    as_weights,
)
from trygg.text import N_, Param

#: WGS 84 box around Sweden (lon_min, lat_min, lon_max, lat_max), with a small margin.
SWEDEN_LONLAT_BOX = (10.0, 55.0, 24.5, 69.5)

MODELS = ("lscp", "lscpb", "mclp", "pmedian", "pcenter")
_NEEDS_RADIUS = {"lscp", "lscpb", "mclp"}
_NEEDS_P = {"mclp", "pmedian", "pcenter"}


def check_swedish_lonlat(
    lon: ArrayLike, lat: ArrayLike, what: str, ids: Sequence[str] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return longitudes and latitudes (degrees, WGS 84) after checking they lie in Sweden.

    Raises
    ------
    LocationInputError
        On missing values, points outside Sweden's bounding box, or coordinates
        that look like latitude and longitude swapped; the message names the point.
    """
    lon_deg, lat_deg = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    if lon_deg.shape != lat_deg.shape or lon_deg.ndim != 1:
        raise LocationInputError(N_("{what}: longitude and latitude must be two 1-D arrays of equal length", what=what))
    lon_min, lat_min, lon_max, lat_max = SWEDEN_LONLAT_BOX
    inside = (lon_deg >= lon_min) & (lon_deg <= lon_max) & (lat_deg >= lat_min) & (lat_deg <= lat_max)
    if inside.all():
        return lon_deg, lat_deg
    bad = int(np.flatnonzero(~inside)[0])
    name = f"{what} {ids[bad]!r}" if ids is not None else f"{what} row {bad}"
    point = f"(lon {lon_deg[bad]}, lat {lat_deg[bad]})"
    swapped = (lat_deg[bad] >= lon_min) & (lat_deg[bad] <= lon_max) & (lon_deg[bad] >= lat_min) & (
        lon_deg[bad] <= lat_max
    )
    if swapped:
        raise LocationInputError(
            N_("{name} {point} looks like latitude and longitude swapped: Swedish longitudes are {lon_min}-{lon_max} and latitudes {lat_min}-{lat_max} degrees", name=name, point=point, lon_min=lon_min, lon_max=lon_max, lat_min=lat_min, lat_max=lat_max)
        )
    outside = int((~inside).sum())
    where: dict[str, Param] = {"name": name, "point": point, "lon_min": lon_min, "lon_max": lon_max,
                               "lat_min": lat_min, "lat_max": lat_max}
    raise LocationInputError(
        N_("{name} {point} lies outside Sweden (longitude {lon_min}-{lon_max}, latitude "
           "{lat_min}-{lat_max} degrees, WGS 84); {outside} point(s) in all", outside=outside, **where)
        if outside > 1
        else N_("{name} {point} lies outside Sweden (longitude {lon_min}-{lon_max}, latitude "
                "{lat_min}-{lat_max} degrees, WGS 84)", **where)
    )


def project_to_sweref(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.float64]:
    """Project WGS 84 longitude/latitude (degrees) to SWEREF 99 TM easting/northing (m)."""
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    east_m, north_m = transformer.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.column_stack([east_m, north_m])


def straight_line_costs(
    demand_xy_m: NDArray[np.float64],
    site_xy_m: NDArray[np.float64],
    *,
    detour_factor: float = 1.0,
    max_cost_m: float | None = None,
) -> CostMatrix:
    """Travel distance (m) as straight-line distance x ``detour_factor``.

    With ``max_cost_m`` only pairs within it are kept, as a sparse matrix (a
    missing pair means "further than that"): enough for covering models and
    far smaller than the dense matrix.
    """
    if not detour_factor >= 1.0:
        raise LocationInputError(N_("the detour factor must be at least 1, got {detour_factor!r}", detour_factor=detour_factor))
    if max_cost_m is None:
        from scipy.spatial.distance import cdist

        return np.asarray(cdist(demand_xy_m, site_xy_m) * detour_factor)
    demand_tree, site_tree = cKDTree(demand_xy_m), cKDTree(site_xy_m)
    pairs = demand_tree.sparse_distance_matrix(site_tree, max_cost_m / detour_factor, output_type="coo_matrix")
    return sparse.csr_array(
        (pairs.data * detour_factor, (pairs.row, pairs.col)), shape=(len(demand_xy_m), len(site_xy_m))
    )


@dataclass(frozen=True)
class LocationTable:
    """Demand and candidate sites by id, with the cost between them and the demand weights.

    Attributes
    ----------
    demand_ids, site_ids : tuple of str
        Names of the rows and columns of ``costs``.
    costs : ndarray or sparse matrix, shape (n_demand, n_sites)
        Travel cost (m, min, ...); ``inf`` or a missing sparse entry is unreachable.
    weights : ndarray, shape (n_demand,)
        Demand weight (e.g. residents) of each demand point.
    """

    demand_ids: tuple[str, ...]
    site_ids: tuple[str, ...]
    costs: CostMatrix
    weights: NDArray[np.float64]

    @classmethod
    def from_points(
        cls,
        demand_ids: Sequence[str],
        demand_lonlat: ArrayLike,
        weights: ArrayLike,
        site_ids: Sequence[str],
        site_lonlat: ArrayLike,
        *,
        detour_factor: float = 1.0,
        max_cost_m: float | None = None,
    ) -> LocationTable:
        """Build the table from WGS 84 points: costs in metres along a straight line x detour.

        Parameters
        ----------
        demand_ids, site_ids : sequence of str
            Unique names of the demand points and candidate sites.
        demand_lonlat, site_lonlat : array_like, shape (n, 2)
            Longitude and latitude in degrees (WGS 84), in that order.
        weights : array_like, shape (n_demand,)
            Demand weight of each point (e.g. residents).
        detour_factor : float
            Road distance per straight-line metre (>= 1; about 1.3 on rural Swedish roads).
        max_cost_m : float, optional
            Keep only pairs within this many metres (sparse costs).
        """
        demand = _lonlat_array(demand_lonlat, "demand")
        sites = _lonlat_array(site_lonlat, "site")
        demand_names, site_names = _unique_ids(demand_ids, "demand"), _unique_ids(site_ids, "site")
        _same_length(demand_names, demand, "demand")
        _same_length(site_names, sites, "site")
        check_swedish_lonlat(demand[:, 0], demand[:, 1], "demand", demand_names)
        check_swedish_lonlat(sites[:, 0], sites[:, 1], "site", site_names)
        costs = straight_line_costs(
            project_to_sweref(demand[:, 0], demand[:, 1]),
            project_to_sweref(sites[:, 0], sites[:, 1]),
            detour_factor=detour_factor,
            max_cost_m=max_cost_m,
        )
        return cls(demand_names, site_names, costs, _named_weights(weights, demand_names))

    @classmethod
    def from_long_form(
        cls,
        rows: Iterable[tuple[str, str, float]],
        demand_weights: dict[str, float],
        site_ids: Sequence[str] | None = None,
    ) -> LocationTable:
        """Build the table from (demand id, site id, cost) rows; absent pairs are unreachable.

        ``demand_weights`` names every demand point (points without any cost row
        can reach no site). Sites are those in the rows, or ``site_ids``.
        """
        demand_names = _unique_ids(list(demand_weights), "demand")
        demand_index = {name: i for i, name in enumerate(demand_names)}
        triples = list(rows)
        names = site_ids if site_ids is not None else sorted({site for _, site, _ in triples})
        site_names = _unique_ids(names, "site")
        site_index = {name: j for j, name in enumerate(site_names)}
        row_idx, col_idx, values = _index_triples(triples, demand_index, site_index)
        costs = sparse.csr_array((values, (row_idx, col_idx)), shape=(len(demand_names), len(site_names)))
        weights = np.array([demand_weights[name] for name in demand_names], dtype=np.float64)
        return cls(demand_names, site_names, costs, as_weights(weights, len(demand_names)))

    def site_positions(self, ids: Iterable[str], field: str) -> NDArray[np.intp]:
        """Column positions of site ids; an unknown id is an error naming ``field``."""
        index = {name: j for j, name in enumerate(self.site_ids)}
        wanted = list(ids)
        unknown = [name for name in wanted if name not in index]
        if unknown:
            raise LocationInputError(N_("{field}: unknown site id(s) {value}", field=field, value=', '.join(map(repr, unknown[:10]))))
        return np.array([index[name] for name in wanted], dtype=np.intp)


def _lonlat_array(values: ArrayLike, what: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2:
        raise LocationInputError(N_("{what} coordinates must be an (n, 2) array of lon, lat; got shape {shape}", what=what, shape=str(array.shape)))
    if not np.isfinite(array).all():
        row = int(np.flatnonzero(~np.isfinite(array).all(axis=1))[0])
        raise LocationInputError(N_("{what} row {row} has a missing or non-numeric coordinate", what=what, row=row))
    return array


def _unique_ids(ids: Iterable[object], what: str) -> tuple[str, ...]:
    names = tuple(str(name) for name in ids)
    if not names:
        raise LocationInputError(N_("there are no {what} points", what=what))
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise LocationInputError(N_("{what} id {name!r} appears more than once", what=what, name=name))
        seen.add(name)
    return names


def _same_length(names: tuple[str, ...], points: NDArray[np.float64], what: str) -> None:
    if len(names) != len(points):
        raise LocationInputError(N_("{names_count} {what} ids but {points_count} {what} coordinates", names_count=len(names), what=what, points_count=len(points)))


def _named_weights(weights: ArrayLike, names: tuple[str, ...]) -> NDArray[np.float64]:
    try:
        return as_weights(weights, len(names))
    except LocationInputError as error:
        values = np.asarray(weights, dtype=np.float64).ravel()
        bad = np.flatnonzero(~np.isfinite(values) | (values < 0)) if values.size == len(names) else np.zeros(0, dtype=np.intp)
        if len(bad):
            raise LocationInputError(
                N_("demand {names!r} has weight {values}: weights must be finite and non-negative", names=names[int(bad[0])], values=values[int(bad[0])])
            ) from error
        raise


def _index_triples(
    triples: list[tuple[str, str, float]], demand_index: dict[str, int], site_index: dict[str, int]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    rows = np.empty(len(triples), dtype=np.intp)
    cols = np.empty(len(triples), dtype=np.intp)
    values = np.empty(len(triples), dtype=np.float64)
    for k, (demand, site, cost) in enumerate(triples):
        if demand not in demand_index:
            raise LocationInputError(N_("cost row {value}: demand id {demand!r} is not among the demand points", value=k + 1, demand=demand))
        if site not in site_index:
            raise LocationInputError(N_("cost row {value}: site id {site!r} is not among the candidate sites", value=k + 1, site=site))
        rows[k], cols[k], values[k] = demand_index[demand], site_index[site], cost
    _reject_duplicate_pairs(rows, cols, triples)
    return rows, cols, values


def _reject_duplicate_pairs(
    rows: NDArray[np.intp], cols: NDArray[np.intp], triples: list[tuple[str, str, float]]
) -> None:
    keys = rows.astype(np.int64) * (int(cols.max(initial=0)) + 1) + cols
    unique, first, counts = np.unique(keys, return_index=True, return_counts=True)
    if (counts > 1).any():
        repeated = np.flatnonzero(keys == unique[counts > 1][0])
        demand, site, _ = triples[int(repeated[1])]
        raise LocationInputError(
            N_("cost row {value}: the pair ({demand!r}, {site!r}) already appeared on row {value2}", value=int(repeated[1]) + 1, demand=demand, site=site, value2=int(repeated[0]) + 1)
        )


def make_model(
    name: str,
    *,
    radius: float | None = None,
    p: int | None = None,
    fixed: ArrayLike | None = None,
    eligible: ArrayLike | None = None,
    capacities: ArrayLike | None = None,
    time_limit_s: float = 60.0,
) -> LocationModel:
    """A location model by name (``lscp``, ``lscpb``, ``mclp``, ``pmedian``, ``pcenter``).

    Raises
    ------
    LocationInputError
        For an unknown name, a missing radius or p, or capacities where the model has none.
    """
    if name not in MODELS:
        raise LocationInputError(N_("unknown model {name!r}: choose one of {value}", name=name, value=', '.join(MODELS)))
    if name in _NEEDS_RADIUS and radius is None:
        raise LocationInputError(N_("the {name} model needs a service radius", name=name))
    if name in _NEEDS_P and p is None:
        raise LocationInputError(N_("the {name} model needs p, the number of sites to open", name=name))
    if capacities is not None and name not in {"mclp", "pmedian"}:
        raise LocationInputError(N_("capacities apply to mclp and pmedian, not to {name}", name=name))
    radius_m, count = float(radius or 0), (p if p is not None else 0)
    if name == "lscp":
        return LSCP(radius_m, fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
    if name == "lscpb":
        return LSCPB(radius_m, fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
    if name == "mclp":
        return MCLP(
            radius_m, count, capacities=capacities, fixed=fixed, eligible=eligible,
            time_limit_s=time_limit_s,
        )
    if name == "pmedian":
        return PMedian(
            count, capacities=capacities, fixed=fixed, eligible=eligible, time_limit_s=time_limit_s
        )
    return PCenter(count, fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)


@dataclass(frozen=True)
class SiteSelection:
    """A model's result with ids: chosen sites and each demand point's site.

    Attributes
    ----------
    result : LocationResult
        The array-level result (positions, objective, bound, gap, status, ...).
    sites : tuple of str
        Chosen site ids (fixed ones included).
    assignment : dict of str to (str or None)
        Demand id to the id of the site serving it (``None``: no chosen site serves it).
    uncovered : tuple of str
        Demand ids with positive weight outside every chosen site's radius (covering models).
    assignment_cost : dict of str to (float or None)
        Demand id to the cost to its serving site (``None`` when it has none).
    """

    result: LocationResult
    sites: tuple[str, ...]
    assignment: dict[str, str | None]
    uncovered: tuple[str, ...]
    assignment_cost: dict[str, float | None]


def optimize_sites(
    table: LocationTable,
    model: str,
    *,
    radius: float | None = None,
    p: int | None = None,
    fixed_ids: Iterable[str] = (),
    eligible_ids: Iterable[str] | None = None,
    capacities: dict[str, float] | None = None,
    time_limit_s: float = 60.0,
) -> SiteSelection:
    """Solve a location model on a :class:`LocationTable` and report the answer by id.

    Parameters
    ----------
    table : LocationTable
        Demand, sites and costs.
    model : str
        ``"lscp"``, ``"lscpb"``, ``"mclp"``, ``"pmedian"`` or ``"pcenter"``.
    radius : float, optional
        Service radius in the unit of the costs (covering models).
    p : int, optional
        Number of sites to open, fixed ones included (mclp, pmedian, pcenter).
    fixed_ids : iterable of str
        Sites already decided: always open.
    eligible_ids : iterable of str, optional
        The only sites that may be chosen (default: all).
    capacities : dict of str to float, optional
        Weight each site can serve (mclp, pmedian); sites not named get capacity 0.
    time_limit_s : float
        Solver budget in seconds.

    Examples
    --------
    >>> table = LocationTable.from_long_form(
    ...     [("a", "s1", 500.0), ("a", "s2", 3000.0), ("b", "s2", 800.0)], {"a": 10, "b": 4}
    ... )
    >>> optimize_sites(table, "lscp", radius=1000.0).sites
    ('s1', 's2')
    """
    fixed = table.site_positions(fixed_ids, "fixed sites")
    eligible = None if eligible_ids is None else table.site_positions(eligible_ids, "eligible sites")
    capacity_array = None
    if capacities is not None:
        table.site_positions(capacities, "capacities")
        capacity_array = np.array([capacities.get(name, 0.0) for name in table.site_ids], dtype=np.float64)
    solver = make_model(
        model, radius=radius, p=p, fixed=fixed, eligible=eligible, capacities=capacity_array,
        time_limit_s=time_limit_s,
    )
    try:
        result = solver.solve(table.costs, table.weights).result_
    except InfeasibleCoverageError as error:
        raise error.with_labels(table.demand_ids) from None
    return selection_by_id(table, result)


def selection_by_id(table: LocationTable, result: LocationResult) -> SiteSelection:
    """A result of the array core, with the chosen sites and each demand point's site by id."""
    sites = tuple(table.site_ids[j] for j in result.sites)
    assignment = {
        demand: (table.site_ids[j] if j >= 0 else None)
        for demand, j in zip(table.demand_ids, result.assignment.tolist(), strict=True)
    }
    uncovered = () if result.uncovered is None else tuple(table.demand_ids[i] for i in result.uncovered)
    served = np.flatnonzero(result.assignment >= 0)
    pair_costs = np.asarray(table.costs[served, result.assignment[served]], dtype=np.float64).ravel()
    costs: dict[str, float | None] = dict.fromkeys(table.demand_ids)
    for row, cost in zip(served.tolist(), pair_costs.tolist(), strict=True):
        costs[table.demand_ids[row]] = cost
    return SiteSelection(result, sites, assignment, uncovered, costs)
