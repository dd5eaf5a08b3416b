"""The p-center model: ``p`` sites that minimise the largest cost to the nearest one.

The optimum is one of the matrix's distinct costs, and a radius ``r`` is
achievable exactly when the set-covering problem at ``r`` needs at most ``p``
sites. The model bisects over the sorted distinct costs between a lower bound
(every demand row must reach some site: the largest nearest-candidate cost) and
the cost of a farthest-first solution. Each radius is decided by row generation
(Contardo, Iori and Kramer 2019): the covering question is asked only for a
small, growing subset of demand rows (greedy first, then HiGHS on the reduced
covering MILP); no cover of the subset means none of all rows either, and a
cover of the subset that misses other rows brings a few of them into the subset.
"""

from __future__ import annotations

import time
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from trygg.analysis.locate.base import LocationModel, ModelInput, nearest_chosen, seconds_left
from trygg.analysis.locate.coverage import (
    coverage_matrix,
    essential_rows,
    greedy_cover,
    merge_identical_rows,
    undominated_columns,
)
from trygg.analysis.locate.covering import _set_cover_milp
from trygg.analysis.locate.highs import binary_choice
from trygg.analysis.locate.median_data import DenseInstance, dense_instance
from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import LocationInputError, check_p
from trygg.text import N_

EXACT = "exact-highs"


class PCenter(LocationModel):
    """p-center: open ``p`` sites minimising :math:`\\max_i \\min_{j \\in S} d_{ij}`.

    Demand rows with weight 0 are ignored; other weights do not matter.

    Parameters
    ----------
    p : int
        Number of sites to open, fixed sites included.
    fixed, eligible, time_limit_s
        See :class:`~trygg.analysis.locate.base.LocationModel`.

    Examples
    --------
    >>> import numpy as np
    >>> costs = np.array([[0.0, 5.0, 9.0], [4.0, 1.0, 6.0], [8.0, 7.0, 0.0]])
    >>> result = PCenter(p=2).solve(costs).result_
    >>> result.sites.tolist(), result.objective
    ([0, 2], 4.0)
    """

    name = "pcenter"

    def __init__(
        self,
        p: int,
        *,
        fixed: ArrayLike | None = None,
        eligible: ArrayLike | None = None,
        time_limit_s: float = 60.0,
    ) -> None:
        super().__init__(fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
        self.p = p

    def _check_parameters(self, data: ModelInput) -> None:
        check_p(self.p, int(data.eligible.sum()), len(data.fixed))

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        instance = dense_instance(data)
        search = _RadiusSearch(instance, int(self.p), deadline)
        search.run()
        sites = np.sort(instance.columns[search.sites]).astype(np.intp)
        assignment, cost = nearest_chosen(data.costs, sites)
        objective = float(cost[data.weights > 0].max())
        if not np.isfinite(objective):
            raise LocationInputError(
                N_("found no {p} sites that give every demand row a finite cost: raise p or allow more candidates",
                   p=self.p)
            )
        bound = min(search.lower, objective)
        return LocationResult(
            model=self.name,
            sites=sites,
            assignment=assignment,
            objective=objective,
            bound=bound,
            sense="min",
            status="optimal" if bound >= objective else "time_limit",
            solve_time_s=0.0,
            method=EXACT,
            details={
                "radii_tested": float(search.tests),
                "milp_solves": float(search.milp_solves),
                "row_generation_rounds": float(search.rounds),
                "subset_rows": float(len(search.rows)),
            },
        )


#: Relative gap below which a new incumbent is tested for optimality at once.
_CLOSE_GAP = 0.025
#: Share of the time left that one vertex-substitution search may take.
_SEARCH_SHARE = 0.1
#: Relative gap above which the bisection probes a quarter of the way up.
_FAR_GAP = 0.05


class _RadiusSearch:
    """Bisection on the sorted distinct costs, each radius decided by row generation.

    ``rows`` is the subset of demand rows the covering questions are asked
    for; it only grows, and stays valid for every radius (a radius that fails
    on a subset fails on all rows). ``lower`` is the best proven lower bound,
    ``upper`` the cost of the best sites found (``sites``).
    """

    def __init__(self, instance: DenseInstance, p: int, deadline: float) -> None:
        self.instance = instance
        self.p = p
        self.deadline = deadline
        self.costs = instance.costs
        self.sites, critical = farthest_first(instance, p)
        self.rows = np.unique(critical)
        self.sites = relocate(instance, self.sites)
        self.sites = substitute(instance, self.sites, self._search_deadline())
        self.upper = self._radius_of(self.sites)
        # Every row must reach some site: no radius below the worst nearest cost works.
        self.lower = float(self.costs.min(axis=1).max())
        # Rows with the same nearest candidate are near each other: one of them
        # enters the subset per round.
        self.nearest_column = self.costs.argmin(axis=1)
        self.tests = 0
        self.milp_solves = 0
        self.rounds = 0

    def _search_deadline(self) -> float:
        """When a local search must stop: it may take ``_SEARCH_SHARE`` of the time left."""
        now = time.perf_counter()
        return now + _SEARCH_SHARE * max(self.deadline - now, 0.0)

    def _radius_of(self, sites: NDArray[np.intp]) -> float:
        return float(self.costs[:, sites].min(axis=1).max())

    def run(self) -> None:
        if self.lower >= self.upper:
            self.lower = self.upper
            return
        values = self._radii()
        self._greedy_descent(values)
        self.sites = substitute(self.instance, self.sites, self._search_deadline())
        self.upper = self._radius_of(self.sites)
        low, high = 0, int(np.searchsorted(values, self.upper))
        # The optimum is one of values[low..high]; values[high] is self.upper.
        probe_top = False
        while low < high:
            if time.perf_counter() >= self.deadline:
                return
            # After a new incumbent close to the bound, first ask whether it is
            # optimal: one infeasibility proof just below it can end the search.
            close = values[high] - values[low] <= _CLOSE_GAP * values[high]
            # While the gap is wide, a quarter of the way up rather than halfway:
            # radii well below the optimum are refuted by small subsets, while
            # feasible ones need the subset to grow.
            far = values[high] - values[low] > _FAR_GAP * values[high]
            step = (high - low) // 4 if far else (high - low) // 2
            middle = high - 1 if probe_top and close else low + step
            radius = float(values[middle])
            verdict = self._decide(radius)
            if verdict is None:
                return
            probe_top = bool(verdict) and not probe_top
            if verdict:
                high = int(np.searchsorted(values, self.upper))
            else:
                # No radius below the subset's next cost above ``radius`` works either.
                low = max(middle + 1, int(np.searchsorted(values, self._next_subset_cost(radius))))
                low = min(low, high)
                self.lower = max(self.lower, float(values[low]))
        self.lower = self.upper

    def _greedy_descent(self, values: NDArray[np.float64]) -> None:
        """Lower ``upper`` by bisecting with the greedy cover of all rows alone (no proofs).

        Cheap, and it brings the exact search close to the optimum before any
        MILP, so that the subset grows only with rows that matter there.
        """
        low, high = 0, int(np.searchsorted(values, self.upper))
        while low < high and time.perf_counter() < self.deadline:
            middle = (low + high) // 2
            if self._greedy_all(float(values[middle])):
                high = int(np.searchsorted(values, self.upper))
            else:
                low = middle + 1

    def _greedy_all(self, radius: float) -> bool:
        """Whether the greedy cover of every row at ``radius`` fits in ``p`` sites (keeps it if better)."""
        columns = np.ones(self.costs.shape[1], dtype=bool)
        cover = coverage_matrix(self.costs, radius, columns)
        sites = _greedy_with_fixed(cover, self.instance.fixed, self.p - len(self.instance.fixed))
        if sites is None:
            return False
        sites = relocate(self.instance, self._complete(sites, radius))
        radius_of = self._radius_of(sites)
        if radius_of < self.upper:
            self.sites, self.upper = sites, radius_of
        return True

    def _radii(self) -> NDArray[np.float64]:
        """Sorted distinct costs between the bounds (the optimum is one of them)."""
        inside = self.costs[(self.costs >= self.lower) & (self.costs <= self.upper)]
        return np.unique(inside)

    def _next_subset_cost(self, radius: float) -> float:
        sub = self.costs[self.rows]
        above = sub[sub > radius]
        return float(above.min()) if above.size else np.inf

    def _decide(self, radius: float) -> bool | None:
        """Can ``p`` sites serve every row within ``radius``? None on timeout.

        Asks the covering question for the subset of rows; a cover that misses
        other rows brings the worst-served of them (one per nearest candidate,
        at most ``p``) into the subset, and the question is asked again.
        """
        self.tests += 1
        if self._greedy_all(radius):
            return True
        while time.perf_counter() < self.deadline:
            self.rounds += 1
            verdict = self._cover_subset(radius)
            if verdict is None or verdict is False:
                return verdict
            sites = self._complete(verdict, radius)
            served = self.costs[:, sites].min(axis=1)
            if served.max() < self.upper:
                sites = relocate(self.instance, sites)
                served = self.costs[:, sites].min(axis=1)
            if served.max() < self.upper:
                self.sites, self.upper = sites, float(served.max())
            missed = np.flatnonzero(served > radius)
            if missed.size == 0:
                return True
            self.rows = np.union1d(self.rows, self._spread(missed, served[missed]))
        return None

    def _spread(self, missed: NDArray[np.intp], served: NDArray[np.float64]) -> NDArray[np.intp]:
        """The worst-served missed rows, one per nearest candidate, at most ``p`` (at least 5)."""
        order = missed[np.argsort(-served, kind="stable")]
        _, first = np.unique(self.nearest_column[order], return_index=True)
        return order[np.sort(first)[: max(5, self.p)]]

    def _cover_subset(self, radius: float) -> NDArray[np.intp] | Literal[False] | None:
        """Sites serving the subset within ``radius``, False if none exists, None on timeout."""
        rows = self.rows
        cover = coverage_matrix(self.costs[rows], radius, np.ones(self.costs.shape[1], dtype=bool))
        budget = self.p - len(self.instance.fixed)
        greedy = _greedy_with_fixed(cover, self.instance.fixed, budget)
        if greedy is not None:
            return _without_redundant(cover, greedy, self.instance.fixed)
        self.milp_solves += 1
        chosen = _cover_within_budget(cover, self.instance.fixed, self.p, self.deadline)
        if chosen is None or chosen is False:
            return chosen
        return _without_redundant(cover, chosen, self.instance.fixed)

    def _complete(self, sites: NDArray[np.intp], radius: float) -> NDArray[np.intp]:
        """Top ``sites`` up to ``p``, each extra one serving the most rows still beyond ``radius``."""
        sites = np.unique(sites).astype(np.intp)
        served = self.costs[:, sites].min(axis=1)
        while len(sites) < self.p:
            missed = np.flatnonzero(served > radius)
            if missed.size == 0:
                return _fill_to_p(self.costs.shape[1], sites, self.p)
            gains = (self.costs[missed] <= radius).sum(axis=0)
            gains[sites] = -1
            best = int(np.argmax(gains))
            if gains[best] <= 0:
                return _fill_to_p(self.costs.shape[1], sites, self.p)
            sites = np.append(sites, best).astype(np.intp)
            served = np.minimum(served, self.costs[:, best])
        return sites


def _cover_within_budget(
    cover: sparse.csr_array, fixed: NDArray[np.intp], p: int, deadline: float
) -> NDArray[np.intp] | Literal[False] | None:
    """At most ``p`` sites (fixed ones included) covering every row of ``cover``.

    False when HiGHS proves that no such cover exists, None when it found
    neither in time. The MILP minimises the number of sites subject to a
    budget row and stops at its first feasible solution: a cover within the
    budget settles the question, and on the 20,000 x 1,000 bench instance
    HiGHS finds one 2-20x faster than it proves the minimum.
    """
    reduced_problem = _reduced_cover(cover, fixed)
    if reduced_problem is None:
        return fixed.astype(np.intp)
    reduced, columns = reduced_problem
    budget = p - len(fixed)
    if reduced.shape[1] == 0:
        return False
    outcome = _set_cover_milp(reduced, budget).solve(seconds_left(deadline), rel_gap=1.0)
    if outcome.status == "infeasible":
        return False
    if outcome.x is None:
        return None
    return np.concatenate([fixed, columns[binary_choice(outcome.x)]]).astype(np.intp)


def _reduced_cover(
    cover: sparse.csr_array, fixed: NDArray[np.intp]
) -> tuple[sparse.csr_array, NDArray[np.intp]] | None:
    """The covering rows the fixed sites miss, less dominated rows and columns (None: nothing left)."""
    todo = np.ones(cover.shape[0], dtype=bool)
    if len(fixed):
        todo = np.asarray(cover[:, fixed].sum(axis=1)).ravel() == 0
    merged = merge_identical_rows(cover[todo], np.ones(int(todo.sum())))
    if merged.matrix.shape[0] == 0:
        return None
    free = np.setdiff1d(np.arange(cover.shape[1]), fixed)
    columns = undominated_columns(merged.matrix, free)
    reduced = merged.matrix[:, columns]
    return reduced[essential_rows(reduced)], columns


def _without_redundant(
    cover: sparse.csr_array, sites: NDArray[np.intp], fixed: NDArray[np.intp]
) -> NDArray[np.intp]:
    """``sites`` less the non-fixed ones every covered row can do without (smallest first).

    The freed budget goes to the rows outside the subset (see ``_complete``).
    """
    by_site = sparse.csc_array(cover[:, sites])
    counts = np.asarray(by_site.sum(axis=1)).ravel()
    keep = np.ones(len(sites), dtype=bool)
    is_fixed = np.isin(sites, fixed)
    for position in np.argsort(np.diff(by_site.indptr), kind="stable"):
        if is_fixed[position]:
            continue
        rows = by_site.indices[by_site.indptr[position] : by_site.indptr[position + 1]]
        if np.all(counts[rows] >= 2):
            keep[position] = False
            counts[rows] -= 1
    return sites[keep]


def _fill_to_p(n_cols: int, sites: NDArray[np.intp], p: int) -> NDArray[np.intp]:
    """Top ``sites`` up to ``p`` columns (extra sites never raise the largest cost)."""
    if len(sites) >= p:
        return sites
    spare = np.setdiff1d(np.arange(n_cols), sites)[: p - len(sites)]
    return np.concatenate([sites, spare]).astype(np.intp)


def _greedy_with_fixed(
    cover: sparse.csr_array, fixed: NDArray[np.intp], budget: int
) -> NDArray[np.intp] | None:
    """Fixed sites plus a greedy cover of the rows they miss, or None if over ``budget``."""
    missed = np.ones(cover.shape[0], dtype=bool)
    if len(fixed):
        missed = np.asarray(cover[:, fixed].sum(axis=1)).ravel() == 0
    extra = greedy_cover(cover[missed], budget)
    return None if extra is None else np.concatenate([fixed, extra]).astype(np.intp)


def relocate(instance: DenseInstance, sites: NDArray[np.intp], rounds: int = 20) -> NDArray[np.intp]:
    """Move each non-fixed site to the candidate closest to the farthest row it serves, while that helps.

    A Lloyd-style descent for the largest cost: every row is served by its
    nearest site, and each site is moved to the 1-center (over candidates) of
    the rows it serves; kept only when the largest cost falls.
    """
    costs = instance.costs
    best = np.asarray(sites, dtype=np.intp).copy()
    best_radius = float(costs[:, best].min(axis=1).max())
    is_fixed = np.isin(best, instance.fixed)
    for _ in range(rounds):
        nearest = costs[:, best].argmin(axis=1)
        moved = best.copy()
        for position in np.flatnonzero(~is_fixed):
            served = np.flatnonzero(nearest == position)
            if served.size:
                moved[position] = int(costs[served].max(axis=0).argmin())
        if len(np.unique(moved)) < len(moved):
            break
        radius = float(costs[:, moved].min(axis=1).max())
        if radius >= best_radius:
            break
        best, best_radius = moved, radius
    return best


def substitute(
    instance: DenseInstance, sites: NDArray[np.intp], deadline: float, rounds: int = 100
) -> NDArray[np.intp]:
    """Vertex substitution for the largest cost (after Mladenović, Labbé and Hansen 2003).

    Each round makes the best swap of one non-fixed site for another
    candidate: the one with the lowest largest cost, ties (and swaps that
    keep it) broken by the summed excess of the costs over
    ``_EXCESS_LEVEL`` times the current largest cost, so that the search can
    cross plateaus where no single swap lowers the largest cost itself.
    For a candidate ``j`` the cost of row ``i`` after dropping site ``k`` is
    ``min(d2_i, d_ij)`` for ``k``'s own rows and ``min(d1_i, d_ij)`` for the
    others (``d1``, ``d2``: costs to the nearest and second-nearest site), so
    every swap with ``j`` is priced in one pass over the rows.
    """
    costs = instance.costs
    best = np.asarray(sites, dtype=np.intp).copy()
    n_sites = len(best)
    if n_sites < 2:
        return best
    is_fixed = np.isin(best, instance.fixed)
    positions = np.arange(n_sites)
    for _ in range(rounds):
        if time.perf_counter() >= deadline:
            break
        served = costs[:, best]
        order = np.argsort(served, axis=1)[:, :2]
        nearest = order[:, 0]
        by_site = np.argsort(nearest, kind="stable")
        d1 = np.take_along_axis(served, order[:, :1], axis=1).ravel()[by_site]
        d2 = np.take_along_axis(served, order[:, 1:2], axis=1).ravel()[by_site]
        radius = float(d1.max())
        level = _EXCESS_LEVEL * radius
        excess = float(np.maximum(d1 - level, 0.0).sum())
        occupied = np.bincount(nearest, minlength=n_sites) > 0
        starts = np.searchsorted(nearest[by_site], positions)[occupied]
        # Only candidates that serve some row above the level better than now can help.
        high = d1 > level
        useful = np.asarray((costs[by_site[high]] < d1[high, None]).any(axis=0), dtype=bool)
        useful[best] = False
        move, move_key = None, (radius, excess * (1.0 - 1e-9))
        for j in np.flatnonzero(useful):
            cj = costs[by_site, j]
            kept = np.minimum(d1, cj)
            lost = np.minimum(d2, cj)
            kept_max = np.full(n_sites, -np.inf)
            lost_max = np.full(n_sites, -np.inf)
            kept_max[occupied] = np.maximum.reduceat(kept, starts)
            lost_max[occupied] = np.maximum.reduceat(lost, starts)
            kept_excess = np.zeros(n_sites)
            lost_excess = np.zeros(n_sites)
            kept_excess[occupied] = np.add.reduceat(np.maximum(kept - level, 0.0), starts)
            lost_excess[occupied] = np.add.reduceat(np.maximum(lost - level, 0.0), starts)
            top = np.argsort(kept_max)[-2:]
            others = np.where(positions == top[-1], kept_max[top[0]], kept_max[top[-1]])
            after = np.maximum(others, lost_max)
            after_excess = kept_excess.sum() - kept_excess + lost_excess
            after[is_fixed] = np.inf
            k = int(np.lexsort((after_excess, after))[0])
            key = (float(after[k]), float(after_excess[k]))
            if key < move_key:
                move, move_key = (int(j), k), key
        if move is None:
            break
        best[move[1]] = move[0]
    return best


#: Share of the largest cost above which a row's excess counts in ``substitute``'s tie-break.
_EXCESS_LEVEL = 0.9


def farthest_first(instance: DenseInstance, p: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Open sites one by one at the candidate nearest the currently worst-served row.

    Returns the sites and the rows that were worst-served along the way (a
    spread-out set of critical rows to start the row generation from).
    """
    costs = instance.costs
    chosen = list(instance.fixed.tolist())
    if not chosen:
        chosen.append(int(np.argmin(costs.max(axis=0))))
    current = costs[:, chosen].min(axis=1)
    critical = []
    while True:
        worst_row = int(np.argmax(current))
        critical.append(worst_row)
        if len(chosen) >= p:
            break
        order = np.argsort(costs[worst_row], kind="stable")
        best = int(next(j for j in order if j not in chosen))
        chosen.append(best)
        current = np.minimum(current, costs[:, best])
    return np.asarray(chosen, dtype=np.intp), np.asarray(critical, dtype=np.intp)
