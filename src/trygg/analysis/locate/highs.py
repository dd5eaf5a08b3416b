"""A thin wrapper over HiGHS (through ``highspy``) for sparse models.

Models hand over a SciPy sparse constraint matrix built in one go; nothing here
creates a Python object per variable, which is what makes spopt/PuLP slow.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from dataclasses import dataclass, replace

import highspy
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

#: Relative gap at which HiGHS may stop and call a solution optimal. Far below
#: any difference that matters for sites and people, but above float noise.
MIP_REL_GAP = 1e-9

_banner_lock = threading.Lock()
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance: the one way this package creates one.

    HiGHS writes its copyright banner straight to file descriptor 1 when the
    first instance of a process is created, before any option can switch
    output off; that broke ``--json`` output. The first construction therefore
    runs with descriptor 1 pointed at standard error; later ones print nothing.
    """
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            highs = highspy.Highs()
        else:
            highs = _constructed_away_from_stdout()
            _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs


def _constructed_away_from_stdout() -> highspy.Highs:
    """``highspy.Highs()`` with descriptor 1 on standard error, or on /dev/null when that is closed.

    The copies are numbered 3 and up, so a closed 1 or 2 cannot be handed out
    again by ``dup`` and end up as the very descriptor being redirected.
    """
    sys.stdout.flush()
    saved = _copy_above_standard(1)
    sink = _copy_above_standard(2)
    if sink is None:
        null = os.open(os.devnull, os.O_WRONLY)
        sink = _copy_above_standard(null)
        os.close(null)
    assert sink is not None
    try:
        os.dup2(sink, 1)
        return highspy.Highs()
    finally:
        if saved is None:
            os.close(1)
        else:
            os.dup2(saved, 1)
            os.close(saved)
        os.close(sink)


def _copy_above_standard(fd: int) -> int | None:
    """A close-on-exec copy of ``fd`` numbered 3 or above; ``None`` when ``fd`` is not open."""
    try:
        return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
    except OSError:
        return None


@dataclass(frozen=True)
class MilpOutcome:
    """What HiGHS returned, in the sense of the original problem (min or max).

    ``x`` is ``None`` when no feasible solution was found; ``bound`` is the best
    proven dual bound; ``status`` is ``"optimal"``, ``"time_limit"``,
    ``"infeasible"`` or ``"failed"``.
    """

    x: NDArray[np.float64] | None
    objective: float
    bound: float
    status: str


@dataclass(frozen=True)
class SparseMilp:
    """``optimise c @ x`` subject to ``row_lower <= A @ x <= row_upper`` and variable bounds."""

    c: NDArray[np.float64]
    a: sparse.csr_array
    row_lower: NDArray[np.float64]
    row_upper: NDArray[np.float64]
    integrality: NDArray[np.int8]
    var_lower: NDArray[np.float64]
    var_upper: NDArray[np.float64]
    maximize: bool = False

    def solve(
        self,
        time_limit_s: float,
        *,
        relax: bool = False,
        rel_gap: float = MIP_REL_GAP,
        cutoff: float | None = None,
    ) -> MilpOutcome:
        """Solve with HiGHS within ``time_limit_s`` seconds.

        ``relax`` solves the LP relaxation only; ``rel_gap`` is the relative gap
        at which HiGHS may stop (1.0: stop at the first feasible solution).
        ``cutoff`` is the objective of a known solution (in this problem's
        sense): HiGHS prunes every branch that cannot do at least as well, and
        the status is ``"infeasible"`` when nothing does.
        """
        sign = -1.0 if self.maximize else 1.0
        highs = new_highs()
        highs.setOptionValue("time_limit", max(time_limit_s, 0.01))
        highs.setOptionValue("mip_rel_gap", rel_gap)
        if cutoff is not None:
            slack = _CUTOFF_SLACK * max(abs(cutoff), 1.0)
            highs.setOptionValue("objective_bound", sign * cutoff + slack)
        highs.passModel(self._highs_lp(sign, relax))
        highs.run()
        return _outcome(highs, sign, relax or not self.integrality.any())

    def _highs_lp(self, sign: float, relax: bool) -> highspy.HighsLp:
        columns = sparse.csc_array(self.a)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = int(columns.shape[1]), int(columns.shape[0])
        lp.col_cost_ = sign * self.c
        lp.col_lower_, lp.col_upper_ = _finite(self.var_lower), _finite(self.var_upper)
        lp.row_lower_, lp.row_upper_ = _finite(self.row_lower), _finite(self.row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr.astype(np.int32)
        lp.a_matrix_.index_ = columns.indices.astype(np.int32)
        lp.a_matrix_.value_ = columns.data.astype(np.float64)
        if not relax and self.integrality.any():
            kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
            lp.integrality_ = [kinds[int(flag)] for flag in self.integrality]
        return lp

    def solve_lp_first(self, time_limit_s: float, incumbent: float | None = None) -> MilpOutcome:
        """Solve the LP relaxation by interior point first; branch only if it is fractional.

        Covering LPs are often integral, and HiGHS' interior-point method solves
        them many times faster than the dual simplex that starts a MILP. When
        the LP is fractional and ``incumbent`` (the objective of a known
        solution, in this problem's sense) is given, every binary variable whose
        LP reduced cost proves it cannot be in a solution at least as good is
        fixed before the MILP. The returned bound accounts for the fixing.
        """
        deadline = time.perf_counter() + time_limit_s
        sign = -1.0 if self.maximize else 1.0
        lp = self._interior_point(sign, time_limit_s)
        if lp is None:
            return self.solve(_left(deadline))
        x, lp_value, lower_marginals, upper_marginals = lp
        binary = self.integrality.astype(bool)
        if np.all(np.abs(x[binary] - np.round(x[binary])) <= _INTEGRAL_TOLERANCE):
            x = np.where(binary, np.round(x), x)
            return MilpOutcome(x, float(self.c @ x), sign * lp_value, "optimal")
        if incumbent is None:
            return self.solve(_left(deadline))
        fixed = self._fixed_by_reduced_costs(lp_value, sign * incumbent, lower_marginals, upper_marginals)
        outcome = replace(self, var_lower=fixed[0], var_upper=fixed[1]).solve(_left(deadline), cutoff=incumbent)
        # Solutions cut off by the fixing are worse than the incumbent; the LP
        # relaxation (of the problem before fixing) bounds everything.
        lp_bound = sign * lp_value
        if outcome.x is None:
            if outcome.status == "infeasible":
                return MilpOutcome(None, incumbent, incumbent, "optimal")
            return MilpOutcome(None, incumbent, lp_bound, outcome.status)
        if self.maximize:
            bound = min(lp_bound, max(outcome.bound, incumbent))
        else:
            bound = max(lp_bound, min(outcome.bound, incumbent))
        return MilpOutcome(outcome.x, outcome.objective, bound, outcome.status)

    def _interior_point(
        self, sign: float, time_limit_s: float
    ) -> tuple[NDArray[np.float64], float, NDArray[np.float64], NDArray[np.float64]] | None:
        finite_lower = np.isfinite(self.row_lower)
        finite_upper = np.isfinite(self.row_upper)
        a_ub = sparse.vstack([self.a[finite_upper], -self.a[finite_lower]]).tocsr()
        b_ub = np.concatenate([self.row_upper[finite_upper], -self.row_lower[finite_lower]])
        result = linprog(
            sign * self.c, A_ub=a_ub if a_ub.shape[0] else None, b_ub=b_ub if a_ub.shape[0] else None,
            bounds=np.column_stack([self.var_lower, self.var_upper]), method="highs-ipm",
            options={"time_limit": max(time_limit_s, 0.01)},
        )
        if result.status != 0 or result.x is None:
            return None
        return (np.asarray(result.x), float(result.fun), np.asarray(result.lower.marginals),
                np.asarray(result.upper.marginals))

    def _fixed_by_reduced_costs(
        self,
        lp_value: float,
        incumbent: float,
        lower_marginals: NDArray[np.float64],
        upper_marginals: NDArray[np.float64],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Bounds with binaries fixed where the LP proves them wrong for any solution <= incumbent.

        In the minimisation form every feasible x has objective at least
        ``lp_value + r_j x_j`` (``r_j``: reduced cost at the lower bound) and at
        least ``lp_value + |s_j| (1 - x_j)`` (at the upper bound).
        """
        slack = incumbent + 1e-9 * max(abs(incumbent), 1.0)
        binary = self.integrality.astype(bool) & (self.var_lower == 0) & (self.var_upper == 1)
        lower, upper = self.var_lower.copy(), self.var_upper.copy()
        upper[binary & (lp_value + lower_marginals > slack)] = 0.0
        lower[binary & (lp_value - upper_marginals > slack)] = 1.0
        return lower, upper


#: Distance from 0 or 1 within which an LP value counts as integral.
_INTEGRAL_TOLERANCE = 1e-6


def _left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.01)


def _finite(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """HiGHS' own infinity in place of numpy's."""
    return np.clip(np.asarray(values, dtype=np.float64), -highspy.kHighsInf, highspy.kHighsInf)


#: Relative slack on a cutoff, so that the known solution itself is not cut off by rounding.
_CUTOFF_SLACK = 1e-9


def _outcome(highs: highspy.Highs, sign: float, is_lp: bool) -> MilpOutcome:
    status = highs.getModelStatus()
    info = highs.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return MilpOutcome(None, np.nan, np.nan, "infeasible")
    has_solution = info.primal_solution_status == _FEASIBLE
    if not has_solution:
        return MilpOutcome(None, np.nan, np.nan, "time_limit" if status == highspy.HighsModelStatus.kTimeLimit else "failed")
    x = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    objective = sign * float(info.objective_function_value)
    dual = float(info.mip_dual_bound)
    optimal = status == highspy.HighsModelStatus.kOptimal
    if (is_lp or not np.isfinite(dual)) and optimal:
        bound = objective
    elif not is_lp and np.isfinite(dual):
        bound = sign * dual
    else:
        # Stopped before any dual bound: nothing is proven (-inf for a
        # minimum, +inf for a maximum), never the incumbent's own value.
        bound = -sign * np.inf
    return MilpOutcome(x, objective, bound, "optimal" if optimal else "time_limit")


#: HiGHS' code for a feasible primal solution (``info.primal_solution_status``).
_FEASIBLE = 2


def binary_choice(x: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Round a MILP's binary variables (HiGHS returns them within tolerance of 0 or 1)."""
    return np.asarray(x > 0.5)
