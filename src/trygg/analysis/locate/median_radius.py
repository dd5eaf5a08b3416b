"""Exact p-median by the radius (covering) formulation, truncated and grown as needed.

For demand row ``i`` let ``D_i^1 < D_i^2 < ...`` be its distinct candidate
costs. Variable ``z_i^k`` is 1 when no open site lies within ``D_i^k``; the
cost of row ``i`` is ``D_i^1 + sum_k (D_i^{k+1} - D_i^k) z_i^k`` (Elloumi 2010;
García, Labbé and Marín 2011). Written in chained form,

    z_i^1 + sum_{j: d_ij = D_i^1} x_j >= 1,
    z_i^k - z_i^{k-1} + sum_{j: d_ij = D_i^k} x_j >= 0,

each pair (i, j) appears once, so the matrix has about as many non-zeros as
pairs kept. Only the levels up to a per-row cap are kept: beyond it a row is
charged the cap instead of its true cost, which can only under-estimate, so
the truncated optimum is a lower bound. When its solution serves every row
within the cap the bound is met and the solution is optimal; otherwise the
caps of the rows that went beyond grow and the model is solved again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.locate.base import seconds_left
from trygg.analysis.locate.highs import MilpOutcome, SparseMilp, binary_choice
from trygg.analysis.locate.median_data import DenseInstance
from trygg.analysis.locate.median_heuristic import Incumbent


@dataclass(frozen=True)
class SortedCosts:
    """Each row's candidate positions and costs in increasing cost order (full rows)."""

    columns: NDArray[np.intp]
    costs: NDArray[np.float64]


def sorted_costs(costs: NDArray[np.float64]) -> SortedCosts:
    """Sort every row of ``costs`` (candidate positions and values, cheapest first)."""
    order = np.argsort(costs, axis=1, kind="stable").astype(np.intp)
    return SortedCosts(order, np.take_along_axis(costs, order, axis=1))


@dataclass(frozen=True)
class RadiusModel:
    """A truncated radius formulation ready for HiGHS, and how to read its solution."""

    problem: SparseMilp
    constant: float
    n_columns: int


def radius_model(
    ranked: SortedCosts,
    weights: NDArray[np.float64],
    kept: NDArray[np.intp],
    p: int,
    allowed: NDArray[np.bool_],
    forced_open: NDArray[np.bool_],
) -> RadiusModel:
    """Build the truncated model in which row ``i`` sees its ``kept[i]`` cheapest candidates.

    ``kept[i]`` counts positions in the sorted row (closed candidates included,
    they simply get no variable); the row is charged at most the cost at
    position ``kept[i]`` (no cap when ``kept[i]`` is the whole row).
    ``allowed`` marks candidates that may open, ``forced_open`` those that must.
    """
    n_rows, n_cols = ranked.costs.shape
    rows, positions = _kept_pairs(kept)
    pair_costs = ranked.costs[rows, positions]
    level = _levels(rows, pair_costs)
    z_offsets, n_levels = _level_offsets(rows, level, n_rows)
    has_cap = kept < n_cols
    # The last level of an uncapped row needs no variable: some site is always open.
    z_keep = np.ones(int(n_levels.sum()), dtype=bool)
    last_z = z_offsets + n_levels - 1
    z_keep[last_z[~has_cap]] = False
    z_cost = _z_costs(ranked, weights, rows, pair_costs, level, z_offsets, n_levels, kept, has_cap)
    return _assemble(
        ranked, rows, positions, level, z_offsets, z_keep, z_cost, weights, p, allowed, forced_open,
        n_cols,
    )


def _kept_pairs(kept: NDArray[np.intp]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    rows = np.repeat(np.arange(len(kept)), kept).astype(np.intp)
    starts = np.concatenate([[0], np.cumsum(kept)[:-1]])
    positions = (np.arange(int(kept.sum())) - np.repeat(starts, kept)).astype(np.intp)
    return rows, positions


def _levels(rows: NDArray[np.intp], pair_costs: NDArray[np.float64]) -> NDArray[np.intp]:
    """0-based distinct-cost level of each kept pair within its row."""
    new_level = np.ones(len(rows), dtype=bool)
    same_row = rows[1:] == rows[:-1]
    new_level[1:] = ~same_row | (pair_costs[1:] > pair_costs[:-1])
    counter = np.cumsum(new_level)
    row_start = np.concatenate([[True], ~same_row])
    first_counter = np.maximum.accumulate(np.where(row_start, counter, 0))
    return (counter - first_counter).astype(np.intp)


def _level_offsets(
    rows: NDArray[np.intp], level: NDArray[np.intp], n_rows: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    n_levels = np.zeros(n_rows, dtype=np.intp)
    np.maximum.at(n_levels, rows, level + 1)
    offsets = np.concatenate([[0], np.cumsum(n_levels)[:-1]]).astype(np.intp)
    return offsets, n_levels


def _z_costs(
    ranked: SortedCosts,
    weights: NDArray[np.float64],
    rows: NDArray[np.intp],
    pair_costs: NDArray[np.float64],
    level: NDArray[np.intp],
    z_offsets: NDArray[np.intp],
    n_levels: NDArray[np.intp],
    kept: NDArray[np.intp],
    has_cap: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Objective coefficient of z_i^k: w_i (D_i^{k+1} - D_i^k), the next cost being the cap."""
    level_cost = np.zeros(int(n_levels.sum()))
    level_cost[z_offsets[rows] + level] = pair_costs
    n_rows = len(kept)
    cap = np.where(has_cap, ranked.costs[np.arange(n_rows), np.minimum(kept, ranked.costs.shape[1] - 1)], 0.0)
    next_cost = np.empty_like(level_cost)
    next_cost[:-1] = level_cost[1:]
    last = z_offsets + n_levels - 1
    next_cost[last] = np.where(has_cap, cap, level_cost[last])
    row_of_level = np.repeat(np.arange(n_rows), n_levels)
    return weights[row_of_level] * (next_cost - level_cost)


def _assemble(
    ranked: SortedCosts,
    rows: NDArray[np.intp],
    positions: NDArray[np.intp],
    level: NDArray[np.intp],
    z_offsets: NDArray[np.intp],
    z_keep: NDArray[np.bool_],
    z_cost: NDArray[np.float64],
    weights: NDArray[np.float64],
    p: int,
    allowed: NDArray[np.bool_],
    forced_open: NDArray[np.bool_],
    n_cols: int,
) -> RadiusModel:
    n_all_levels = len(z_keep)
    z_index = np.full(n_all_levels, -1, dtype=np.intp)
    z_index[z_keep] = n_cols + np.arange(int(z_keep.sum()))
    n_vars = n_cols + int(z_keep.sum())
    constraint = z_offsets[rows] + level
    candidate = ranked.columns[rows, positions]
    use = allowed[candidate] & z_keep[constraint]
    # Entries: x_j in its level's row; +z_i^k in row k; -z_i^{k-1} in row k (k >= 1).
    level_rows = np.flatnonzero(z_keep)
    is_first = np.zeros(n_all_levels, dtype=bool)
    is_first[z_offsets] = True
    chained = level_rows[~is_first[level_rows]]
    entries_row = np.concatenate([constraint[use], level_rows, chained])
    entries_col = np.concatenate([candidate[use], z_index[level_rows], z_index[chained - 1]])
    entries_val = np.concatenate([np.ones(int(use.sum())), np.ones(len(level_rows)), -np.ones(len(chained))])
    row_map = np.full(n_all_levels, -1, dtype=np.intp)
    row_map[level_rows] = np.arange(len(level_rows))
    n_levels_kept = len(level_rows)
    body = sparse.csr_array(
        (entries_val, (row_map[entries_row], entries_col)), shape=(n_levels_kept, n_vars)
    )
    count_row = sparse.csr_array(
        (np.ones(n_cols), (np.zeros(n_cols, dtype=np.intp), np.arange(n_cols))), shape=(1, n_vars)
    )
    lower = np.where(is_first[level_rows], 1.0, 0.0)
    var_lower = np.zeros(n_vars)
    var_lower[:n_cols] = forced_open.astype(np.float64)
    var_upper = np.concatenate([allowed.astype(np.float64), np.full(n_vars - n_cols, np.inf)])
    constant = float(weights @ ranked.costs[:, 0])
    problem = SparseMilp(
        c=np.concatenate([np.zeros(n_cols), z_cost[z_keep]]),
        a=sparse.csr_array(sparse.vstack([body, count_row])),
        row_lower=np.concatenate([lower, [p]]),
        row_upper=np.concatenate([np.full(n_levels_kept, np.inf), [p]]),
        integrality=np.concatenate([np.ones(n_cols), np.zeros(n_vars - n_cols)]).astype(np.int8),
        var_lower=var_lower,
        var_upper=var_upper,
    )
    return RadiusModel(problem, constant, n_cols)


def solve_radius_model(
    model: RadiusModel, time_limit_s: float, incumbent: float | None = None
) -> MilpOutcome:
    """Solve with HiGHS and add the constant part (every row's cheapest cost) back.

    ``incumbent`` is the true cost of a known solution; the truncated model
    never charges more than the true cost, so ``objective <= incumbent`` is a
    valid cut that lets HiGHS prune every branch that cannot do as well.
    (Solving the LP by interior point first, as the covering models do, is
    slower here: the radius LP suits the dual simplex.)
    """
    cutoff = None if incumbent is None else incumbent - model.constant
    outcome = model.problem.solve(time_limit_s, cutoff=cutoff)
    return MilpOutcome(
        outcome.x, outcome.objective + model.constant, outcome.bound + model.constant, outcome.status
    )


@dataclass(frozen=True)
class ExactOutcome:
    """Lower bound proven by the truncated models and whether the incumbent is optimal."""

    bound: float
    proven: bool
    rounds: int
    timed_out: bool


def prove_by_radius_models(
    instance: DenseInstance,
    p: int,
    incumbent: Incumbent,
    multipliers: NDArray[np.float64],
    closed: NDArray[np.bool_],
    opened: NDArray[np.bool_],
    deadline: float,
    max_rounds: int = 30,
) -> ExactOutcome:
    """Solve truncated radius models, growing the caps, until one proves the optimum.

    The first caps come from the Lagrangian multipliers: with row ``i`` capped
    at the first cost ``d`` with ``w_i d >= lam_i`` the truncated LP bound is at
    least the Lagrangian bound. ``closed``/``opened`` candidates (proven by the
    bound's tests) are left out / forced in.
    """
    columns = _open_candidates(closed, incumbent.sites)
    ranked = sorted_costs(instance.costs[:, columns] if len(columns) < instance.costs.shape[1] else instance.costs)
    n_cols = len(columns)
    local = np.full(instance.costs.shape[1], -1, dtype=np.intp)
    local[columns] = np.arange(n_cols)
    weighted = instance.weights[:, None] * ranked.costs
    kept = np.clip((weighted < multipliers[:, None] * _CAP_MARGIN).sum(axis=1) + 1, 1, n_cols)
    # Caps that reach the incumbent's own sites: then the incumbent costs the
    # same in the truncated model, and if it is optimal one round proves it.
    kept = np.maximum(kept, _first_open_position(ranked, local[incumbent.sites]) + 1)
    allowed, forced_open = np.ones(n_cols, dtype=bool), opened[columns]
    best_bound, rounds = -np.inf, 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is returned
        model = radius_model(ranked, instance.weights, kept.astype(np.intp), p, allowed, forced_open)
        outcome = solve_radius_model(model, seconds_left(deadline), incumbent.objective)
        if outcome.status == "infeasible":
            # Nothing beats the incumbent even with the truncation's discount.
            return ExactOutcome(incumbent.objective, True, rounds, False)
        if outcome.x is None:
            return ExactOutcome(best_bound, False, rounds, True)
        best_bound = max(best_bound, outcome.bound)
        chosen = np.flatnonzero(binary_choice(outcome.x[:n_cols])).astype(np.intp)
        incumbent.offer(columns[chosen])
        beyond = _rows_beyond_cap(ranked, chosen, kept)
        if outcome.status != "optimal":
            return ExactOutcome(best_bound, False, rounds, True)
        if not beyond.any():
            # The truncated optimum is met by a real solution: it is the optimum.
            return ExactOutcome(max(best_bound, incumbent.objective), True, rounds, False)
        kept = _grow_caps(ranked, chosen, kept, beyond)
    return ExactOutcome(best_bound, False, rounds, False)


def _open_candidates(closed: NDArray[np.bool_], incumbent_sites: NDArray[np.intp]) -> NDArray[np.intp]:
    """Candidates the models keep: those the bound did not close, and the incumbent's sites.

    A closed candidate cannot be in a solution better than the incumbent, so
    dropping its column (instead of fixing it at 0) loses nothing. It also
    removes every cost level that only closed candidates reach: in the radius
    formulation such a level is a chain link ``z^k >= z^(k-1)`` that merges
    into the level before it, so the model shrinks with the closed share.
    """
    keep = ~closed
    keep[incumbent_sites] = True
    return np.flatnonzero(keep).astype(np.intp)


#: Caps reach a little beyond each multiplier, so that rows whose LP cost sits
#: right at the multiplier are not cut off.
_CAP_MARGIN = 1.05


def _rows_beyond_cap(
    ranked: SortedCosts, sites: NDArray[np.intp], kept: NDArray[np.intp]
) -> NDArray[np.bool_]:
    n_rows, n_cols = ranked.costs.shape
    open_mask = np.zeros(n_cols, dtype=bool)
    open_mask[sites] = True
    nearest_open = np.where(open_mask[ranked.columns], ranked.costs, np.inf).min(axis=1)
    cap = ranked.costs[np.arange(n_rows), np.minimum(kept, n_cols - 1)]
    return (kept < n_cols) & (nearest_open > cap)


def _grow_caps(
    ranked: SortedCosts, sites: NDArray[np.intp], kept: NDArray[np.intp], beyond: NDArray[np.bool_]
) -> NDArray[np.intp]:
    """Widen the rows that went past their cap to twice their old reach, at least to the solution."""
    n_cols = ranked.costs.shape[1]
    first_open_position = _first_open_position(ranked, sites)
    grown = kept.copy()
    grown[beyond] = np.maximum(first_open_position[beyond] + 2, 2 * kept[beyond])
    return np.minimum(grown, n_cols)


def _first_open_position(ranked: SortedCosts, sites: NDArray[np.intp]) -> NDArray[np.intp]:
    """Position, in each row's sorted candidates, of its nearest site among ``sites``."""
    open_mask = np.zeros(ranked.costs.shape[1], dtype=bool)
    open_mask[sites] = True
    return np.argmax(open_mask[ranked.columns], axis=1).astype(np.intp)
