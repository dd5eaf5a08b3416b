"""Checks on the arrays a location model receives, with messages that say what is wrong.

Every check raises :class:`LocationInputError` (a ``ValueError``) before any
solving starts, so a model either runs on clean input or does not run at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from trygg.analysis.errors import AnalysisError
from trygg.text import N_, Number, Param, Text

#: Dense ``ndarray`` (``inf`` = unreachable) or a SciPy sparse matrix whose
#: missing entries mean "unreachable" (stored entries, zeros included, are costs).
CostMatrix: TypeAlias = "NDArray[np.float64] | sparse.csr_array"

_MAX_LISTED = 10


class LocationInputError(AnalysisError):
    """Input a location model cannot use: bad weights, radius, p, fixed or eligible sites."""


class InfeasibleCoverageError(LocationInputError):
    """Some demand has no eligible candidate within the service radius.

    Attributes
    ----------
    rows : ndarray of int
        Demand rows that no eligible candidate reaches.
    nearest_costs : ndarray of float
        Cost (e.g. m) from each of those rows to its nearest eligible candidate
        (``inf`` when none is reachable at all).
    radius : float
        The service radius that was asked for, in the unit of the costs.
    """

    def __init__(
        self,
        rows: NDArray[np.intp],
        nearest_costs: NDArray[np.float64],
        radius: float,
        labels: Sequence[str] | None = None,
    ) -> None:
        self.rows = rows
        self.nearest_costs = nearest_costs
        self.radius = radius
        super().__init__(_describe_unreachable(rows, nearest_costs, radius, labels))

    def with_labels(self, labels: Sequence[str]) -> InfeasibleCoverageError:
        """The same error, naming demand by ``labels[row]`` instead of by row number."""
        return InfeasibleCoverageError(self.rows, self.nearest_costs, self.radius, labels)


def _describe_unreachable(
    rows: NDArray[np.intp],
    nearest_costs: NDArray[np.float64],
    radius: float,
    labels: Sequence[str] | None,
) -> Text:
    listed: Param = ""
    for index, (row, cost) in enumerate(zip(rows[:_MAX_LISTED], nearest_costs[:_MAX_LISTED], strict=True)):
        name = N_("demand {label!r}", label=labels[row]) if labels is not None else N_("demand row {row}", row=int(row))
        nearest = N_("no eligible candidate is reachable") if not np.isfinite(cost) else (
            N_("nearest eligible candidate at {cost:g}", cost=Number(float(cost)))
        )
        part = N_("{name} ({nearest})", name=name, nearest=nearest)
        listed = part if index == 0 else N_("{items}, {item}", items=listed, item=part)
    if len(rows) > _MAX_LISTED:
        listed = N_("{items}, and {n} more", items=listed, n=len(rows) - _MAX_LISTED)
    return N_(
        "the covering problem is infeasible: {n} demand point(s) have no eligible candidate within the radius "
        "{radius:g}: {listed}", n=len(rows), radius=Number(float(radius)), listed=listed,
    )


def as_cost_matrix(costs: ArrayLike | sparse.sparray | sparse.spmatrix) -> CostMatrix:
    """Return ``costs`` as float64 (dense) or CSR (sparse), after checking its values.

    Raises
    ------
    LocationInputError
        If the matrix is not two-dimensional, is empty, or holds NaN or negative costs.
    """
    if sparse.issparse(costs):
        matrix = sparse.csr_array(costs, dtype=np.float64)
        values = matrix.data
    else:
        matrix = np.asarray(costs, dtype=np.float64)
        values = matrix
    if matrix.ndim != 2:
        raise LocationInputError(N_("costs must be a 2-D demand x candidate matrix, got {ndim}-D", ndim=matrix.ndim))
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise LocationInputError(N_("costs is empty (shape {shape}): need demand rows and candidate columns", shape=matrix.shape))
    _reject_bad_costs(values, matrix)
    return matrix


def _reject_bad_costs(values: NDArray[np.float64], matrix: CostMatrix) -> None:
    bad = np.isnan(values) | (values < 0)
    if not bad.any():
        return
    if sparse.issparse(matrix):
        coo = sparse.coo_array(matrix)
        first = int(np.flatnonzero(bad)[0])
        row, col, value = int(coo.row[first]), int(coo.col[first]), coo.data[first]
    else:
        row, col = (int(i) for i in np.argwhere(bad)[0])
        value = matrix[row, col]
    raise LocationInputError(
        N_("costs[{row}, {col}] is {value}: costs must be non-negative numbers ({int} bad value(s) in all); use inf (dense) or leave the entry out (sparse) for an unreachable pair", row=row, col=col, value=value, int=int(bad.sum()))
    )


def as_weights(weights: ArrayLike | None, n_demand: int) -> NDArray[np.float64]:
    """Return demand weights (e.g. residents) as float64, one per demand row.

    ``None`` means every demand row weighs 1.

    Raises
    ------
    LocationInputError
        If the weights are empty, of the wrong length, NaN, infinite, negative or all zero.
    """
    if weights is None:
        return np.ones(n_demand)
    values = np.asarray(weights, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise LocationInputError(N_("weights must be a non-empty 1-D array, got shape {shape}", shape=str(values.shape)))
    if values.size != n_demand:
        raise LocationInputError(
            N_("weights has {size} value(s) but the cost matrix has {n_demand} demand row(s)", size=values.size, n_demand=n_demand)
        )
    _reject_bad_weights(values)
    return values


def _reject_bad_weights(values: NDArray[np.float64]) -> None:
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise LocationInputError(
            N_("weights[{row}] is {values}: demand weights must be finite and non-negative ({int} bad value(s) in all)", row=row, values=values[row], int=int(bad.sum()))
        )
    if not values.any():
        raise LocationInputError(N_("all demand weights are zero: there is no demand to serve"))


def as_eligible(eligible: ArrayLike | None, n_candidates: int) -> NDArray[np.bool_]:
    """Return a boolean mask of candidates that may be chosen.

    ``eligible`` is ``None`` (all), a boolean mask, or a sequence of column indices.

    Raises
    ------
    LocationInputError
        If a mask has the wrong length, an index is out of range, or nothing is eligible.
    """
    if eligible is None:
        return np.ones(n_candidates, dtype=bool)
    values = np.asarray(eligible)
    if values.dtype == bool:
        if values.shape != (n_candidates,):
            raise LocationInputError(
                N_("the eligibility mask has shape {shape}, expected ({n_candidates},)", shape=str(values.shape), n_candidates=n_candidates)
            )
        mask = values.copy()
    else:
        mask = np.zeros(n_candidates, dtype=bool)
        mask[_as_indices(values, n_candidates, "eligible")] = True
    if not mask.any():
        raise LocationInputError(N_("no candidate is eligible: at least one site must be allowed"))
    return mask


def as_fixed(
    fixed: ArrayLike | None, n_candidates: int, eligible: NDArray[np.bool_]
) -> NDArray[np.intp]:
    """Return the sorted, unique column indices of sites that are already decided (open).

    Raises
    ------
    LocationInputError
        If an index is out of range, repeated, or names an ineligible candidate.
    """
    if fixed is None:
        return np.zeros(0, dtype=np.intp)
    indices = _as_indices(np.asarray(fixed), n_candidates, "fixed")
    if len(np.unique(indices)) != len(indices):
        raise LocationInputError(N_("fixed sites are listed twice: {sorted}", sorted=str(sorted(indices.tolist()))))
    not_allowed = indices[~eligible[indices]]
    if not_allowed.size:
        raise LocationInputError(
            N_("fixed site(s) {value} are not eligible: a site that is already decided must be among the eligible candidates", value=not_allowed.tolist())
        )
    return np.sort(indices)


def _as_indices(values: NDArray[np.generic], n_candidates: int, field: str) -> NDArray[np.intp]:
    if values.size == 0:
        return np.zeros(0, dtype=np.intp)
    if values.ndim != 1 or not np.issubdtype(values.dtype, np.integer):
        raise LocationInputError(N_("{field} must be a 1-D list of candidate column indices, got {values}", field=field, values=repr(values)))
    indices = values.astype(np.int64)
    outside = indices[(indices < 0) | (indices >= n_candidates)]
    if outside.size:
        raise LocationInputError(
            N_("{field} names candidate index {outside}, but the columns are 0..{value}", field=field, outside=int(outside[0]), value=n_candidates - 1)
        )
    return indices.astype(np.intp)


def check_radius(radius: float) -> float:
    """Return the service radius as a float after checking it is a positive finite number."""
    value = float(radius)
    if not np.isfinite(value) or value <= 0:
        raise LocationInputError(N_("the service radius must be a positive number, got {radius!r}", radius=radius))
    return value


def check_p(p: int, n_eligible: int, n_fixed: int) -> int:
    """Return the number of sites to open after checking it against the candidates.

    Raises
    ------
    LocationInputError
        If ``p`` is not a whole number, is below the fixed sites, or exceeds the eligible ones.
    """
    if isinstance(p, bool) or not isinstance(p, int | np.integer) or p < 1:
        raise LocationInputError(N_("p (the number of sites to open) must be a whole number >= 1, got {p!r}", p=p))
    if p > n_eligible:
        raise LocationInputError(N_("p = {p} is larger than the {n_eligible} eligible candidate(s)", p=p, n_eligible=n_eligible))
    if p < n_fixed:
        raise LocationInputError(
            N_("p = {p} is smaller than the {n_fixed} site(s) fixed open: p counts the fixed sites too", p=p, n_fixed=n_fixed)
        )
    return int(p)


def check_time_limit(time_limit_s: float) -> float:
    """Return the time limit (s) after checking it is positive."""
    value = float(time_limit_s)
    if not value > 0:
        raise LocationInputError(N_("time_limit_s must be a positive number of seconds, got {time_limit_s!r}", time_limit_s=time_limit_s))
    return value
