"""The hourly outage simulation: load, fuel burned, refuelling runs, who is cut.

Rules, hour by hour (all points advance together, vectorised with numpy):

1. Fuel arrives: trucks pour into point tanks, agreed deliveries into depots
   and stations.
2. A station can be loaded only while the point running its pumps has power.
3. Allowances. Rule-based (R5): the fuel reachable now is promised to the
   points in priority order, each getting its whole remaining need (its
   demand until the end of the outage minus what it holds and what is on
   its way) before the next point gets any. A point whose allowance is zero
   gets no fuel. Optimised: the allowances are the litres an LP gave each
   point (see :mod:`~trygg.analysis.power.allocation`).
4. Each idle truck (in file order) takes the *highest-priority* point that
   (a) has an allowance, (b) has no fuel on its way, (c) would run dry
   within ``reserve_h`` hours after the truck could arrive, (d) has room for
   at least a fifth of its tank (or of the truck) at arrival, and (e) can be
   reached before the outage ends; ties go to the point that runs dry first.
   The truck loads at the source that gets it there soonest, carries
   min(truck capacity, stock there, allowance, room in the tank at arrival),
   and comes back to its depot. When a truck finds no job, trucks equal to it
   (same depot, capacity, speed and start) wait that hour too.
5. Each point on its generator burns its hour's demand, or what it has left:
   a point that cannot meet the hour's demand is *cut* (no power) until fuel
   reaches it, then its set restarts.

Fuel is conserved exactly: start stock + agreed deliveries = burned + left,
and nothing goes negative (see :meth:`SimulationResult.fuel_balance`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.power.scenario import ScenarioArrays

EPS_L = 1e-6  # litres below this are nothing
MIN_FILL_FRACTION = 0.2  # a trip must fill at least this share of the tank (or the truck)


class PowerSource(IntEnum):
    MAINS = 0
    GENERATOR = 1
    NONE = 2


@dataclass(frozen=True)
class Trip:
    """One refuelling run (indices into the scenario arrays; hours from the start)."""

    truck: int
    source: int
    point: int
    depart_h: int
    arrive_h: int
    return_h: int
    fuel_l: float


@dataclass
class SimulationResult:
    """What happened, hour by hour.

    Attributes
    ----------
    level_l : ndarray (P, T + 1)
        Usable fuel in each point's tank at the start of each hour, l.
    burned_l : ndarray (P, T)
        Litres burned in each hour.
    served : ndarray (P, T)
        Share of the hour the point had power: 1 on mains or a fuelled set,
        0 without backup, between for the hour a tank runs dry.
    power_source : ndarray (P, T) of PowerSource values
    stock_l : ndarray (S, T + 1)
        Fuel at each depot and station at the start of each hour, l.
    trips : list of Trip
    deficit_l : ndarray (T,)
        Under the priority rule: litres by which the remaining needs of all
        points exceeded the fuel reachable, in the hours trucks were free.
    """

    arrays: ScenarioArrays
    level_l: NDArray[np.float64]
    burned_l: NDArray[np.float64]
    served: NDArray[np.float64]
    stock_l: NDArray[np.float64]
    trips: list[Trip] = field(default_factory=list)
    deficit_l: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    @property
    def power_source(self) -> NDArray[np.int8]:
        a = self.arrays
        source = np.full(self.served.shape, PowerSource.GENERATOR, dtype=np.int8)
        dry_idle = (a.demand_l == 0) & (self.level_l[:, :-1] <= EPS_L)
        source[(self.served < 1 - 1e-9) | dry_idle] = PowerSource.NONE
        source[~a.affected] = PowerSource.MAINS
        source[a.affected & ~a.runs] = PowerSource.NONE
        return source

    @property
    def cut(self) -> NDArray[np.bool_]:
        """(P, T) True in each hour a point has no power."""
        return self.power_source == PowerSource.NONE

    @property
    def first_cut_h(self) -> NDArray[np.int64]:
        """(P,) first hour without power, -1 if never."""
        cut = self.cut
        return np.where(cut.any(axis=1), cut.argmax(axis=1), -1)

    @property
    def hours_cut(self) -> NDArray[np.float64]:
        """(P,) hours without power (a partial hour counts its unserved share)."""
        served = self._served_effective()
        return np.where(served < 1 - 1e-9, 1.0 - served, 0.0).sum(axis=1)

    @property
    def service_h(self) -> NDArray[np.float64]:
        """(P,) hours with power."""
        return self._served_effective().sum(axis=1)

    @property
    def people_hours(self) -> NDArray[np.float64]:
        """(P,) capacity × open hours with power."""
        a = self.arrays
        return a.capacity_people * (self._served_effective() * a.open).sum(axis=1)

    @property
    def unmet_l(self) -> NDArray[np.float64]:
        """(P,) litres the sets needed but did not have."""
        return self.arrays.demand_l.sum(axis=1) - self.burned_l.sum(axis=1)

    @property
    def delivered_l(self) -> NDArray[np.float64]:
        """(P,) litres trucks poured into each point's tank."""
        out = np.zeros(len(self.arrays.point_ids))
        for trip in self.trips:
            out[trip.point] += trip.fuel_l
        return out

    def weighted_service_h(self) -> float:
        """Σ weight × hours with power over the points that lose mains."""
        a = self.arrays
        return float((a.weight * self.service_h)[a.affected].sum())

    def fuel_balance(self) -> dict[str, float]:
        """Litres at the start, in, burned and left; the two sides are equal."""
        a = self.arrays
        return {
            "start_in_tanks_l": float(a.level0_l.sum()),
            "start_in_sources_l": float(a.stock0_l.sum()),
            "agreed_deliveries_in_l": float(sum(litres for _, _, litres in a.arrivals)),
            "delivered_to_points_l": float(sum(t.fuel_l for t in self.trips)),
            "burned_l": float(self.burned_l.sum()),
            "left_in_tanks_l": float(self.level_l[:, -1].sum()),
            "left_in_sources_l": float(self.stock_l[:, -1].sum()),
        }

    def _served_effective(self) -> NDArray[np.float64]:
        cut_idle = self.cut & (self.served >= 1 - 1e-9)
        return np.where(cut_idle, 0.0, self.served)


def simulate(arrays: ScenarioArrays, caps_l: NDArray[np.float64] | None = None,
             on_hour: Callable[[float], None] | None = None) -> SimulationResult:
    """Run the hourly simulation.

    Parameters
    ----------
    arrays : ScenarioArrays
        From :func:`~trygg.analysis.power.scenario.prepare`.
    caps_l : ndarray (P,), optional
        Litres each point may receive in total (an optimised allocation);
        None for the rule-based priority order.
    on_hour : callable, optional
        Called with the fraction of hours done (0 ≤ f < 1), once per simulated day.
    """
    return _Engine(arrays, caps_l).run(on_hour)


class _Engine:
    """The state of one simulation run; ``run`` advances it hour by hour."""

    def __init__(self, a: ScenarioArrays, caps_l: NDArray[np.float64] | None) -> None:
        self.a = a
        self.caps_l = caps_l
        P, T = a.demand_l.shape
        self.T = T
        self.cum = np.zeros((P, T + 1))
        np.cumsum(a.demand_l, axis=1, out=self.cum[:, 1:])
        self.eligible = a.affected & a.runs & (self.cum[:, -1] > 0)
        self.level = a.level0_l.astype(np.float64).copy()
        self.stock = a.stock0_l.astype(np.float64).copy()
        self.inflight = np.zeros(P)
        self.given = np.zeros(P)
        self.free_at = a.truck_start_h.astype(np.int64).copy()
        self.arriving: list[list[tuple[int, float]]] = [[] for _ in range(T)]
        self.external: list[list[tuple[int, float]]] = [[] for _ in range(T)]
        for hour, source, litres in a.arrivals:
            self.external[hour].append((source, litres))
        self.powered = ~a.affected | (a.runs & (self.level > EPS_L))
        self.max_out_h = float(a.out_h.max()) if a.out_h.size else 0.0
        self.trips: list[Trip] = []
        self.deficit = np.zeros(T)

    def run(self, on_hour: Callable[[float], None] | None = None) -> SimulationResult:
        a, T = self.a, self.T
        P, S = len(a.point_ids), len(a.source_ids)
        level_hist = np.empty((P, T + 1))
        stock_hist = np.empty((S, T + 1))
        burned = np.zeros((P, T))
        served = np.ones((P, T))
        for t in range(T):
            if on_hour is not None and t % 24 == 0:
                on_hour(t / T)
            self._arrive(t)
            level_hist[:, t] = self.level
            stock_hist[:, t] = self.stock
            if len(a.truck_ids) and S:
                self._dispatch(t)
            demand = a.demand_l[:, t]
            burn = np.minimum(self.level, demand)
            self.level -= burn
            burned[:, t] = burn
            served[:, t] = np.where(demand > 0, burn / np.where(demand > 0, demand, 1.0), 1.0)
            self.powered = ~a.affected | (a.runs & (self.level > EPS_L))
        level_hist[:, T] = self.level
        stock_hist[:, T] = self.stock
        served[a.affected & ~a.runs] = 0.0
        return SimulationResult(a, level_hist, burned, served, stock_hist, self.trips, self.deficit)

    def _arrive(self, t: int) -> None:
        for point, litres in self.arriving[t]:
            self.level[point] += litres
            self.inflight[point] = 0.0
        for source, litres in self.external[t]:
            self.stock[source] += litres

    def _source_ok(self) -> NDArray[np.bool_]:
        by = self.a.powered_by
        return (by < 0) | self.powered[np.maximum(by, 0)]

    def _allowance(self, t: int, source_ok: NDArray[np.bool_]) -> NDArray[np.float64]:
        future = self.cum[:, self.T] - self.cum[:, t]
        need = np.where(self.eligible, np.maximum(future - self.level - self.inflight, 0.0), 0.0)
        if self.caps_l is not None:
            return np.minimum(np.maximum(self.caps_l - self.given, 0.0), need)
        # fsum and an exclusive running sum: the same litres, to the last bit, as the
        # plain-Python reference loop that tests this engine.
        available = math.fsum(self.stock[source_ok])
        self.deficit[t] = max(float(need.sum()) - available, 0.0)
        order = self.a.order
        need_sorted = need[order]
        promised_before = np.concatenate([[0.0], np.cumsum(need_sorted)[:-1]])
        allowance = np.empty_like(need)
        allowance[order] = np.clip(available - promised_before, 0.0, need_sorted)
        return allowance

    def _dispatch(self, t: int) -> None:
        a = self.a
        idle = np.flatnonzero(self.free_at <= t)
        if idle.size == 0:
            return
        source_ok = self._source_ok()
        allowance = self._allowance(t, source_ok)
        cand = np.flatnonzero((allowance > EPS_L) & (self.inflight <= EPS_L))
        if cand.size == 0:
            return
        dry = self._dry_hour(t, cand)
        if dry.min() > t + math.ceil(self.max_out_h) + a.reserve_h:
            return  # nobody can become urgent this hour, whichever truck goes
        open_cand = np.ones(cand.size, dtype=bool)
        idle_kinds: set[int] = set()
        for k in idle:
            # A truck like one that found no job this hour waits too (fleets of equal trucks).
            if int(a.truck_profile[k]) in idle_kinds:
                continue
            if not self._send_truck(int(k), t, cand, dry, allowance, open_cand, source_ok):
                idle_kinds.add(int(a.truck_profile[k]))

    def _dry_hour(self, t: int, cand: NDArray[np.intp]) -> NDArray[np.int64]:
        """First hour each candidate cannot meet its demand, from its own tank (T if never)."""
        burnt_since = self.cum[cand, t + 1 :] - self.cum[cand, t : t + 1]
        over = burnt_since > (self.level[cand] + EPS_L)[:, None]
        return np.where(over.any(axis=1), t + over.argmax(axis=1), self.T)

    def _send_truck(
        self,
        k: int,
        t: int,
        cand: NDArray[np.intp],
        dry: NDArray[np.int64],
        allowance: NDArray[np.float64],
        open_cand: NDArray[np.bool_],
        source_ok: NDArray[np.bool_],
    ) -> bool:
        a = self.a
        available = source_ok & (self.stock > EPS_L)
        if not available.any():
            return False
        out = np.where(available[:, None], a.out_h[k][:, cand], np.inf)
        best_source = out.argmin(axis=0)
        best_out = out[best_source, np.arange(cand.size)]
        finite = np.isfinite(best_out)
        arrive = t + np.maximum(np.ceil(np.where(finite, best_out, 0.0) - 1e-9), 1).astype(np.int64)
        reach = open_cand & finite & (arrive <= self.T - 1)
        at = np.minimum(arrive, self.T)
        level_at_arrival = np.maximum(self.level[cand] - (self.cum[cand, at] - self.cum[cand, t]), 0.0)
        room = a.tank_l[cand] - level_at_arrival
        capacity = a.truck_capacity_l[k]
        amount = np.minimum(
            np.minimum(capacity, self.stock[best_source]), np.minimum(allowance[cand], room)
        )
        worth = room >= MIN_FILL_FRACTION * np.minimum(a.tank_l[cand], capacity)
        urgent = dry <= arrive + a.reserve_h
        ok = np.flatnonzero(reach & urgent & worth & (amount > EPS_L))
        if ok.size == 0:
            return False
        j = ok[np.lexsort((cand[ok], dry[ok], a.rank[cand[ok]]))[0]]
        point, source, litres = int(cand[j]), int(best_source[j]), float(amount[j])
        back = t + max(math.ceil(best_out[j] + a.back_h[k, point] - 1e-9), int(arrive[j]) - t)
        self.stock[source] -= litres
        self.inflight[point] = litres
        self.given[point] += litres
        allowance[point] -= litres
        open_cand[j] = False
        self.arriving[int(arrive[j])].append((point, litres))
        self.free_at[k] = back
        self.trips.append(Trip(k, source, point, t, int(arrive[j]), int(back), litres))
        return True
