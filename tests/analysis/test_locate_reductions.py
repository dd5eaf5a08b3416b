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
