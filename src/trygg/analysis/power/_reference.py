"""A plain per-hour, per-point Python loop of the simulation rules.

Deliberately naive: lists and ``for`` loops, no numpy in the hourly loop. It
is the test oracle for the vectorised :mod:`~trygg.analysis.power.simulation`
(both must give the same trips and levels) and the baseline the benchmark
measures against. Same rules, same order of operations, same tie-breaks.
"""

from __future__ import annotations

import math
from itertools import accumulate

from trygg.analysis.power.scenario import ScenarioArrays
from trygg.analysis.power.simulation import EPS_L, MIN_FILL_FRACTION


def simulate_reference(a: ScenarioArrays) -> tuple[list[list[float]], list[tuple[int, ...]]]:
    """Rule-based simulation; returns (levels per point per hour (P × T+1), trips).

    Each trip is (truck, source, point, depart_h, arrive_h, return_h) and the
    litres are the last element of the tuple.
    """
    P, T = a.demand_l.shape
    S, K = len(a.source_ids), len(a.truck_ids)
    demand = a.demand_l.tolist()
    cum = [[0.0, *accumulate(row)] for row in demand]
    affected, runs = a.affected.tolist(), a.runs.tolist()
    eligible = [affected[p] and runs[p] and cum[p][T] > 0 for p in range(P)]
    tank, rank = a.tank_l.tolist(), a.rank.tolist()
    order = a.order.tolist()
    out_h, back_h = a.out_h.tolist(), a.back_h.tolist()
    capacity = a.truck_capacity_l.tolist()
    profile = a.truck_profile.tolist()
    powered_by = a.powered_by.tolist()
    level, stock = a.level0_l.tolist(), a.stock0_l.tolist()
    inflight = [0.0] * P
    free_at = a.truck_start_h.tolist()
    arriving: list[list[tuple[int, float]]] = [[] for _ in range(T)]
    external: list[list[tuple[int, float]]] = [[] for _ in range(T)]
    for hour, source, litres in a.arrivals:
        external[hour].append((source, litres))
    powered = [not affected[p] or (runs[p] and level[p] > EPS_L) for p in range(P)]
    max_out = max((x for plane in out_h for row in plane for x in row), default=0.0)
    history: list[list[float]] = [[] for _ in range(P)]
    trips: list[tuple[int, ...]] = []
    for t in range(T):
        for point, litres in arriving[t]:
            level[point] += litres
            inflight[point] = 0.0
        for source, litres in external[t]:
            stock[source] += litres
        for p in range(P):
            history[p].append(level[p])
        if K and S:
            source_ok = [powered_by[s] < 0 or powered[powered_by[s]] for s in range(S)]
            # Allowances in priority order from the fuel reachable now.
            available = math.fsum(stock[s] for s in range(S) if source_ok[s])
            allowance = [0.0] * P
            promised = 0.0
            for p in order:
                need = max(cum[p][T] - cum[p][t] - level[p] - inflight[p], 0.0) if eligible[p] else 0.0
                allowance[p] = min(max(available - promised, 0.0), need)
                promised += need
            cand = [p for p in range(P) if allowance[p] > EPS_L and inflight[p] <= EPS_L]
            dry = {}
            for p in cand:
                dry[p] = T
                for j in range(t + 1, T + 1):
                    if cum[p][j] - cum[p][t] > level[p] + EPS_L:
                        dry[p] = j - 1
                        break
            busy = set()
            if cand and min(dry.values()) <= t + math.ceil(max_out) + a.reserve_h:
                idle_kinds = set()
                for k in range(K):
                    if free_at[k] > t or profile[k] in idle_kinds:
                        continue
                    best = None
                    for p in cand:
                        if p in busy:
                            continue
                        src, leg = -1, math.inf
                        for s in range(S):
                            if source_ok[s] and stock[s] > EPS_L and out_h[k][s][p] < leg:
                                src, leg = s, out_h[k][s][p]
                        if src < 0:
                            continue
                        arrive = t + max(math.ceil(leg - 1e-9), 1)
                        if arrive > T - 1:
                            continue
                        at_arrival = max(level[p] - (cum[p][arrive] - cum[p][t]), 0.0)
                        room = tank[p] - at_arrival
                        amount = min(capacity[k], stock[src], allowance[p], room)
                        if room < MIN_FILL_FRACTION * min(tank[p], capacity[k]):
                            continue
                        if dry[p] > arrive + a.reserve_h or amount <= EPS_L:
                            continue
                        key = (rank[p], dry[p], p)
                        if best is None or key < best[0]:
                            best = (key, p, src, leg, arrive, amount)
                    if best is None:
                        idle_kinds.add(profile[k])
                        continue
                    _, p, src, leg, arrive, amount = best
                    back = t + max(math.ceil(leg + back_h[k][p] - 1e-9), arrive - t)
                    stock[src] -= amount
                    inflight[p] = amount
                    allowance[p] -= amount
                    busy.add(p)
                    arriving[arrive].append((p, amount))
                    free_at[k] = back
                    trips.append((k, src, p, t, arrive, back, amount))
        for p in range(P):
            burn = min(level[p], demand[p][t])
            level[p] -= burn
            powered[p] = not affected[p] or (runs[p] and level[p] > EPS_L)
    for p in range(P):
        history[p].append(level[p])
    return history, trips
