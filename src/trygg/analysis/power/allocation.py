"""Optimised fuel allocation: an LP, solved with HiGHS, that maximises weighted service.

The rule-based allocation follows the priority order strictly. The LP asks
instead: given all the fuel and all the truck time, how many litres should
each point get so that Σ weight × hours with power is largest? The weights
default to 1 / priority rank (rank 1 counts twice rank 2), overridable per
point. The simulation then runs with the LP's litres as each point's cap, so
the result obeys every real constraint (tank sizes, truck timing, station
power) that the LP simplifies away.

Simplifications (stated, on purpose, to keep it a small LP):

* fuel is pooled: every litre at any depot or station, and every agreed
  delivery arriving before the end, is available from the start;
* a point's set burns its average rate (demand ÷ hours with load), so hours
  of service are proportional to litres;
* truck trips are continuous (2.4 trips is allowed) and a trip's time is the
  round trip via the source nearest to the point; each truck has the hours
  from its earliest departure to the end of the outage.

Variables per point i: service hours s_i, litres x_i, and trips y_ki per
truck k. Maximise Σ w_i s_i − ε Σ x_i subject to rate_i s_i ≤ own_i + x_i,
Σ x_i ≤ fuel available, x_i ≤ Σ_k capacity_k y_ki, Σ_i round_trip_ki y_ki ≤
hours_k, 0 ≤ s_i ≤ hours with load, 0 ≤ x_i ≤ need_i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

from trygg.analysis.power.errors import PowerInputError
from trygg.analysis.power.scenario import ScenarioArrays
from trygg.text import N_


@dataclass(frozen=True)
class LpAllocation:
    """The LP's answer.

    Attributes
    ----------
    caps_l : ndarray (P,)
        Litres each point may receive (0 for points outside the outage).
    planned_service_h : ndarray (P,)
        Hours with power the LP expects for each point.
    objective : float
        Σ weight × planned service hours.
    status : str
        HiGHS's message.
    """

    caps_l: NDArray[np.float64]
    planned_service_h: NDArray[np.float64]
    objective: float
    status: str


def optimise_allocation(a: ScenarioArrays) -> LpAllocation:
    """Solve the allocation LP for a prepared scenario (see module docstring)."""
    P = len(a.point_ids)
    demand_total = a.demand_l.sum(axis=1)
    idx = np.flatnonzero(a.affected & a.runs & (demand_total > 0))
    caps = np.zeros(P)
    planned = np.zeros(P)
    if idx.size == 0:
        return LpAllocation(caps, planned, 0.0, "nothing to allocate")
    problem = _build(a, idx, demand_total[idx])
    solution = linprog(
        problem.cost, A_ub=problem.a_ub, b_ub=problem.b_ub, bounds=problem.bounds, method="highs"
    )
    if solution.status != 0:
        raise PowerInputError(N_("the allocation LP failed: {message}", message=solution.message), field="optimize")
    n = idx.size
    planned[idx] = solution.x[:n]
    caps[idx] = solution.x[n : 2 * n]
    objective = float(a.weight[idx] @ solution.x[:n])
    return LpAllocation(caps, planned, objective, str(solution.message))


@dataclass(frozen=True)
class _Problem:
    cost: NDArray[np.float64]
    a_ub: sparse.csr_matrix
    b_ub: NDArray[np.float64]
    bounds: list[tuple[float, float | None]]


def _build(a: ScenarioArrays, idx: NDArray[np.intp], demand: NDArray[np.float64]) -> _Problem:
    n, K = idx.size, len(a.truck_ids)
    hours_on = (a.demand_l[idx] > 0).sum(axis=1).astype(np.float64)
    rate = demand / hours_on
    own = a.level0_l[idx]
    need = np.maximum(demand - own, 0.0)
    fuel_available = float(a.stock0_l.sum() + sum(litres for _, _, litres in a.arrivals))
    weight = a.weight[idx]
    # A litre must never be worth more than an hour of service: a tiny price on litres
    # only stops the LP from handing out fuel that buys nothing.
    price = 1e-3 * float(np.min(weight / rate))
    cost = np.concatenate([-weight, np.full(n, price), np.zeros(K * n)])

    rows, cols, vals, rhs = [], [], [], []
    r = 0
    eye = np.arange(n)
    # Fuel: rate_i s_i − x_i ≤ own_i
    rows += [eye, eye]
    cols += [eye, n + eye]
    vals += [rate, -np.ones(n)]
    rhs.append(own)
    r += n
    # Pool: Σ x_i ≤ fuel available
    rows.append(np.full(n, r))
    cols.append(n + eye)
    vals.append(np.ones(n))
    rhs.append(np.array([fuel_available]))
    r += 1
    if K:
        round_trip = a.out_h[:, :, idx].min(axis=1) + a.back_h[:, idx]  # (K, n)
        y = 2 * n + np.arange(K * n).reshape(K, n)
        # Carry: x_i − Σ_k capacity_k y_ki ≤ 0
        rows += [r + eye] + [r + eye] * K
        cols += [n + eye] + [y[k] for k in range(K)]
        vals += [np.ones(n)] + [np.full(n, -a.truck_capacity_l[k]) for k in range(K)]
        rhs.append(np.zeros(n))
        r += n
        # Truck time: Σ_i round_trip_ki y_ki ≤ hours available to truck k
        hours_k = np.maximum(a.n_hours - a.truck_start_h, 0).astype(np.float64)
        rows += [np.full(n, r + k) for k in range(K)]
        cols += [y[k] for k in range(K)]
        vals += [round_trip[k] for k in range(K)]
        rhs.append(hours_k)
        r += K
    else:
        # No trucks: nothing can be carried.
        need = np.zeros(n)
    a_ub = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(r, 2 * n + K * n),
    )
    bounds: list[tuple[float, float | None]] = (
        [(0.0, float(h)) for h in hours_on]
        + [(0.0, float(x)) for x in need]
        + [(0.0, None)] * (K * n)
    )
    return _Problem(cost, a_ub, np.concatenate(rhs), bounds)
