"""The p-median model: ``p`` sites that minimise the total weighted cost to the nearest one.

Solved in three steps, each feeding the next:

1. greedy construction and fast-swap local search give a good solution fast;
2. a Lagrangian bound (subgradient) certifies a gap, proves some candidates
   closed, and its relaxed solutions seed more local search;
3. for instances up to ``exact_limit`` pairs (or with ``method="exact"``) a
   truncated radius formulation solved by HiGHS closes the gap.

Every result reports the best solution, a valid lower bound and the proven gap.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trygg.analysis.locate.base import LocationModel, ModelInput, nearest_chosen, seconds_left
from trygg.analysis.locate.median_bound import lagrangian_bound
from trygg.analysis.locate.median_data import (
    DenseInstance,
    NearestLists,
    dense_instance,
    has_integral_objective,
    nearest_lists,
    nearest_two,
)
from trygg.analysis.locate.median_heuristic import Incumbent, greedy_sites, swap_search
from trygg.analysis.locate.median_radius import prove_by_radius_models
from trygg.analysis.locate.result import LocationResult, relative_gap, round_up_bound
from trygg.analysis.locate.validation import LocationInputError, check_p
from trygg.text import N_

EXACT = "exact-highs"
HEURISTIC = "heuristic+bound"
_METHODS = ("auto", "exact", "heuristic")


class PMedian(LocationModel):
    """p-median: open ``p`` sites minimising :math:`\\sum_i w_i \\min_{j \\in S} d_{ij}`.

    Parameters
    ----------
    p : int
        Number of sites to open, fixed sites included.
    capacities : array_like, optional
        Weight each candidate can serve, one per column. Solved as a MILP with
        one assignment variable per (demand, candidate) pair (demand may be
        split between sites), so only for modest sizes.
    method : {"auto", "exact", "heuristic"}
        ``"heuristic"`` stops after local search and the Lagrangian bound;
        ``"exact"`` always tries to prove the optimum with HiGHS; ``"auto"``
        does so when demand rows x candidates is at most ``exact_limit``.
    target_gap : float
        Stop as soon as the proven relative gap is at most this (0: prove optimality).
    exact_limit : int
        Largest number of (demand, candidate) pairs ``"auto"`` hands to HiGHS.
    fixed, eligible, time_limit_s
        See :class:`~trygg.analysis.locate.base.LocationModel`.

    Examples
    --------
    >>> import numpy as np
    >>> costs = np.array([[0.0, 5.0, 9.0], [4.0, 1.0, 6.0], [8.0, 7.0, 0.0]])
    >>> result = PMedian(p=2).solve(costs, [1.0, 1.0, 1.0]).result_
    >>> result.sites.tolist(), result.objective, result.gap
    ([0, 2], 4.0, 0.0)
    """

    name = "pmedian"

    def __init__(
        self,
        p: int,
        *,
        capacities: ArrayLike | None = None,
        method: str = "auto",
        target_gap: float = 0.0,
        exact_limit: int = 2_000_000,
        fixed: ArrayLike | None = None,
        eligible: ArrayLike | None = None,
        time_limit_s: float = 60.0,
    ) -> None:
        super().__init__(fixed=fixed, eligible=eligible, time_limit_s=time_limit_s)
        self.p = p
        self.capacities = capacities
        self.method = method
        self.target_gap = target_gap
        self.exact_limit = exact_limit

    def _check_parameters(self, data: ModelInput) -> None:
        check_p(self.p, int(data.eligible.sum()), len(data.fixed))
        if self.method not in _METHODS:
            raise LocationInputError(N_("method must be one of {value}, got {method!r}", value=', '.join(_METHODS), method=self.method))
        if not 0 <= float(self.target_gap) < 1:
            raise LocationInputError(N_("target_gap must be in [0, 1), got {target_gap!r}", target_gap=self.target_gap))
        if self.capacities is not None:
            from trygg.analysis.locate.covering import check_capacities

            check_capacities(self.capacities, data.n_candidates)

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        if self.capacities is not None:
            from trygg.analysis.locate.capacitated import solve_capacitated_pmedian

            return solve_capacitated_pmedian(self, data, deadline)
        instance = dense_instance(data)
        search = _MedianSearch(instance, int(self.p), deadline)
        search.run(self.method, float(self.target_gap), self.exact_limit)
        return self._result(data, instance, search)

    def _result(self, data: ModelInput, instance: DenseInstance, search: _MedianSearch) -> LocationResult:
        sites = np.sort(instance.columns[search.incumbent.sites]).astype(np.intp)
        assignment, cost = nearest_chosen(data.costs, sites)
        stranded = np.flatnonzero((data.weights > 0) & ~np.isfinite(cost))
        if stranded.size:
            raise LocationInputError(
                N_("found no {p} sites that give every demand row a finite cost: with the best sites found, demand row(s) {value} reach none of them; raise p or allow more candidates", p=self.p, value=stranded[:10].tolist())
            )
        objective = float(data.weights[data.weights > 0] @ cost[data.weights > 0])
        bound = min(search.bound, objective)
        gap = relative_gap(objective, bound)
        status = "optimal" if gap == 0 else ("time_limit" if search.timed_out else "feasible")
        return LocationResult(
            model=self.name,
            sites=sites,
            assignment=assignment,
            objective=objective,
            bound=bound,
            sense="min",
            status=status,
            solve_time_s=0.0,
            method=search.method,
            details=search.details,
        )


class _MedianSearch:
    """Local search, Lagrangian bound and (optionally) exact proof, sharing one incumbent."""

    def __init__(self, instance: DenseInstance, p: int, deadline: float) -> None:
        self.instance = instance
        self.p = p
        self.deadline = deadline
        self.bound = -np.inf
        self.method = HEURISTIC
        self.timed_out = False
        self.details: dict[str, float] = {}
        self.integral = has_integral_objective(instance)
        n_cols = instance.costs.shape[1]
        share = max(n_cols // max(p, 1), 1)
        self.swap_lists = nearest_lists(instance.costs, min(n_cols, max(50, 6 * share)))
        k_bound = min(self.swap_lists.k, max(60, 2 * share))
        self.bound_lists = NearestLists(
            self.swap_lists.columns[:, :k_bound].copy(), self.swap_lists.costs[:, :k_bound].copy(), n_cols
        )
        started = time.perf_counter()
        sites = greedy_sites(instance, p, self.swap_lists)
        sites, swaps = swap_search(instance, sites, self.swap_lists, deadline=deadline)
        self.incumbent = Incumbent(instance, sites, self.swap_lists)
        self.details.update(local_search_s=time.perf_counter() - started, swaps=float(swaps),
                            local_search_objective=self.incumbent.objective)

    def run(self, method: str, target_gap: float, exact_limit: int) -> None:
        if self._trivial():
            return
        exact = method == "exact" or (method == "auto" and self.instance.costs.size <= exact_limit)
        # With HiGHS to follow, a quicker bound is enough; without, the bound is
        # the whole certificate, so it may take longer to converge further.
        multipliers, closed, opened = self._bound(
            target_gap, share=0.5 if exact else 1.0, patience=25 if exact else 50, restart=not exact
        )
        if self.gap <= target_gap or not exact:
            return
        started = time.perf_counter()
        outcome = prove_by_radius_models(
            self.instance, self.p, self.incumbent, multipliers, closed, opened, self.deadline
        )
        self.bound = max(self.bound, round_up_bound(outcome.bound, self.integral))
        self.timed_out = self.timed_out or outcome.timed_out
        self.details.update(exact_s=time.perf_counter() - started, exact_rounds=float(outcome.rounds))
        if outcome.proven:
            self.method = EXACT

    @property
    def gap(self) -> float:
        return relative_gap(self.incumbent.objective, min(self.bound, self.incumbent.objective))

    def _trivial(self) -> bool:
        """All sites fixed, or every candidate open: nothing to choose, the solution is optimal."""
        n_cols = self.instance.costs.shape[1]
        if len(self.instance.fixed) == self.p or self.p == n_cols:
            self.bound = self.incumbent.objective
            return True
        return False

    def _bound(
        self, target_gap: float, share: float, patience: int, restart: bool
    ) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
        first, _, _, _ = nearest_two(self.instance.costs, self.incumbent.sites)
        budget = share * seconds_left(self.deadline)
        started = time.perf_counter()
        result = lagrangian_bound(
            self.instance, self.p, self.incumbent, self.instance.weights * first,
            lists=self.bound_lists, target_gap=target_gap, time_limit_s=budget, patience=patience,
            integral=self.integral, restart=restart,
            # Without an exact stage the bound is the certificate: it uses the whole budget.
            max_iterations=10**9 if restart else 5_000,
        )
        elapsed = time.perf_counter() - started
        self.bound = max(self.bound, result.bound)
        self.timed_out = elapsed >= budget * 0.99 and self.gap > target_gap
        self.details.update(
            bound_s=elapsed, bound_iterations=float(result.iterations),
            lagrangian_bound=result.bound, candidates_closed=float(result.closed.sum()),
            local_search_restarts=float(self.incumbent.starts_tried),
        )
        return result.multipliers, result.closed, result.opened
