"""The reduced, dense form of a p-median or p-center instance that the solvers work on.

Only demand rows with positive weight and eligible candidate columns are kept;
unreachable pairs get a penalty cost larger than any solution that avoids them,
so the arithmetic stays finite and such a pair is used only when unavoidable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.locate.base import ModelInput
from trygg.analysis.locate.validation import LocationInputError
from trygg.text import N_

#: Largest dense matrix (entries) the p-median and p-center solvers accept:
#: 200 million float64 values is 1.6 GB.
MAX_DENSE_ENTRIES = 200_000_000


@dataclass(frozen=True)
class DenseInstance:
    """Costs of positive-weight rows to eligible columns, with the maps back.

    Attributes
    ----------
    costs : ndarray, shape (n, m)
        Cost from kept row to kept column; unreachable pairs hold ``penalty``.
    weights : ndarray, shape (n,)
        Positive demand weights of the kept rows.
    rows, columns : ndarray of int
        Original row / column index of each kept row / column.
    fixed : ndarray of int
        Positions (in ``columns``) of the sites fixed open.
    penalty : float
        Cost standing for "unreachable"; ``inf`` when every pair is reachable.
    """

    costs: NDArray[np.float64]
    weights: NDArray[np.float64]
    rows: NDArray[np.intp]
    columns: NDArray[np.intp]
    fixed: NDArray[np.intp]
    penalty: float

    def objective(self, open_positions: NDArray[np.intp]) -> float:
        """Weighted sum of nearest-open costs for open column positions."""
        return float(self.weights @ self.costs[:, open_positions].min(axis=1))


def has_integral_objective(instance: DenseInstance) -> bool:
    """True when every weight and every finite cost is a whole number, so every objective is one too."""
    if not np.all(np.mod(instance.weights, 1.0) == 0.0):
        return False
    finite = instance.costs[np.isfinite(instance.costs)]
    return bool(np.all(np.mod(finite, 1.0) == 0.0))


def dense_instance(data: ModelInput) -> DenseInstance:
    """Build the dense instance; reject demand that no eligible candidate can reach."""
    rows = np.flatnonzero(data.weights > 0).astype(np.intp)
    columns = np.flatnonzero(data.eligible).astype(np.intp)
    if len(rows) * len(columns) > MAX_DENSE_ENTRIES:
        raise LocationInputError(
            N_("{rows} demand rows x {columns} eligible candidates is too large for the "
               "p-median/p-center solvers (limit {limit:,} pairs): aggregate the demand",
               rows=len(rows), columns=len(columns), limit=MAX_DENSE_ENTRIES)
        )
    costs = _dense_costs(data, rows, columns)
    reachable = np.isfinite(costs)
    _reject_unreachable_rows(costs, reachable, rows)
    penalty = np.inf
    if not reachable.all():
        penalty = _penalty(costs[reachable], data.weights[rows])
        costs[~reachable] = penalty
    fixed = np.searchsorted(columns, data.fixed).astype(np.intp)
    return DenseInstance(costs, data.weights[rows], rows, columns, fixed, penalty)


def _dense_costs(
    data: ModelInput, rows: NDArray[np.intp], columns: NDArray[np.intp]
) -> NDArray[np.float64]:
    if not sparse.issparse(data.costs):
        return np.array(np.asarray(data.costs)[np.ix_(rows, columns)], dtype=np.float64)
    sub = sparse.coo_array(sparse.csr_array(data.costs)[rows][:, columns])
    dense = np.full(sub.shape, np.inf)
    dense[sub.row, sub.col] = sub.data
    return dense


def _reject_unreachable_rows(
    costs: NDArray[np.float64], reachable: NDArray[np.bool_], rows: NDArray[np.intp]
) -> None:
    lonely = np.flatnonzero(~reachable.any(axis=1))
    if lonely.size:
        listed = ", ".join(str(int(r)) for r in rows[lonely[:10]]) + (", ..." if lonely.size > 10 else "")
        raise LocationInputError(
            N_("{n} demand row(s) cannot reach any eligible candidate (rows {rows}): every demand point "
               "needs a finite cost to at least one candidate", n=int(lonely.size), rows=listed)
        )


def _penalty(finite_costs: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    # One unreachable pair must cost more than any assignment that avoids them all.
    worst = float(finite_costs.max(initial=0.0)) + 1.0
    return worst * (float(weights.sum()) / float(weights.min())) * 4.0


def nearest_two(
    costs: NDArray[np.float64], open_positions: NDArray[np.intp]
) -> tuple[NDArray[np.float64], NDArray[np.intp], NDArray[np.float64], NDArray[np.intp]]:
    """For each row: nearest open cost and its index in ``open_positions``, then the second's.

    The second-nearest cost is ``inf`` (index ``-1``) when only one site is open.
    """
    sub = costs[:, open_positions]
    n_rows = sub.shape[0]
    if sub.shape[1] == 1:
        zeros = np.zeros(n_rows, dtype=np.intp)
        return sub[:, 0].copy(), zeros, np.full(n_rows, np.inf), zeros - 1
    two = np.argpartition(sub, 1, axis=1)[:, :2]
    first_cost = sub[np.arange(n_rows), two[:, 0]]
    second_cost = sub[np.arange(n_rows), two[:, 1]]
    swap = second_cost < first_cost
    nearest = np.where(swap, two[:, 1], two[:, 0]).astype(np.intp)
    runner_up = np.where(swap, two[:, 0], two[:, 1]).astype(np.intp)
    return np.minimum(first_cost, second_cost), nearest, np.maximum(first_cost, second_cost), runner_up


@dataclass(frozen=True)
class NearestLists:
    """The ``k`` nearest candidates of every row, sorted by cost."""

    columns: NDArray[np.intp]
    costs: NDArray[np.float64]

    n_columns: int

    @property
    def k(self) -> int:
        return int(self.columns.shape[1])


def nearest_lists(costs: NDArray[np.float64], k: int) -> NearestLists:
    """Column positions and costs of each row's ``k`` cheapest candidates, cheapest first."""
    n_cols = costs.shape[1]
    k = min(k, n_cols)
    if k < n_cols:
        part = np.argpartition(costs, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(n_cols), costs.shape).copy()
    part_costs = np.take_along_axis(costs, part, axis=1)
    order = np.argsort(part_costs, axis=1, kind="stable")
    columns = np.take_along_axis(part, order, axis=1).astype(np.intp)
    return NearestLists(columns, np.take_along_axis(part_costs, order, axis=1), n_cols)
