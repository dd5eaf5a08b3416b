"""What every location model shares: parameters, input checks and result assembly."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Self

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import (
    CostMatrix,
    as_cost_matrix,
    as_eligible,
    as_fixed,
    as_weights,
    check_time_limit,
)


@dataclass(frozen=True)
class ModelInput:
    """Checked input of one solve: costs, weights, allowed and fixed columns."""

    costs: CostMatrix
    weights: NDArray[np.float64]
    eligible: NDArray[np.bool_]
    fixed: NDArray[np.intp]

    @property
    def n_demand(self) -> int:
        return int(self.costs.shape[0])

    @property
    def n_candidates(self) -> int:
        return int(self.costs.shape[1])


class LocationModel:
    """Base of the five models: store parameters, check input, time the solve.

    Parameters
    ----------
    fixed : sequence of int, optional
        Candidate columns already decided: always open, and counted in ``p``.
    eligible : sequence of int or boolean mask, optional
        Candidate columns that may be chosen (default: all).
    time_limit_s : float
        Wall-clock budget for the solver, in seconds. When it runs out the best
        solution so far is returned with its proven gap and status ``"time_limit"``.
    """

    name = "model"

    def __init__(
        self,
        *,
        fixed: ArrayLike | None = None,
        eligible: ArrayLike | None = None,
        time_limit_s: float = 60.0,
    ) -> None:
        self.fixed = fixed
        self.eligible = eligible
        self.time_limit_s = time_limit_s

    def solve(
        self,
        costs: ArrayLike | sparse.sparray | sparse.spmatrix,
        weights: ArrayLike | None = None,
    ) -> Self:
        """Solve the model on a demand x candidate cost matrix; the result is ``self.result_``.

        Parameters
        ----------
        costs : array_like or sparse matrix, shape (n_demand, n_candidates)
            Travel cost (m, min, ...) from each demand row to each candidate.
            ``inf`` (dense) or a missing entry (sparse) means unreachable.
        weights : array_like, shape (n_demand,), optional
            Demand weight of each row (e.g. residents); default 1 each.

        Returns
        -------
        self
        """
        started = time.perf_counter()
        data = self._check_input(costs, weights)
        self._check_parameters(data)
        result = self._solve(data, deadline=started + check_time_limit(self.time_limit_s))
        elapsed = time.perf_counter() - started
        self.result_ = replace(result, solve_time_s=elapsed)
        return self

    def _check_input(
        self, costs: ArrayLike | sparse.sparray | sparse.spmatrix, weights: ArrayLike | None
    ) -> ModelInput:
        matrix = as_cost_matrix(costs)
        eligible = as_eligible(self.eligible, matrix.shape[1])
        return ModelInput(
            costs=matrix,
            weights=as_weights(weights, matrix.shape[0]),
            eligible=eligible,
            fixed=as_fixed(self.fixed, matrix.shape[1], eligible),
        )

    def _check_parameters(self, data: ModelInput) -> None:
        """Check model parameters (radius, p, ...) against the input."""

    def _solve(self, data: ModelInput, deadline: float) -> LocationResult:
        raise NotImplementedError


def seconds_left(deadline: float) -> float:
    """Seconds until ``deadline`` (a ``time.perf_counter`` value), never below a small floor."""
    return max(deadline - time.perf_counter(), 0.05)


def nearest_chosen(costs: CostMatrix, sites: NDArray[np.intp]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """For each demand row: the nearest of ``sites`` and its cost (``-1``/``inf`` if unreachable)."""
    n_rows = costs.shape[0]
    if len(sites) == 0:
        return np.full(n_rows, -1, dtype=np.intp), np.full(n_rows, np.inf)
    if sparse.issparse(costs):
        return _nearest_chosen_sparse(sparse.csr_array(costs), sites)
    sub = np.asarray(costs[:, sites], dtype=np.float64)
    position = sub.argmin(axis=1)
    cost = sub[np.arange(n_rows), position]
    site = np.where(np.isfinite(cost), sites[position], -1)
    return site.astype(np.intp), cost


def _nearest_chosen_sparse(
    costs: sparse.csr_array, sites: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """``nearest_chosen`` on the stored pairs alone (missing pairs are unreachable).

    Memory grows with the stored pairs, not with demand rows x sites; ties go
    to the site listed first in ``sites``, as with a dense matrix.
    """
    sub = sparse.coo_array(costs[:, sites])
    site = np.full(costs.shape[0], -1, dtype=np.intp)
    cost = np.full(costs.shape[0], np.inf)
    finite = np.isfinite(sub.data)
    row, position, value = sub.row[finite], sub.col[finite], sub.data[finite]
    order = np.lexsort((position, value, row))
    if len(order) == 0:
        return site, cost
    rows_sorted = row[order]
    first = order[np.flatnonzero(np.r_[True, rows_sorted[1:] != rows_sorted[:-1]])]
    site[row[first]] = sites[position[first]]
    cost[row[first]] = value[first]
    return site, cost
