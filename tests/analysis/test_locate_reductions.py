"""The covering reductions shrink the problem without changing what it means."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from trygg.analysis.locate.coverage import (
    coverage_matrix,
    essential_rows,
    merge_identical_rows,
    nearest_costs,
    undominated_columns,
)


def as_cover(rows):
    return sparse.csr_array(np.array(rows, dtype=bool))


def test_rows_with_the_same_coverage_set_merge_and_sum_their_weights():
    cover = as_cover([[1, 0, 1], [0, 1, 0], [1, 0, 1], [0, 0, 0]])
    merged = merge_identical_rows(cover, np.array([2.0, 3.0, 5.0, 7.0]))
    assert merged.matrix.shape == (3, 3)
    group = merged.group_of_row
    assert group[0] == group[2] != group[1]
    assert merged.weights[group[0]] == 7.0
    assert merged.weights.sum() == 17.0


def test_a_column_covering_a_subset_of_another_is_dropped():
    cover = as_cover([[1, 1, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0]])
    # Column 0 is inside column 1; columns 1 and 3 are identical (keep 1); column 2 is alone.
    assert undominated_columns(cover, np.arange(4)).tolist() == [1, 2]
    # Only among the candidates offered: without column 1, column 3 keeps column 0 out.
    assert undominated_columns(cover, np.array([0, 2, 3])).tolist() == [2, 3]


def test_a_row_whose_set_contains_another_rows_set_is_redundant():
    cover = as_cover([[1, 1, 0], [1, 0, 0], [1, 0, 0], [0, 1, 1]])
    assert essential_rows(cover).tolist() == [1, 3]


def test_coverage_from_dense_and_sparse_costs_agree():
    rng = np.random.default_rng(4)
    costs = rng.uniform(0, 10, size=(50, 8))
    costs[costs > 8] = np.inf
    allowed = np.array([True, True, False, True, True, True, False, True])
    finite = np.isfinite(costs)
    rows, cols = np.nonzero(finite)
    as_sparse = sparse.csr_array((costs[finite], (rows, cols)), shape=costs.shape)
    dense_cover = coverage_matrix(costs, 4.0, allowed).toarray()
    assert (dense_cover == ((costs <= 4.0) & allowed)).all()
    assert (coverage_matrix(as_sparse, 4.0, allowed).toarray() == dense_cover).all()
    expected = np.where(allowed, costs, np.inf).min(axis=1)
    np.testing.assert_array_equal(nearest_costs(costs, allowed), expected)
    np.testing.assert_array_equal(nearest_costs(as_sparse, allowed), expected)


def _brute_force_essential_rows(dense):
    keep = []
    for outer in range(len(dense)):
        inside = [
            inner
            for inner in range(len(dense))
            if inner != outer
            and (dense[inner] <= dense[outer]).all()
            and (dense[inner].sum() < dense[outer].sum() or inner < outer)
        ]
        if not inside:
            keep.append(outer)
    return keep


def _brute_force_undominated(dense, candidates):
    keep = []
    for small in candidates:
        column = dense[:, small]
        dominated = not column.any() or any(
            (column <= dense[:, large]).all()
            and (dense[:, large].sum() > column.sum() or large < small)
            for large in candidates
            if large != small
        )
        if not dominated:
            keep.append(small)
    return keep


def test_the_reductions_give_the_same_answer_when_the_overlap_is_computed_in_small_blocks(
    monkeypatch,
):
    # The set overlaps are computed a block of rows at a time so that memory stays
    # bounded; a block of a few entries must not change which rows/columns are kept.
    from trygg.analysis.locate import coverage

    rng = np.random.default_rng(11)
    dense = rng.random((40, 12)) < 0.3
    dense[5] = dense[3]
    dense[:, 7] = dense[:, 2]
    cover = sparse.csr_array(dense)
    candidates = np.arange(12)
    rows, columns = essential_rows(cover).tolist(), undominated_columns(cover, candidates).tolist()
    assert rows == _brute_force_essential_rows(dense)
    assert columns == _brute_force_undominated(dense, candidates)
    monkeypatch.setattr(coverage, "_OVERLAP_BLOCK", 3)
    assert essential_rows(cover).tolist() == rows
    assert undominated_columns(cover, candidates).tolist() == columns


def test_nearest_chosen_site_from_sparse_costs_matches_the_dense_answer():
    from trygg.analysis.locate.base import nearest_chosen

    rng = np.random.default_rng(5)
    costs = rng.integers(0, 6, size=(60, 9)).astype(np.float64)  # ties on purpose
    costs[rng.random(costs.shape) < 0.4] = np.inf
    finite = np.isfinite(costs)
    rows, cols = np.nonzero(finite)
    as_sparse = sparse.csr_array((costs[finite], (rows, cols)), shape=costs.shape)
    sites = np.array([6, 1, 4, 8])
    dense_site, dense_cost = nearest_chosen(costs, sites)
    sparse_site, sparse_cost = nearest_chosen(as_sparse, sites)
    np.testing.assert_array_equal(sparse_cost, dense_cost)
    np.testing.assert_array_equal(sparse_site, dense_site)
    assert (dense_site == -1).any()
