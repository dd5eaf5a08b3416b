"""A Lagrangian lower bound for the p-median problem, by subgradient optimisation.

Relaxing "each demand row is assigned once" with multipliers ``lam`` gives

    L(lam) = sum_i lam_i - sum of the p largest S_j (fixed sites always taken),
    S_j    = sum_i max(0, lam_i - w_i d_ij),

which is a valid lower bound for every ``lam`` and whose maximum equals the LP
bound. Only pairs with ``w_i d_ij < lam_i`` contribute, so with each ``lam_i``
capped at ``w_i`` times the cost of row ``i``'s k-th nearest candidate the
bound is computed exactly on a k-nearest sparse list instead of the full matrix.

The bound also proves that some candidates are closed (or open) in every
optimal solution: if forcing a candidate open raises the bound above a known
solution's cost, no optimal solution opens it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.locate.median_data import DenseInstance, NearestLists
from trygg.analysis.locate.median_heuristic import Incumbent
from trygg.analysis.locate.result import round_up_bound

#: Halve the step after this many iterations without a better bound.
_PATIENCE = 25
#: Take the whole lists instead of prefixes once the prefixes fill this share of them.
_DENSE_SHARE = 0.2
#: Largest share of the time spent on local search from the relaxation's sites.
_PRIMAL_SHARE = 0.3
#: Stop when the step factor falls below this.
_MIN_STEP = 1e-4
#: Step factor of a restart from the best multipliers (``restart=True``).
_RESTART_STEP = 0.5
#: Least share of the budget one local search from the relaxation may take.
_PRIMAL_SLICE = 0.05


@dataclass(frozen=True)
class LagrangianBound:
    """Best bound found, its multipliers and the candidates it proves closed or open."""

    bound: float
    multipliers: NDArray[np.float64]
    closed: NDArray[np.bool_]
    opened: NDArray[np.bool_]
    iterations: int


def lagrangian_bound(
    instance: DenseInstance,
    p: int,
    incumbent: Incumbent,
    start: NDArray[np.float64],
    *,
    lists: NearestLists,
    target_gap: float = 0.0,
    time_limit_s: float = 10.0,
    max_iterations: int = 5_000,
    primal_every: int = 50,
    patience: int = _PATIENCE,
    integral: bool = False,
    restart: bool = False,
    progress: Callable[[int, float, float], None] | None = None,
) -> LagrangianBound:
    """Maximise the Lagrangian bound by subgradient steps (Polyak step to the incumbent's cost).

    Every ``primal_every`` iterations the sites the relaxation opens are handed to
    ``incumbent`` as a start for local search (a Lagrangian heuristic), so the
    known solution improves while the bound rises.

    Parameters
    ----------
    instance : DenseInstance
        The p-median instance.
    p : int
        Sites to open (fixed ones included).
    incumbent : Incumbent
        Best known solution; its cost steers the step size and the candidate tests.
    start : ndarray, shape (n,)
        Initial multipliers, e.g. each row's weighted cost in the known solution.
    lists : NearestLists
        Each row's nearest candidates; multipliers are capped to them.
    target_gap : float
        Stop once ``(incumbent - bound) / incumbent`` is at most this.
    time_limit_s, max_iterations
        Budget.
    patience : int
        Iterations without a better bound before the step is halved: larger
        converges more slowly but further.
    integral : bool
        Every objective is a whole number (whole weights and costs), so the
        bound may be rounded up.
    restart : bool
        When the step has shrunk to nothing, start again from the best
        multipliers with a fresh step instead of stopping, until the time
        limit or the target gap (for callers whose whole budget is the bound).
    progress : callable, optional
        Called after every iteration with (iteration, best bound, incumbent cost).
    """
    state = _SubgradientState(instance, lists, p)
    multipliers = state.clip(np.asarray(start, dtype=np.float64).copy())
    best_bound, best_multipliers, step, stale = -np.inf, multipliers, 2.0, 0
    started = time.perf_counter()
    deadline = started + time_limit_s
    primal_s = 0.0
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 - the count is returned
        bound, gradient, chosen = state.evaluate(multipliers)
        now = time.perf_counter()
        if iterations % primal_every == 1 and primal_s <= _PRIMAL_SHARE * (now - started) and now < deadline:
            # One search may not run away with the budget (a swap search on a
            # large instance takes seconds): it stops swapping after its slice.
            slice_s = max(_PRIMAL_SHARE * (now - started), _PRIMAL_SLICE * time_limit_s)
            incumbent.improve_from(np.flatnonzero(chosen), deadline=min(deadline, now + slice_s))
            primal_s += time.perf_counter() - now
        if bound > best_bound + 1e-12 * abs(bound):
            best_bound, best_multipliers, stale = bound, multipliers, 0
        else:
            stale += 1
            if stale >= patience:
                step, stale = step / 2.0, 0
        if progress is not None:
            progress(iterations, best_bound, incumbent.objective)
        norm = float(gradient @ gradient)
        open_gap = incumbent.objective - round_up_bound(best_bound, integral) > target_gap * abs(incumbent.objective)
        if restart and step < _MIN_STEP and norm > 0.0 and open_gap and time.perf_counter() < deadline:
            multipliers, step, stale = best_multipliers, _RESTART_STEP, 0
            continue
        if _done(round_up_bound(best_bound, integral), incumbent.objective, target_gap, norm, step, deadline):
            break
        target = incumbent.objective
        multipliers = state.clip(multipliers + step * (target - bound) / norm * gradient)
    closed, opened = state.candidate_tests(best_multipliers, best_bound, incumbent.objective)
    return LagrangianBound(round_up_bound(best_bound, integral), best_multipliers, closed, opened, iterations)


def _done(
    bound: float, upper_bound: float, target_gap: float, norm: float, step: float, deadline: float
) -> bool:
    return (
        upper_bound - bound <= target_gap * abs(upper_bound)
        or norm == 0.0
        or step < _MIN_STEP
        or time.perf_counter() > deadline
    )


class _SubgradientState:
    """Everything fixed during the iterations: weighted list costs, caps, fixed sites."""

    def __init__(self, instance: DenseInstance, lists: NearestLists, p: int) -> None:
        self.n_cols = instance.costs.shape[1]
        self.weighted = instance.weights[:, None] * lists.costs
        self.k = lists.k
        self.columns = lists.columns
        self.flat_weighted = self.weighted.ravel()
        self.flat_columns = lists.columns.ravel()
        # Beyond the list the costs are unknown to this sparse evaluation, so a
        # multiplier may not exceed the weighted cost of the last listed candidate.
        self.cap = self.weighted[:, -1] if lists.k < self.n_cols else np.full(len(self.weighted), np.inf)
        self.fixed = np.zeros(self.n_cols, dtype=bool)
        self.fixed[instance.fixed] = True
        self.free_slots = p - int(self.fixed.sum())

    def clip(self, multipliers: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.clip(multipliers, 0.0, self.cap)

    def active_pairs(
        self, multipliers: NDArray[np.float64]
    ) -> tuple[NDArray[np.intp] | None, NDArray[np.intp], NDArray[np.float64]]:
        """Columns and excess ``max(0, lam_i - w_i d_ij)`` of the list pairs that can be positive.

        The lists are sorted, so the pairs with positive excess are a prefix of
        each row. Short prefixes are gathered one by one (flat arrays, with
        their rows); when they fill much of the lists, the lists are taken
        whole as 2-D arrays (rows ``None``), which is then cheaper.
        """
        excess = multipliers[:, None] - self.weighted
        positive = excess > 0
        lengths = positive.sum(axis=1)
        if lengths.sum() >= _DENSE_SHARE * excess.size:
            return None, self.columns, np.where(positive, excess, 0.0)
        rows = np.repeat(np.arange(len(lengths)), lengths)
        starts = np.cumsum(lengths) - lengths
        flat = rows * self.k + (np.arange(len(rows)) - np.repeat(starts, lengths))
        excess = multipliers[rows] - self.flat_weighted[flat]
        return rows, self.flat_columns[flat], excess

    def column_sums(self, multipliers: NDArray[np.float64]) -> NDArray[np.float64]:
        _, cols, excess = self.active_pairs(multipliers)
        return np.asarray(np.bincount(cols.ravel(), excess.ravel(), minlength=self.n_cols), dtype=np.float64)

    def open_columns(self, sums: NDArray[np.float64]) -> NDArray[np.bool_]:
        chosen = self.fixed.copy()
        if self.free_slots > 0:
            free = np.flatnonzero(~self.fixed)
            best = free[np.argpartition(-sums[free], self.free_slots - 1)[: self.free_slots]]
            chosen[best] = True
        return chosen

    def evaluate(
        self, multipliers: NDArray[np.float64]
    ) -> tuple[float, NDArray[np.float64], NDArray[np.bool_]]:
        """Bound, subgradient and the candidates the relaxation opens."""
        rows, cols, excess = self.active_pairs(multipliers)
        sums = np.asarray(np.bincount(cols.ravel(), excess.ravel(), minlength=self.n_cols), dtype=np.float64)
        chosen = self.open_columns(sums)
        bound = float(multipliers.sum() - sums[chosen].sum())
        if rows is None:
            served = ((excess > 0) & chosen[cols]).sum(axis=1)
        else:
            served = np.bincount(rows, chosen[cols], minlength=len(multipliers))
        return bound, np.asarray(1.0 - served, dtype=np.float64), chosen

    def candidate_tests(
        self, multipliers: NDArray[np.float64], bound: float, upper_bound: float
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Candidates closed (opened) in every solution cheaper than or as cheap as the known one."""
        closed = np.zeros(self.n_cols, dtype=bool)
        opened = self.fixed.copy()
        if self.free_slots == 0:
            closed[~self.fixed] = True
            return closed, opened
        sums = self.column_sums(multipliers)
        chosen = self.open_columns(sums)
        free_chosen = chosen & ~self.fixed
        free_other = ~chosen & ~self.fixed
        slack = upper_bound * (1.0 + 1e-9) + 1e-9
        if free_other.any():
            # Forcing j open pushes out the weakest chosen free candidate.
            weakest = sums[free_chosen].min()
            closed[free_other] = bound + weakest - sums[free_other] > slack
        if free_other.any():
            # Forcing j closed lets in the strongest unchosen candidate.
            strongest = sums[free_other].max()
            opened[free_chosen] = bound + sums[free_chosen] - strongest > slack
        return closed, opened
