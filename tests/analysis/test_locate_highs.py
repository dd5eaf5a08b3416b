"""The HiGHS wrapper reports objective and bound in the problem's own sense, LP-first or not."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from trygg.analysis.locate.highs import SparseMilp


def two_of_three(maximize: bool) -> SparseMilp:
    """max/min 5a + 4b + 3c with 1 <= a + b + c <= 2, binaries; its LP is integral (max 9, min 3)."""
    return SparseMilp(
        c=np.array([5.0, 4.0, 3.0]),
        a=sparse.csr_array(np.array([[1.0, 1.0, 1.0]])),
        row_lower=np.array([1.0]),
        row_upper=np.array([2.0]),
        integrality=np.ones(3, dtype=np.int8),
        var_lower=np.zeros(3),
        var_upper=np.ones(3),
        maximize=maximize,
    )


@pytest.mark.parametrize(("maximize", "best"), [(True, 9.0), (False, 3.0)])
def test_objective_and_bound_are_in_the_problems_sense(maximize, best):
    for outcome in (
        two_of_three(maximize).solve(5.0),
        two_of_three(maximize).solve_lp_first(5.0),
        two_of_three(maximize).solve_lp_first(5.0, incumbent=8.0 if maximize else 4.0),
    ):
        assert outcome.status == "optimal"
        assert outcome.objective == pytest.approx(best)
        assert outcome.bound == pytest.approx(best)
        assert float(two_of_three(maximize).c @ outcome.x) == pytest.approx(best)


def test_reduced_cost_fixing_keeps_the_optimum_of_a_fractional_lp():
    # Set cover of a 5-cycle: the LP optimum is 2.5 (all halves), the integer optimum 3.
    cycle = np.zeros((5, 5))
    for i in range(5):
        cycle[i, i] = cycle[i, (i + 1) % 5] = 1.0
    problem = SparseMilp(
        c=np.ones(5), a=sparse.csr_array(cycle), row_lower=np.ones(5), row_upper=np.full(5, np.inf),
        integrality=np.ones(5, dtype=np.int8), var_lower=np.zeros(5), var_upper=np.ones(5),
    )
    outcome = problem.solve_lp_first(5.0, incumbent=3.0)
    assert outcome.objective == pytest.approx(3.0)
    assert outcome.bound == pytest.approx(3.0)
    assert (cycle @ outcome.x >= 1 - 1e-9).all()
