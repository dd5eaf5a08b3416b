"""Coverage matrices and the reductions that make covering models small.

Random or real demand is usually far more numerous than the distinct ways it can
be covered: 18,890 grid cells may fall into 3,077 distinct coverage sets.
Merging rows with identical sets (summing their weights) and dropping candidate
columns whose coverage is contained in another's shrinks the MILP without
changing its optimum.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.locate.validation import CostMatrix

#: Rows of a dense cost matrix compared per block, to bound temporary memory.
_BLOCK_ROWS = 4096


def coverage_matrix(
    costs: CostMatrix, radius: float, columns: NDArray[np.bool_]
) -> sparse.csr_array:
    """Boolean demand x candidate matrix: True where ``cost <= radius`` and the column is allowed.

    Parameters
    ----------
    costs : ndarray or sparse matrix, shape (n_demand, n_candidates)
        Travel costs (e.g. m); ``inf`` or a missing sparse entry means unreachable.
    radius : float
        Service radius, in the unit of ``costs``.
    columns : ndarray of bool, shape (n_candidates,)
        Candidates that may cover (eligible ones).
    """
    if sparse.issparse(costs):
        return _sparse_coverage(sparse.csr_array(costs), radius, columns)
    return _dense_coverage(np.asarray(costs), radius, columns)


def _dense_coverage(
    costs: NDArray[np.float64], radius: float, columns: NDArray[np.bool_]
) -> sparse.csr_array:
    n_rows, n_cols = costs.shape
    allowed = np.flatnonzero(columns)
    counts = np.zeros(n_rows, dtype=np.int64)
    pieces = []
    for start in range(0, n_rows, _BLOCK_ROWS):
        block = costs[start : start + _BLOCK_ROWS][:, allowed] <= radius
        rows, cols = np.nonzero(block)
        counts[start : start + block.shape[0]] = block.sum(axis=1)
        pieces.append(allowed[cols])
    indptr = np.concatenate([[0], np.cumsum(counts)])
    indices = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)
    data = np.ones(len(indices), dtype=bool)
    return sparse.csr_array((data, indices, indptr), shape=(n_rows, n_cols))


def _sparse_coverage(
    costs: sparse.csr_array, radius: float, columns: NDArray[np.bool_]
) -> sparse.csr_array:
    keep = (costs.data <= radius) & columns[costs.indices]
    coo = sparse.coo_array(costs)
    covered = sparse.csr_array(
        (np.ones(int(keep.sum()), dtype=bool), (coo.row[keep], coo.col[keep])), shape=costs.shape
    )
    covered.sort_indices()
    return covered


def nearest_costs(costs: CostMatrix, columns: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Cost from each demand row to its nearest allowed candidate (``inf`` if none is reachable)."""
    if not sparse.issparse(costs):
        dense = np.asarray(costs)
        return np.asarray(dense[:, columns].min(axis=1), dtype=np.float64)
    csr = sparse.csr_array(costs)
    coo = sparse.coo_array(csr)
    keep = columns[coo.col]
    nearest = np.full(csr.shape[0], np.inf)
    np.minimum.at(nearest, coo.row[keep], coo.data[keep])
    return nearest


@dataclass(frozen=True)
class MergedRows:
    """Demand rows grouped by identical coverage set.

    ``matrix`` has one row per group, ``weights`` their summed weights and
    ``group_of_row[i]`` the group of original row ``i`` (for the rows that were given).
    """

    matrix: sparse.csr_array
    weights: NDArray[np.float64]
    group_of_row: NDArray[np.intp]


def merge_identical_rows(cover: sparse.csr_array, weights: NDArray[np.float64]) -> MergedRows:
    """Merge rows of a boolean coverage matrix that cover exactly the same candidates.

    The merged problem has the same optimum for LSCP, LSCP-B and MCLP: rows with
    the same coverage set are covered (or backed up) together or not at all.
    """
    cover = sparse.csr_array(cover)
    cover.sort_indices()
    keys = _row_keys(cover)
    _, first, group = np.unique(keys, return_index=True, return_inverse=True)
    merged_weights = np.asarray(np.bincount(group, weights=weights, minlength=len(first)), dtype=np.float64)
    return MergedRows(cover[first], merged_weights, group.astype(np.intp))


def _row_keys(cover: sparse.csr_array) -> NDArray[np.object_]:
    # Exact keys (the bytes of each row's sorted column list) rather than a
    # numeric hash: no collision can ever merge two different coverage sets.
    indices = cover.indices.astype(np.int32)
    indptr = cover.indptr
    keys = np.empty(cover.shape[0], dtype=object)
    for row in range(cover.shape[0]):
        keys[row] = indices[indptr[row] : indptr[row + 1]].tobytes()
    return keys


def undominated_columns(cover: sparse.csr_array, candidates: NDArray[np.intp]) -> NDArray[np.intp]:
    """Columns among ``candidates`` whose coverage set is not inside another candidate's.

    Of columns with identical sets the lowest index is kept. Valid for models in
    which every site counts the same and more coverage is never worse (LSCP and
    uncapacitated MCLP); not for backup coverage, where a second site covering
    the same rows is exactly what is wanted.
    """
    by_column = sparse.csr_array(sparse.csc_array(cover[:, candidates]).T).astype(np.int32)
    sizes = np.asarray(by_column.sum(axis=1)).ravel()
    dominated = sizes == 0
    for small, large in _subset_pairs(by_column):
        strictly = sizes[large] > sizes[small]
        same_set_lower = (sizes[large] == sizes[small]) & (large < small)
        dominated[small[strictly | same_set_lower]] = True
    return candidates[~dominated]


def essential_rows(cover: sparse.csr_array) -> NDArray[np.intp]:
    """Rows whose coverage set contains no other row's set (identical sets: the first is kept).

    Covering the smaller set covers the larger one too, so for set covering only
    these rows need a constraint.
    """
    rows = sparse.csr_array(cover).astype(np.int32)
    sizes = np.asarray(rows.sum(axis=1)).ravel()
    redundant = np.zeros(rows.shape[0], dtype=bool)
    for inner, outer in _subset_pairs(rows):
        strictly = sizes[outer] > sizes[inner]
        same_set_later = (sizes[outer] == sizes[inner]) & (outer > inner)
        redundant[outer[strictly | same_set_later]] = True
    return np.flatnonzero(~redundant).astype(np.intp)


#: Entries of the set-overlap matrix computed at once by ``_subset_pairs``
#: (about 40 bytes each at the peak), so that memory stays bounded however
#: much the sets overlap.
_OVERLAP_BLOCK = 2_000_000


def _subset_pairs(sets: sparse.csr_array) -> Iterator[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """Pairs ``(small, large)`` of distinct rows of ``sets`` with ``set(small) <= set(large)``.

    Yielded block by block of ``large`` rows. The overlap ``sets @ sets.T`` has
    one entry per pair of rows sharing an element, which can be far more than
    the stored pairs of ``sets`` (a candidate covering 300 rows gives 90,000);
    computing it for a block of rows at a time keeps its peak to
    ``_OVERLAP_BLOCK`` entries.
    """
    sizes = np.asarray(sets.sum(axis=1)).ravel()
    transposed = sparse.csr_array(sets.T)
    # Overlap entries of each row: at most the sum of its elements' set counts.
    work = np.asarray(sets @ np.diff(transposed.indptr).astype(np.int64)).ravel()
    ends = np.cumsum(work)
    start, n_rows = 0, sets.shape[0]
    while start < n_rows:
        # Grow the block until it holds _OVERLAP_BLOCK entries (at least one row).
        limit = (ends[start - 1] if start else 0) + _OVERLAP_BLOCK
        stop = max(int(np.searchsorted(ends, limit, side="right")), start + 1)
        overlap = sparse.coo_array(sets[start:stop] @ transposed)
        large = overlap.row.astype(np.intp) + start
        small = overlap.col.astype(np.intp)
        keep = (overlap.data == sizes[small]) & (small != large)
        yield small[keep], large[keep]
        start = stop


def greedy_cover(cover: sparse.csr_array, budget: int | None = None) -> NDArray[np.intp] | None:
    """Columns chosen greedily (most still-uncovered rows first) until every row is covered.

    Returns None when some row cannot be covered or more than ``budget`` columns
    would be needed.
    """
    by_column = sparse.csc_array(cover, dtype=np.float64)
    uncovered = np.ones(cover.shape[0], dtype=bool)
    chosen: list[int] = []
    while uncovered.any():
        if budget is not None and len(chosen) == budget:
            return None
        gains = by_column.T @ uncovered.astype(np.float64)
        best = int(np.argmax(gains))
        if gains[best] == 0:
            return None
        chosen.append(best)
        column = by_column[:, [best]]
        uncovered[column.indices] = False
    return np.asarray(chosen, dtype=np.intp)


def greedy_max_cover(cover: sparse.csr_array, weights: NDArray[np.float64], count: int) -> NDArray[np.intp]:
    """``count`` columns chosen greedily, each adding the most not-yet-covered weight."""
    by_column = sparse.csc_array(cover, dtype=np.float64)
    remaining = weights.astype(np.float64).copy()
    chosen: list[int] = []
    for _ in range(min(count, cover.shape[1])):
        gains = by_column.T @ remaining
        gains[chosen] = -1.0
        best = int(np.argmax(gains))
        chosen.append(best)
        remaining[by_column[:, [best]].indices] = 0.0
    return np.asarray(chosen, dtype=np.intp)
