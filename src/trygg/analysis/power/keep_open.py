"""What would keep every point open: extra litres and extra truck trips, verified.

Fuel cannot help a point without a generator or one whose load exceeds its
set; those are listed. Nor can it help a point whose tank burns dry faster
than the quickest truck can get there (one delivery is on its way to a point
at a time): listed as out of reach, needing a bigger tank or nearer fuel.
For the rest:

1. The lower bound on extra fuel is Σ need − fuel available, where a point's
   need is its demand over the outage minus its own usable fuel (tanks cannot
   share fuel, so this is exact when timing and trucks do not bind).
2. Each cut point is served from its home depot: the truck depot quickest to
   reach it. That much fuel is added at the start (split over the home
   depots in proportion to the points' needs) and the outage is simulated
   again with the rule-based allocation. While a point is still cut, two
   steps are tried and the one that leaves fewer litres missed is kept: add
   the litres the points missed (or, if larger, the pool's worst shortfall
   against all remaining needs) at their home depots, or add copies of each
   home depot's largest truck (half as many again as already added, at least
   one, where the most litres were missed). Fuel at the start also cures
   cuts caused by deliveries that come too late.
3. Once nobody is cut, the added trucks and then the extra fuel are bisected
   down to the least (fuel to within 1 %) that still keeps everyone open.

The answer is therefore computed by the same simulation that found the cuts,
not estimated; ``verified`` is False only when the search stops making
progress or hits its limits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.power.scenario import ScenarioArrays
from trygg.analysis.power.simulation import SimulationResult, simulate

MAX_ROUNDS = 40
STALL_ROUNDS = 3  # stop after this many rounds that cut the missed litres by less than 1 %
BISECT_TOLERANCE = 0.01
EPS_MISSED = 1e-3  # a cut with (numerically) no litres missing still counts

Mask = NDArray[np.bool_]
#: on_run(k, f): the k-th re-run of the simulation (1, 2, …) is at fraction f of its hours.
RunProgress = Callable[[int, float], None]


@dataclass(frozen=True)
class KeepOpen:
    """Extra fuel and trucks that keep every fuel-fixable point open.

    Attributes
    ----------
    everyone_open : bool
        True when no point that fuel can help was cut in the first place.
    extra_fuel_by_source : dict of str to float
        Litres to add at each depot at the start of the outage.
    extra_trucks_like : tuple of str
        One entry per truck to add: the id of the truck it copies (same depot).
    extra_trips : int
        How many more trips the trucks then make.
    lower_bound_l : float
        Σ need − fuel available: no plan needs less.
    verified : bool
        The simulation with the additions cut none of the points fuel can help.
    needs_generator : list of str
        Points without backup power.
    needs_bigger_generator : list of str
        Points whose load exceeds their set in some hour.
    out_of_reach : list of str
        Points whose tank burns dry faster than the quickest trip to them.
    still_cut : list of str
        Points cut even with the additions (only when not verified).
    """

    everyone_open: bool
    extra_fuel_by_source: dict[str, float] = field(default_factory=dict)
    extra_trucks_like: tuple[str, ...] = ()
    extra_trips: int = 0
    lower_bound_l: float = 0.0
    verified: bool = True
    needs_generator: list[str] = field(default_factory=list)
    needs_bigger_generator: list[str] = field(default_factory=list)
    out_of_reach: list[str] = field(default_factory=list)
    still_cut: list[str] = field(default_factory=list)

    @property
    def extra_fuel_l(self) -> float:
        return float(sum(self.extra_fuel_by_source.values()))

    @property
    def extra_trucks(self) -> int:
        return len(self.extra_trucks_like)

    def apply(self, a: ScenarioArrays) -> ScenarioArrays:
        """The scenario arrays with the extra fuel and trucks added."""
        fuel = np.zeros(len(a.source_ids))
        for source, litres in self.extra_fuel_by_source.items():
            fuel[a.source_ids.index(source)] += litres
        return a.with_extra(fuel, [a.truck_ids.index(t) for t in self.extra_trucks_like])


@dataclass(frozen=True)
class _Search:
    """Where extra fuel and trucks go, and which points must stay open."""

    a: ScenarioArrays
    fixable: Mask
    home: NDArray[np.intp]  # (P,) source index of each point's home depot
    template: dict[int, int]  # home depot → its largest truck
    on_run: RunProgress | None = None
    runs: list[int] = field(default_factory=lambda: [0])  # re-runs so far (a counter in a frozen record)

    def run(self, fuel: NDArray[np.float64], clones: list[int]) -> SimulationResult:
        self.runs[0] += 1
        k, report = self.runs[0], self.on_run
        hook = None if report is None else (lambda f: report(k, f))
        return simulate(self.a.with_extra(fuel, clones), on_hour=hook)

    def missed_by_point(self, result: SimulationResult) -> NDArray[np.float64]:
        cut = _cut(result, self.fixable)
        return np.where(cut, np.maximum(result.unmet_l, EPS_MISSED), 0.0)

    def missed(self, result: SimulationResult) -> float:
        """Litres the fixable points needed but lacked (0 when none is cut)."""
        return float(self.missed_by_point(result).sum())

    def by_depot(self, litres: NDArray[np.float64]) -> NDArray[np.float64]:
        """Point litres summed onto their home depots, as a (S,) vector."""
        summed = np.bincount(self.home, weights=litres, minlength=len(self.a.source_ids))
        return summed.astype(np.float64)

    def more_trucks(self, clones: list[int], missed: NDArray[np.float64]) -> list[int]:
        """Half as many copies again (at least one), where the most litres were missed."""
        per_depot = self.by_depot(missed)
        count = max(1, len(clones) // 2)
        share = per_depot / per_depot.sum() * count
        extra = np.floor(share).astype(int)
        for depot in np.argsort(share - extra)[::-1][: count - int(extra.sum())]:
            extra[depot] += 1
        added = [self.template[int(d)] for d in np.flatnonzero(extra) for _ in range(extra[d])]
        return clones + added


def keep_everyone_open(a: ScenarioArrays, base: SimulationResult, on_run: RunProgress | None = None) -> KeepOpen:
    """Compute what extra fuel and trucks keep every point with a generator open.

    ``on_run(k, f)`` follows the search: the k-th re-run of the simulation is at fraction f.
    """
    ids = np.asarray(a.point_ids)
    with_set = a.affected & a.runs & (a.demand_l.sum(axis=1) > 0)
    too_far = with_set & _out_of_reach(a)
    fixable = with_set & ~too_far
    overloaded = a.affected & a.runs & (a.load_kw > a.rated_kw[:, None]).any(axis=1)
    answer = KeepOpen(
        everyone_open=not _cut(base, fixable).any(),
        lower_bound_l=_lower_bound_l(a, fixable),
        needs_generator=list(ids[a.affected & ~a.runs]),
        needs_bigger_generator=list(ids[overloaded]),
        out_of_reach=list(ids[too_far]),
    )
    if answer.everyone_open:
        return answer
    if len(a.truck_ids) == 0:
        return replace(answer, verified=False, still_cut=list(ids[_cut(base, fixable)]))
    search = replace(_search_for(a, fixable), on_run=on_run)
    need = np.maximum(a.demand_l.sum(axis=1) - a.level0_l, 0.0) * fixable
    low = search.by_depot(need) * (answer.lower_bound_l / max(float(need.sum()), 1e-9))
    fuel, clones, failed, result = _grow(search, np.ceil(low))
    verified = search.missed(result) == 0
    if verified:
        clones, result = _bisect_trucks(search, fuel, clones, failed, result)
        fuel, result = _bisect_fuel(search, clones, low, fuel, result)
    return replace(
        answer,
        extra_fuel_by_source={a.source_ids[s]: float(fuel[s]) for s in np.flatnonzero(fuel > 0)},
        extra_trucks_like=tuple(a.truck_ids[k] for k in clones),
        extra_trips=len(result.trips) - len(base.trips),
        verified=verified,
        still_cut=[] if verified else list(ids[_cut(result, fixable)]),
    )


def _search_for(a: ScenarioArrays, fixable: Mask) -> _Search:
    bases = np.unique(a.truck_base)
    # Hours from each depot with trucks to each point, by its quickest truck.
    hours = np.stack([a.back_h[a.truck_base == d].min(axis=0) for d in bases])
    home = bases[hours.argmin(axis=0)].astype(np.intp)
    template = {
        int(d): int(np.flatnonzero(a.truck_base == d)[np.argmax(a.truck_capacity_l[a.truck_base == d])])
        for d in bases
    }
    return _Search(a, fixable, home, template)


def _cut(result: SimulationResult, points: Mask) -> Mask:
    return points & result.cut.any(axis=1)


def _out_of_reach(a: ScenarioArrays) -> Mask:
    """Points whose tank holds less than they burn during the quickest trip to them."""
    if len(a.truck_ids) == 0 or len(a.source_ids) == 0:
        return np.zeros(len(a.point_ids), dtype=bool)
    quickest_h = a.out_h.min(axis=(0, 1))
    window = np.ceil(quickest_h).astype(np.int64) + 1  # a trip leaves on the hour
    T = a.n_hours
    cumulative = np.concatenate([np.zeros((len(a.point_ids), 1)), np.cumsum(a.demand_l, axis=1)], axis=1)
    worst = np.array([
        (cumulative[p, min(w, T):] - cumulative[p, : T + 1 - min(w, T)]).max()
        for p, w in enumerate(window.tolist())
    ])
    return np.asarray(worst > a.tank_l, dtype=bool)


def _lower_bound_l(a: ScenarioArrays, fixable: Mask) -> float:
    need = np.maximum(a.demand_l.sum(axis=1) - a.level0_l, 0.0)[fixable].sum()
    available = a.stock0_l.sum() + sum(litres for _, _, litres in a.arrivals)
    return float(max(need - available, 0.0))


def _grow(
    search: _Search, fuel: NDArray[np.float64]
) -> tuple[NDArray[np.float64], list[int], int, SimulationResult]:
    """Add fuel or trucks until nobody is cut: (fuel, clones, last failing clone count, result)."""
    clones: list[int] = []
    failed = 0
    max_trucks = 4 * int(search.fixable.sum())
    result = search.run(fuel, clones)
    missed, stalled = search.missed(result), 0
    for _ in range(MAX_ROUNDS):
        if missed == 0 or stalled >= STALL_ROUNDS:
            break
        per_point = search.missed_by_point(result)
        # The priority rule promises today's fuel to the higher ranks' whole remaining need,
        # so a low rank waits until the pool exceeds it: add the larger of what was missed
        # and the pool's worst deficit, where the missed litres were.
        add = max(missed, float(result.deficit_l.max(initial=0.0)))
        steps = [(fuel + np.ceil(search.by_depot(per_point) * (add / missed)), clones)]
        if len(clones) < max_trucks:
            steps.append((fuel, search.more_trucks(clones, per_point)))
        tried = [(step, search.run(*step)) for step in steps]
        (new_fuel, new_clones), new_result = min(tried, key=lambda item: search.missed(item[1]))
        new_missed = search.missed(new_result)
        if new_missed >= missed and len(steps) == 2:
            # Neither step alone helps (fuel reserved but no truck, or the reverse): take both.
            new_fuel, new_clones = steps[0][0], steps[1][1]
            new_result = search.run(new_fuel, new_clones)
            new_missed = search.missed(new_result)
        stalled = stalled + 1 if new_missed > (1 - BISECT_TOLERANCE) * missed else 0
        if len(new_clones) > len(clones):
            failed = len(clones)
        fuel, clones, result, missed = new_fuel, new_clones, new_result, new_missed
    return fuel, clones, failed, result


def _bisect_trucks(
    search: _Search, fuel: NDArray[np.float64], clones: list[int], low: int,
    result: SimulationResult,
) -> tuple[list[int], SimulationResult]:
    """The fewest of the added trucks (in the order added) that still keep everyone open."""
    high, best = len(clones), result
    while high - low > 1:
        mid = (low + high) // 2
        trial = search.run(fuel, clones[:mid])
        if search.missed(trial) == 0:
            high, best = mid, trial
        else:
            low = mid
    return clones[:high], best


def _bisect_fuel(
    search: _Search, clones: list[int], low: NDArray[np.float64], high: NDArray[np.float64],
    result: SimulationResult,
) -> tuple[NDArray[np.float64], SimulationResult]:
    """The least extra fuel (within 1 %, between ``low`` and ``high`` per depot) that works."""
    def mix(x: float) -> NDArray[np.float64]:
        return np.ceil(low + x * (high - low))

    trial = search.run(mix(0.0), clones)
    if search.missed(trial) == 0:
        return mix(0.0), trial
    lo, hi, best = 0.0, 1.0, result
    while (hi - lo) * float((high - low).sum()) > max(BISECT_TOLERANCE * float(high.sum()), 1.0):
        mid = (lo + hi) / 2
        trial = search.run(mix(mid), clones)
        if search.missed(trial) == 0:
            hi, best = mid, trial
        else:
            lo = mid
    return mix(hi), best
