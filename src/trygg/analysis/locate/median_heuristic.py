"""Greedy construction and fast-swap local search for the p-median problem.

The swap step evaluates every (insert ``j``, remove ``r``) pair at once with the
decomposition of Whitaker's fast interchange, kept up to date incrementally as
Resende and Werneck (2003) describe: profit(j, r) = gain(j) - loss(r) + extra(j, r),

* gain(j): what inserting ``j`` saves for rows that would move to it;
* loss(r): what removing ``r`` costs its rows when they fall back to their
  second-nearest open site;
* extra(j, r): the part of loss(r) that inserting ``j`` wins back.

Each row contributes only through the candidates cheaper than its second-nearest
open site, and after a swap only the rows whose nearest two sites change need
their contributions redone, so a swap costs a small share of one matrix pass.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.locate.median_data import DenseInstance, NearestLists, nearest_two

#: Rows per block when a pass over the dense matrix needs temporaries.
_BLOCK_ROWS = 2048
#: A swap must improve the objective by more than this share to count: the
#: incremental sums drift by float rounding, and a smaller gain is not worth a swap.
_MIN_IMPROVEMENT = 1e-9

Pairs = tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]


def pairs_below(
    instance: DenseInstance,
    lists: NearestLists | None,
    rows: NDArray[np.intp],
    threshold: NDArray[np.float64],
) -> Iterator[Pairs]:
    """Yield, in blocks, every pair of ``rows`` with ``cost < threshold``.

    Each block is (index into ``rows``, column, cost); ``threshold`` is aligned
    with ``rows``. Rows whose threshold lies within their nearest-candidate
    list are read from it, the others from the matrix.
    """
    from_list = _within_lists(lists, rows, threshold)
    if lists is not None and from_list.any():
        local = np.flatnonzero(from_list)
        for hits, cols, costs in _pairs_from_lists(lists, rows[local], threshold[local]):
            yield local[hits], cols, costs
    if not from_list.all():
        local = np.flatnonzero(~from_list)
        for hits, cols, costs in _pairs_from_matrix(instance.costs, rows[local], threshold[local]):
            yield local[hits], cols, costs


def _within_lists(
    lists: NearestLists | None, rows: NDArray[np.intp], threshold: NDArray[np.float64]
) -> NDArray[np.bool_]:
    if lists is None:
        return np.zeros(len(rows), dtype=bool)
    if lists.k == lists.n_columns:
        return np.ones(len(rows), dtype=bool)
    # Unlisted candidates cost at least the last listed one.
    return np.asarray(threshold <= lists.costs[rows, -1])


def _pairs_from_lists(
    lists: NearestLists, rows: NDArray[np.intp], threshold: NDArray[np.float64]
) -> Iterator[Pairs]:
    block_rows = max((1 << 20) // max(lists.k, 1), 1)
    for start in range(0, len(rows), block_rows):
        ids = rows[start : start + block_rows]
        costs = lists.costs[ids]
        hits, slots = np.nonzero(costs < threshold[start : start + block_rows, None])
        yield hits + start, lists.columns[ids[hits], slots], costs[hits, slots]


def _pairs_from_matrix(
    costs: NDArray[np.float64], rows: NDArray[np.intp], threshold: NDArray[np.float64]
) -> Iterator[Pairs]:
    for start in range(0, len(rows), _BLOCK_ROWS):
        ids = rows[start : start + _BLOCK_ROWS]
        block = costs[ids]
        hits, cols = np.nonzero(block < threshold[start : start + _BLOCK_ROWS, None])
        yield hits + start, cols.astype(np.intp), block[hits, cols]


def _savings_of_rows(
    instance: DenseInstance,
    lists: NearestLists | None,
    rows: NDArray[np.intp],
    current: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per column: weighted cost that ``rows`` (at cost ``current``) would save if it opened."""
    total = np.zeros(instance.costs.shape[1])
    for local, cols, pair_costs in pairs_below(instance, lists, rows, current):
        saved = instance.weights[rows[local]] * (current[local] - pair_costs)
        total += np.bincount(cols, saved, minlength=len(total))
    return total


def greedy_sites(
    instance: DenseInstance, p: int, lists: NearestLists | None = None
) -> NDArray[np.intp]:
    """Open ``p`` sites one at a time, each the one that lowers the weighted cost most.

    Fixed sites are opened first. Returns column positions in opening order.
    """
    costs, weights = instance.costs, instance.weights
    chosen = list(instance.fixed.tolist())
    if not chosen:
        chosen.append(_best_single_site(costs, weights))
    current = costs[:, chosen].min(axis=1)
    all_rows = np.arange(costs.shape[0], dtype=np.intp)
    savings = _savings_of_rows(instance, lists, all_rows, current)
    while len(chosen) < p:
        masked = savings.copy()
        masked[chosen] = -np.inf
        best = int(np.argmax(masked))
        chosen.append(best)
        changed = np.flatnonzero(costs[:, best] < current).astype(np.intp)
        savings -= _savings_of_rows(instance, lists, changed, current[changed])
        current[changed] = costs[changed, best]
        savings += _savings_of_rows(instance, lists, changed, current[changed])
    return np.asarray(chosen, dtype=np.intp)


def _best_single_site(costs: NDArray[np.float64], weights: NDArray[np.float64]) -> int:
    total = np.zeros(costs.shape[1])
    for start in range(0, costs.shape[0], _BLOCK_ROWS):
        total += weights[start : start + _BLOCK_ROWS] @ costs[start : start + _BLOCK_ROWS]
    return int(np.argmin(total))


class SwapState:
    """Open sites with each row's two nearest, and the gain/loss/extra sums of all swaps."""

    def __init__(self, instance: DenseInstance, lists: NearestLists | None, sites: NDArray[np.intp]) -> None:
        self.instance = instance
        self.lists = lists
        self.sites = np.asarray(sites, dtype=np.intp).copy()
        n_cols, p = instance.costs.shape[1], len(self.sites)
        self.first, self.nearest, self.second, self.runner_up = nearest_two(instance.costs, self.sites)
        self.gain = np.zeros(n_cols)
        self.loss = np.zeros(p)
        self.extra = np.zeros(n_cols * p)
        self._add_rows(np.arange(instance.costs.shape[0], dtype=np.intp), 1.0)

    @property
    def objective(self) -> float:
        return float(self.instance.weights @ self.first)

    def _add_rows(self, rows: NDArray[np.intp], sign: float) -> None:
        weights, p = self.instance.weights, len(self.sites)
        first, second, nearest = self.first[rows], self.second[rows], self.nearest[rows]
        self.loss += sign * np.bincount(nearest, weights[rows] * (second - first), minlength=p)
        for at, cols, pair_costs in pairs_below(self.instance, self.lists, rows, second):
            w = weights[rows[at]]
            saved = w * np.maximum(first[at] - pair_costs, 0.0)
            self.gain += sign * np.bincount(cols, saved, minlength=len(self.gain))
            won = w * (second[at] - np.maximum(pair_costs, first[at]))
            self.extra += sign * np.bincount(cols * p + nearest[at], won, minlength=len(self.extra))

    def best_swap(self, movable: NDArray[np.bool_]) -> tuple[int, int, float]:
        """The (column to insert, position to remove, profit) of the best swap."""
        profit = self.gain[:, None] - self.loss[None, :] + self.extra.reshape(len(self.gain), -1)
        profit[self.sites, :] = -np.inf
        profit[:, ~movable] = -np.inf
        insert, remove = np.unravel_index(int(np.argmax(profit)), profit.shape)
        return int(insert), int(remove), float(profit[insert, remove])

    def apply(self, insert: int, remove: int) -> None:
        """Swap, then redo the sums of the rows whose nearest two sites changed."""
        column = self.instance.costs[:, insert]
        affected = np.flatnonzero(
            (self.nearest == remove) | (self.runner_up == remove) | (column < self.second)
        ).astype(np.intp)
        self._add_rows(affected, -1.0)
        self.sites[remove] = insert
        first, nearest, second, runner_up = nearest_two(self.instance.costs[affected], self.sites)
        self.first[affected], self.nearest[affected] = first, nearest
        self.second[affected], self.runner_up[affected] = second, runner_up
        self._add_rows(affected, 1.0)


def swap_search(
    instance: DenseInstance,
    sites: NDArray[np.intp],
    lists: NearestLists | None = None,
    max_swaps: int = 10_000,
    deadline: float | None = None,
) -> tuple[NDArray[np.intp], int]:
    """Improve ``sites`` by best-improvement swaps until no swap helps.

    ``lists`` (each row's nearest candidates) lets rows be read from short lists
    instead of the whole matrix. Fixed sites are never removed. Past
    ``deadline`` (a ``time.perf_counter`` value) no further swap is started:
    the sites reached so far are returned, a valid solution if not a local
    optimum. Returns the improved sites and the number of swaps made.
    """
    sites = np.asarray(sites, dtype=np.intp).copy()
    movable = ~np.isin(sites, instance.fixed)
    if len(sites) < 2 or not movable.any() or len(sites) == instance.costs.shape[1]:
        return sites, 0
    state = SwapState(instance, lists, sites)
    for swaps in range(max_swaps):
        if deadline is not None and time.perf_counter() > deadline:
            return state.sites, swaps
        before = state.objective
        insert, remove, profit = state.best_swap(movable)
        if profit <= _MIN_IMPROVEMENT * max(before, 1.0):
            return state.sites, swaps
        previous = state.sites.copy()
        state.apply(insert, remove)
        if state.objective >= before:
            # The incremental sums promised more than the swap gave (float drift).
            return previous, swaps
    return state.sites, max_swaps


class Incumbent:
    """The best p-median solution known so far, improved by swap search from new starts."""

    def __init__(self, instance: DenseInstance, sites: NDArray[np.intp], lists: NearestLists | None) -> None:
        self.instance = instance
        self.lists = lists
        self.sites = np.sort(np.asarray(sites, dtype=np.intp))
        self.objective = instance.objective(self.sites)
        self.starts_tried = 0
        self._seen: set[bytes] = {self.sites.tobytes()}

    def improve_from(self, start: NDArray[np.intp], deadline: float | None = None) -> bool:
        """Run swap search from ``start`` (unless tried before); keep the result if better.

        The search stops swapping past ``deadline`` (see :func:`swap_search`).
        """
        start = np.sort(np.asarray(start, dtype=np.intp))
        key = start.tobytes()
        if key in self._seen or len(start) != len(self.sites):
            return False
        self._seen.add(key)
        self.starts_tried += 1
        sites, _ = swap_search(self.instance, start, self.lists, deadline=deadline)
        return self.offer(sites)

    def offer(self, sites: NDArray[np.intp]) -> bool:
        """Keep ``sites`` if they cost less than the incumbent."""
        sites = np.sort(np.asarray(sites, dtype=np.intp))
        objective = self.instance.objective(sites)
        if objective < self.objective:
            self.sites, self.objective = sites, objective
            return True
        return False
