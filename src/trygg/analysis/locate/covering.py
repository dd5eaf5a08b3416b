"""Covering models: set covering (LSCP), backup covering (LSCP-B) and maximal covering (MCLP).

Each builds a boolean coverage matrix (``cost <= radius``), reduces it (merged
demand rows, dominated candidate columns) and hands a sparse MILP to HiGHS.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from trygg.analysis.locate.base import LocationModel, ModelInput, nearest_chosen, seconds_left
from trygg.analysis.locate.coverage import (
    coverage_matrix,
    essential_rows,
    greedy_cover,
    greedy_max_cover,
    merge_identical_rows,
    nearest_costs,
    undominated_columns,
)
from trygg.analysis.locate.highs import MilpOutcome, SparseMilp, binary_choice
from trygg.analysis.locate.result import LocationResult, Sense, round_up_bound
from trygg.analysis.locate.validation import (
    InfeasibleCoverageError,
    LocationInputError,
    check_p,
    check_radius,
)
from trygg.text import N_

EXACT = "exact-highs"


class CoveringModel(LocationModel):
    """Shared parts of the models defined by a service radius."""

    def __init__(
        self,
        radius: float,
        *,
        fixed: ArrayLike | None = None,
        eligible: ArrayLike | None = None,
        time_limit_s: float = 60.0,
    ) -> None:
        super().__init__(fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
        self.radius = radius

    def _check_parameters(self, data: ModelInput) -> None:
        check_radius(self.radius)

    def _coverage(self, data: ModelInput) -> sparse.csr_array:
        return coverage_matrix(data.costs, float(self.radius), data.eligible)

    def _covering_result(
        self,
        data: ModelInput,
        cover: sparse.csr_array,
        sites: NDArray[np.intp],
        *,
        objective: float,
        bound: float,
        sense: Sense,
        status: str,
        details: dict[str, float],
    ) -> LocationResult:
        count = np.asarray(cover[:, sites].sum(axis=1)).ravel().astype(np.intp)
        positive = data.weights > 0
        assignment, cost = nearest_chosen(data.costs, sites)
        assignment = np.where(cost <= float(self.radius), assignment, -1).astype(np.intp)
        return LocationResult(
            model=self.name,
            sites=np.sort(sites),
            assignment=assignment,
            objective=objective,
            bound=bound,
            sense=sense,
            status=status,
            solve_time_s=0.0,
            method=EXACT,
            covered_weight=float(data.weights[count > 0].sum()),
            uncovered=np.flatnonzero(positive & (count == 0)).astype(np.intp),
            backup_weight=float(data.weights[count > 1].sum()),
            cover_count=count,
            details=details,
        )


def _cover_counts(cover: sparse.csr_array) -> NDArray[np.intp]:
    return np.diff(cover.indptr).astype(np.intp)


def _reject_unreachable(data: ModelInput, cover: sparse.csr_array, radius: float) -> None:
    must_cover = data.weights > 0
    unreachable = np.flatnonzero(must_cover & (_cover_counts(cover) == 0)).astype(np.intp)
    if unreachable.size:
        nearest = nearest_costs(data.costs[unreachable], data.eligible)
        raise InfeasibleCoverageError(unreachable, nearest, radius)


def _rows_covered_by(cover: sparse.csr_array, sites: NDArray[np.intp]) -> NDArray[np.bool_]:
    if len(sites) == 0:
        return np.zeros(cover.shape[0], dtype=bool)
    return np.asarray(cover[:, sites].sum(axis=1)).ravel() > 0


def _free_columns(data: ModelInput) -> NDArray[np.intp]:
    free = data.eligible.copy()
    free[data.fixed] = False
    return np.flatnonzero(free).astype(np.intp)


class LSCP(CoveringModel):
    """Location set covering: the fewest sites that put all demand within the radius.

    Minimise :math:`\\sum_j x_j` subject to :math:`\\sum_j a_{ij} x_j \\ge 1` for
    every demand row with positive weight, where :math:`a_{ij} = 1` when
    ``costs[i, j] <= radius``. Fixed sites count towards the total.

    Parameters
    ----------
    radius : float
        Service radius, in the unit of the costs (e.g. m).
    fixed, eligible, time_limit_s
        See :class:`~trygg.analysis.locate.base.LocationModel`.

    Examples
    --------
    >>> import numpy as np
    >>> costs = np.array([[0.0, 900.0], [400.0, 300.0], [2000.0, 100.0]])
    >>> LSCP(radius=500.0).solve(costs).result_.sites.tolist()
    [0, 1]
    """

    name = "lscp"

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        cover = self._coverage(data)
        _reject_unreachable(data, cover, float(self.radius))
        chosen, outcome, details = minimum_cover(data, cover, deadline)
        _require_solution(outcome)
        sites = np.concatenate([data.fixed, chosen]).astype(np.intp)
        # Without a proven bound from HiGHS (stopped early) only the fixed sites are certain.
        proven = round_up_bound(outcome.bound, integral=True)
        bound = len(data.fixed) + (0.0 if np.isnan(proven) else max(proven, 0.0))
        return self._covering_result(
            data, cover, sites, objective=float(len(sites)), bound=float(bound),
            sense="min", status=outcome.status, details=details,
        )


def _require_solution(outcome: MilpOutcome) -> None:
    if outcome.x is None:
        raise LocationInputError(
            N_("HiGHS found no solution within the time limit ({status}): raise time_limit_s", status=outcome.status)
        )


def minimum_cover(
    data: ModelInput, cover: sparse.csr_array, deadline: float, budget: int | None = None
) -> tuple[NDArray[np.intp], MilpOutcome, dict[str, float]]:
    """Fewest free (non-fixed) columns covering every positive-weight row the fixed sites miss.

    With ``budget`` it is a yes/no question instead: is there a cover with at
    most ``budget`` free columns? HiGHS then stops at the first one it finds
    (status ``"infeasible"`` means no).

    Returns the chosen columns, HiGHS' outcome (objective and bound count only
    the free columns; ``x`` is ``None`` if no cover was found) and the reduced
    problem size.
    """
    todo = (data.weights > 0) & ~_rows_covered_by(cover, data.fixed)
    merged = merge_identical_rows(cover[todo], data.weights[todo])
    columns = undominated_columns(merged.matrix, _free_columns(data))
    details = {"rows": float(todo.sum()), "merged_rows": float(merged.matrix.shape[0]),
               "columns": float(len(columns))}
    if merged.matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.intp), MilpOutcome(np.zeros(0), 0.0, 0.0, "optimal"), details
    reduced = merged.matrix[:, columns]
    reduced = reduced[essential_rows(reduced)]
    details["essential_rows"] = float(reduced.shape[0])
    problem = _set_cover_milp(reduced, budget)
    if budget is not None:
        outcome = problem.solve(seconds_left(deadline), rel_gap=1.0)
        chosen = columns[binary_choice(outcome.x)] if outcome.x is not None else np.zeros(0, dtype=np.intp)
        return chosen, outcome, details
    greedy = greedy_cover(reduced)
    incumbent = None if greedy is None else float(len(greedy))
    outcome = problem.solve_lp_first(seconds_left(deadline), incumbent=incumbent)
    found = None if outcome.x is None else binary_choice(outcome.x)
    if greedy is not None and (found is None or len(greedy) < found.sum()):
        # Stopped by the time limit with a worse cover than the greedy one.
        bound = -np.inf if np.isnan(outcome.bound) else min(outcome.bound, len(greedy))
        kept = MilpOutcome(np.zeros(0), float(len(greedy)), bound, outcome.status)
        return columns[greedy], kept, details
    if found is None:
        return np.zeros(0, dtype=np.intp), outcome, details
    return columns[found], outcome, details


def _set_cover_milp(cover: sparse.csr_array, budget: int | None) -> SparseMilp:
    n_rows, n_cols = cover.shape
    matrix = sparse.csr_array(cover, dtype=np.float64)
    lower, upper = np.ones(n_rows), np.full(n_rows, np.inf)
    if budget is not None:
        matrix = sparse.csr_array(sparse.vstack([matrix, sparse.csr_array(np.ones((1, n_cols)))]))
        lower, upper = np.append(lower, 0.0), np.append(upper, float(budget))
    return SparseMilp(
        c=np.ones(n_cols),
        a=matrix,
        row_lower=lower,
        row_upper=upper,
        integrality=np.ones(n_cols, dtype=np.int8),
        var_lower=np.zeros(n_cols),
        var_upper=np.ones(n_cols),
    )


class MCLP(CoveringModel):
    """Maximal covering: the ``p`` sites that put the most demand weight within the radius.

    Maximise :math:`\\sum_i w_i y_i` subject to :math:`y_i \\le \\sum_j a_{ij} x_j`,
    :math:`\\sum_j x_j = p`, :math:`x_j \\in \\{0, 1\\}`, :math:`0 \\le y_i \\le 1`.
    With ``capacities`` each open site serves at most its capacity of covered
    weight (demand may be split between sites).

    Parameters
    ----------
    radius : float
        Service radius, in the unit of the costs (e.g. m).
    p : int
        Number of sites to open, fixed sites included.
    capacities : array_like, optional
        Weight each candidate can serve (e.g. people), one per column.
    fixed, eligible, time_limit_s
        See :class:`~trygg.analysis.locate.base.LocationModel`.

    Examples
    --------
    >>> import numpy as np
    >>> costs = np.array([[0.0, 900.0], [400.0, 300.0], [2000.0, 100.0]])
    >>> result = MCLP(radius=500.0, p=1).solve(costs, [10, 5, 1]).result_
    >>> result.sites.tolist(), result.objective
    ([0], 15.0)
    """

    name = "mclp"

    def __init__(
        self,
        radius: float,
        p: int,
        *,
        capacities: ArrayLike | None = None,
        fixed: ArrayLike | None = None,
        eligible: ArrayLike | None = None,
        time_limit_s: float = 60.0,
    ) -> None:
        super().__init__(radius, fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
        self.p = p
        self.capacities = capacities

    def _check_parameters(self, data: ModelInput) -> None:
        super()._check_parameters(data)
        check_p(self.p, int(data.eligible.sum()), len(data.fixed))
        if self.capacities is not None:
            check_capacities(self.capacities, data.n_candidates)

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        cover = self._coverage(data)
        if self.capacities is not None:
            from trygg.analysis.locate.capacitated import solve_capacitated_mclp

            return solve_capacitated_mclp(self, data, cover, deadline)
        chosen, outcome, details = _maximal_cover(data, cover, int(self.p), deadline)
        sites = _pad_sites(data, cover, np.concatenate([data.fixed, chosen]), int(self.p))
        covered_by_fixed = float(data.weights[_rows_covered_by(cover, data.fixed)].sum())
        result = self._covering_result(
            data, cover, sites, objective=0.0, bound=covered_by_fixed + outcome.bound,
            sense="max", status=outcome.status, details=details,
        )
        return _with_objective(result, float(result.covered_weight or 0.0))


def _maximal_cover(
    data: ModelInput, cover: sparse.csr_array, p: int, deadline: float
) -> tuple[NDArray[np.intp], MilpOutcome, dict[str, float]]:
    todo = (data.weights > 0) & ~_rows_covered_by(cover, data.fixed) & (_cover_counts(cover) > 0)
    merged = merge_identical_rows(cover[todo], data.weights[todo])
    columns = undominated_columns(merged.matrix, _free_columns(data))
    budget = p - len(data.fixed)
    details = {"rows": float(todo.sum()), "merged_rows": float(merged.matrix.shape[0]),
               "columns": float(len(columns))}
    if budget == 0 or merged.matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.intp), MilpOutcome(np.zeros(0), 0.0, 0.0, "optimal"), details
    reduced = merged.matrix[:, columns]
    problem = _maximal_cover_milp(reduced, merged.weights, budget)
    greedy = greedy_max_cover(reduced, merged.weights, budget)
    greedy_weight = float(merged.weights[_rows_covered_by(reduced, greedy)].sum())
    outcome = problem.solve_lp_first(seconds_left(deadline), incumbent=greedy_weight)
    # All the coverable weight is an upper bound when HiGHS stopped before proving one.
    total = float(merged.weights.sum())
    if outcome.x is None or outcome.objective < greedy_weight:
        # Stopped by the time limit with less coverage than the greedy choice.
        bound = total if np.isnan(outcome.bound) else min(max(outcome.bound, greedy_weight), total)
        kept = MilpOutcome(np.zeros(0), greedy_weight, bound, outcome.status)
        return columns[greedy], kept, details
    x = outcome.x
    bound = total if np.isnan(outcome.bound) else min(max(outcome.bound, outcome.objective), total)
    outcome = replace(outcome, bound=bound)
    return columns[binary_choice(x[: len(columns)])], outcome, details


def _maximal_cover_milp(
    cover: sparse.csr_array, weights: NDArray[np.float64], budget: int
) -> SparseMilp:
    n_rows, n_cols = cover.shape
    # Rows: y_i - sum_j a_ij x_j <= 0 for each merged demand row, then sum_j x_j <= budget.
    # "<=" rather than "=": extra sites never lower coverage, so the optimum is the
    # same and HiGHS needs no slack; the result is padded back to p sites.
    linking = sparse.hstack([-sparse.csr_array(cover, dtype=np.float64), sparse.eye_array(n_rows)])
    budget_row = sparse.hstack([sparse.csr_array(np.ones((1, n_cols))), sparse.csr_array((1, n_rows))])
    return SparseMilp(
        c=np.concatenate([np.zeros(n_cols), weights]),
        a=sparse.csr_array(sparse.vstack([linking, budget_row])),
        row_lower=np.full(n_rows + 1, -np.inf),
        row_upper=np.concatenate([np.zeros(n_rows), [budget]]),
        integrality=np.concatenate([np.ones(n_cols), np.zeros(n_rows)]).astype(np.int8),
        var_lower=np.zeros(n_cols + n_rows),
        var_upper=np.ones(n_cols + n_rows),
        maximize=True,
    )


def _pad_sites(
    data: ModelInput, cover: sparse.csr_array, sites: NDArray[np.intp], p: int
) -> NDArray[np.intp]:
    """Bring ``sites`` up to ``p`` with the unused eligible candidates that cover the most weight.

    Only happens when fewer sites already cover everything coverable: the extra
    sites add nothing to the objective, but the caller asked for ``p`` sites.
    """
    missing = p - len(sites)
    if missing <= 0:
        return sites.astype(np.intp)
    unused = data.eligible.copy()
    unused[sites] = False
    spare = np.flatnonzero(unused)
    covered_weight = np.asarray(cover[:, spare].T @ data.weights).ravel()
    best = spare[np.argsort(-covered_weight, kind="stable")[:missing]]
    return np.concatenate([sites, best]).astype(np.intp)


def _with_objective(result: LocationResult, objective: float) -> LocationResult:
    # The bound comes from HiGHS in floating point; never report it below the
    # objective that the chosen sites really reach.
    return replace(result, objective=objective, bound=max(result.bound, objective))


class LSCPB(CoveringModel):
    """Backup covering (spopt's LSCP-B): a minimum cover that backs up the most demand.

    Two stages: first the LSCP gives the fewest sites ``N`` that cover all demand;
    then, among covers with exactly ``N`` sites, maximise the weight within the
    radius of at least two of them, so that it is still served when one fails.
    With unit weights (the default) the objective counts demand rows, as spopt does.

    Parameters
    ----------
    radius : float
        Service radius, in the unit of the costs (e.g. m).
    fixed, eligible, time_limit_s
        See :class:`~trygg.analysis.locate.base.LocationModel`.
    """

    name = "lscpb"

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        cover = self._coverage(data)
        _reject_unreachable(data, cover, float(self.radius))
        chosen, first, details = minimum_cover(data, cover, deadline)
        _require_solution(first)
        n_sites = len(data.fixed) + len(chosen)
        merged = merge_identical_rows(cover[data.weights > 0], data.weights[data.weights > 0])
        columns = np.flatnonzero(data.eligible).astype(np.intp)
        problem = _backup_milp(merged.matrix[:, columns], merged.weights, n_sites, columns, data.fixed)
        outcome = problem.solve_lp_first(seconds_left(deadline))
        # The weight that two eligible candidates can reach bounds any backup cover.
        backable = float(merged.weights[_cover_counts(merged.matrix[:, columns]) >= 2].sum())
        if outcome.x is None:
            # Out of time in the second stage: the minimum cover itself, unimproved.
            sites = np.concatenate([data.fixed, chosen]).astype(np.intp)
            bound, status = backable, "time_limit"
        else:
            sites = columns[binary_choice(outcome.x[: len(columns)])]
            bound = backable if np.isnan(outcome.bound) else min(outcome.bound, backable)
            status = "optimal" if first.status == outcome.status == "optimal" else "time_limit"
        details = {
            **details,
            "sites_in_minimum_cover": float(n_sites),
            "single_candidate_weight": _single_candidate_weight(data, cover),
        }
        result = self._covering_result(
            data, cover, sites, objective=0.0, bound=bound, sense="max",
            status=status, details=details,
        )
        return _with_objective(result, float(result.backup_weight or 0.0))


def _single_candidate_weight(data: ModelInput, cover: sparse.csr_array) -> float:
    """Weight that only one eligible candidate can reach, so that no choice can back it up.

    spopt's LSCP-B counts these rows as backed up (its backup variable is left
    unconstrained for them); adding this to ``backup_weight`` gives spopt's figure.
    """
    return float(data.weights[_cover_counts(cover) == 1].sum())


def _backup_milp(
    cover: sparse.csr_array,
    weights: NDArray[np.float64],
    n_sites: int,
    columns: NDArray[np.intp],
    fixed: NDArray[np.intp],
) -> SparseMilp:
    n_rows, n_cols = cover.shape
    backup_rows = np.flatnonzero(_cover_counts(cover) >= 2)
    n_backup = len(backup_rows)
    # Rows: sum_j a_ij x_j - u_i >= 1 (u_i only where two sites can reach row i),
    # then sum_j x_j = n_sites.
    backup = sparse.csr_array(
        (-np.ones(n_backup), (backup_rows, np.arange(n_backup))), shape=(n_rows, n_backup)
    )
    covering = sparse.hstack([sparse.csr_array(cover, dtype=np.float64), backup])
    count_row = sparse.hstack([sparse.csr_array(np.ones((1, n_cols))), sparse.csr_array((1, n_backup))])
    var_lower = np.zeros(n_cols + n_backup)
    var_lower[np.searchsorted(columns, fixed)] = 1.0
    return SparseMilp(
        c=np.concatenate([np.zeros(n_cols), weights[backup_rows]]),
        a=sparse.csr_array(sparse.vstack([covering, count_row])),
        row_lower=np.concatenate([np.ones(n_rows), [n_sites]]),
        row_upper=np.concatenate([np.full(n_rows, np.inf), [n_sites]]),
        integrality=np.concatenate([np.ones(n_cols), np.zeros(n_backup)]).astype(np.int8),
        var_lower=var_lower,
        var_upper=np.ones(n_cols + n_backup),
        maximize=True,
    )


def check_capacities(capacities: ArrayLike, n_candidates: int) -> NDArray[np.float64]:
    """Return site capacities as float64 after checking length and values."""
    values = np.asarray(capacities, dtype=np.float64)
    if values.shape != (n_candidates,):
        raise LocationInputError(
            N_("capacities has shape {shape}, expected one value per candidate ({n_candidates},)", shape=str(values.shape), n_candidates=n_candidates)
        )
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise LocationInputError(
            N_("capacities[{index}] is {values}: capacities must be finite and non-negative", index=index, values=values[index])
        )
    return values
