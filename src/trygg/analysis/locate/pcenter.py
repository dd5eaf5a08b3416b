"""The p-center model: ``p`` sites that minimise the largest cost to the nearest one.

The optimum is one of the matrix's distinct costs, and a radius ``r`` is
achievable exactly when the set-covering problem at ``r`` needs at most ``p``
sites. So the model bisects over the distinct costs between a lower bound
(every demand row must reach some site: the largest nearest-candidate cost) and
the cost of a farthest-first solution, deciding each radius with a greedy cover
(enough sites? feasible), then HiGHS on the reduced covering MILP.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from trygg.analysis.locate.base import LocationModel, ModelInput, nearest_chosen
from trygg.analysis.locate.coverage import coverage_matrix, greedy_cover
from trygg.analysis.locate.covering import minimum_cover
from trygg.analysis.locate.median_data import DenseInstance, dense_instance
from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import LocationInputError, check_p

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
                f"found no {self.p} sites that give every demand row a finite cost: "
                "raise p or allow more candidates"
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
            },
        )


class _RadiusSearch:
    """Row generation around a bisection: solve on a few critical rows, add the rows it misses.

    The optimum over a subset of demand rows is a lower bound for all rows
    (Contardo, Iori and Kramer 2019); when its sites also serve every other row
    within that radius, it is the optimum. Subsets stay small, so each covering
    MILP is tiny. ``lower`` is the best proven lower bound, ``upper`` the cost
    of the best sites found.
    """

    def __init__(self, instance: DenseInstance, p: int, deadline: float) -> None:
        self.instance = instance
        self.p = p
        self.deadline = deadline
        self.costs = instance.costs
        self.sites, self.critical = farthest_first(instance, p)
        self.upper = self._radius_of(self.sites)
        # Every row must reach some site: no radius below the worst nearest cost works.
        self.lower = float(self.costs.min(axis=1).max())
        self.tests = 0
        self.milp_solves = 0
        self.rounds = 0

    def _radius_of(self, sites: NDArray[np.intp]) -> float:
        return float(self.costs[:, sites].min(axis=1).max())

    def run(self) -> None:
        rows = np.unique(self.critical)
        while self.lower < self.upper and time.perf_counter() < self.deadline:
            self.rounds += 1
            found = _SubsetBisection(self, rows).run()
            if found is None:
                return
            radius, sites = found
            self.lower = max(self.lower, radius)
            served = self.costs[:, sites].min(axis=1)
            if served.max() < self.upper:
                self.sites, self.upper = sites, float(served.max())
            missed = np.flatnonzero(served > radius)
            worst = missed[np.argsort(-served[missed], kind="stable")[: max(5, self.p)]]
            rows = np.union1d(rows, worst)

    def decide(self, rows: NDArray[np.intp], radius: float) -> NDArray[np.intp] | bool | None:
        """Sites serving ``rows`` within ``radius`` (a cover), False if none exists, None on timeout."""
        self.tests += 1
        cover = coverage_matrix(self.costs[rows], radius, np.ones(self.costs.shape[1], dtype=bool))
        budget = self.p - len(self.instance.fixed)
        greedy = _greedy_with_fixed(cover, self.instance.fixed, budget)
        if greedy is not None:
            return _fill_to_p(self.costs.shape[1], greedy, self.p)
        self.milp_solves += 1
        data = ModelInput(
            costs=self.costs[rows],
            weights=np.ones(len(rows)),
            eligible=np.ones(self.costs.shape[1], dtype=bool),
            fixed=self.instance.fixed,
        )
        chosen, outcome, _ = minimum_cover(data, cover, self.deadline, budget=budget)
        if outcome.x is not None:
            return _fill_to_p(self.costs.shape[1], np.concatenate([self.instance.fixed, chosen]), self.p)
        if outcome.status == "infeasible":
            return False
        return None


class _SubsetBisection:
    """Smallest radius >= the global lower bound at which ``p`` sites serve ``rows``."""

    def __init__(self, search: _RadiusSearch, rows: NDArray[np.intp]) -> None:
        self.search = search
        self.rows = rows
        self.sub = search.costs[rows]
        self.best_sites = search.sites
        self.high = float(self.sub[:, search.sites].min(axis=1).max())

    def run(self) -> tuple[float, NDArray[np.intp]] | None:
        low = self.search.lower
        if low >= self.high:
            return self.high, self.best_sites
        # Feasibility over these rows changes only at their costs, so those (and
        # the lower bound itself) are the only radii worth testing.
        values = self.sub[(self.sub > low) & (self.sub < self.high)]
        candidates = np.unique(np.concatenate([[low], values]))
        found = self._first_feasible(candidates)
        if found is None:
            return None
        radius = float(candidates[found]) if found < len(candidates) else self.high
        return radius, self.best_sites

    def _first_feasible(self, candidates: NDArray[np.float64]) -> int | None:
        """Index of the smallest feasible candidate (``len`` means only ``high`` is known to work).

        Galloping from the low end: after the first rounds the lower bound is
        usually right or nearly so, and one test settles it.
        """
        infeasible_below, step, probe = 0, 1, 0
        while probe < len(candidates):
            verdict = self._test(float(candidates[probe]))
            if verdict is None:
                return None
            if verdict:
                return self._bisect(candidates, infeasible_below, probe)
            infeasible_below = probe + 1
            probe, step = probe + step, step * 2
        return self._bisect(candidates, infeasible_below, len(candidates))

    def _bisect(self, candidates: NDArray[np.float64], low: int, high: int) -> int | None:
        """Smallest feasible index in [low, high], knowing ``high`` is feasible."""
        while low < high:
            middle = (low + high) // 2
            verdict = self._test(float(candidates[middle]))
            if verdict is None:
                return None
            if verdict:
                high = middle
            else:
                low = middle + 1
        return high

    def _test(self, radius: float) -> bool | None:
        verdict = self.search.decide(self.rows, radius)
        if verdict is None or verdict is False:
            return None if verdict is None else False
        self.best_sites = np.asarray(verdict, dtype=np.intp)
        return True


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
