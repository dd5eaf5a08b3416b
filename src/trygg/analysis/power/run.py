"""Run a scenario end to end: checks, allocation, simulation, what keeps everyone open.

Examples
--------
>>> from trygg.formats.power_scenario import read_scenario
>>> run = ScenarioRun(read_scenario("examples/scenario-storm-jamtland.yaml")).solve()  # doctest: +SKIP
>>> run.to_dict()["fuel"]["burned_l"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Self

from trygg.analysis.power.allocation import LpAllocation, optimise_allocation
from trygg.analysis.power.keep_open import KeepOpen, keep_everyone_open
from trygg.analysis.power.point import PowerCheck, check_point
from trygg.analysis.power.scenario import Scenario, ScenarioArrays, prepare
from trygg.analysis.power.simulation import PowerSource, SimulationResult, simulate

#: progress(fraction, phase, step): fraction 0…1 of the run, never going back; phase one of
#: :data:`PHASES`; step the keep-open search's re-run of the simulation (0 in the other phases).
Progress = Callable[[float, str, int], None]

#: The phases a run reports, in order (a caller may name them in its own language).
PHASES = ("simulate", "optimize", "keep_open", "done")

_FIRST_SHARE = 0.25  # of the progress bar: the first simulation (and the LP); the keep-open search the rest
_SEARCH_DECAY = 0.8  # each keep-open re-run takes this share of what is left (their number is not known)


def keep_open_fraction(run: int, within: float) -> float:
    """The progress fraction at ``within`` (0…1) of the keep-open search's ``run``-th re-run (1, 2, …)."""
    done = 1.0 - _SEARCH_DECAY ** (run - 1 + within)
    return _FIRST_SHARE + (1.0 - _FIRST_SHARE) * done * 0.98  # 1.0 only when the run is done


_SOURCE_LETTER = {PowerSource.MAINS: "M", PowerSource.GENERATOR: "G", PowerSource.NONE: "-"}


class ScenarioRun:
    """Simulate an outage scenario and allocate its fuel.

    Parameters
    ----------
    scenario : Scenario
    optimize : bool
        Allocate by the LP (HiGHS) that maximises weighted service hours
        instead of strictly by priority order.
    keep_open : bool
        Also compute the extra fuel and trucks that would keep every point
        open (re-runs the simulation a few times).
    progress : callable, optional
        :data:`Progress`, called as the run advances (the CLI's bar, a web job's row).

    Attributes
    ----------
    arrays_ : ScenarioArrays
    checks_ : list of PowerCheck
        Per-point power checks at the scenario's coldest temperature.
    result_ : SimulationResult
        The simulation with the chosen allocation.
    rule_result_ : SimulationResult
        The rule-based simulation (the same object unless ``optimize``).
    lp_ : LpAllocation or None
    keep_open_ : KeepOpen or None
    """

    def __init__(self, scenario: Scenario, optimize: bool = False, keep_open: bool = True,
                 progress: Progress | None = None) -> None:
        self.scenario = scenario
        self.optimize = optimize
        self.keep_open = keep_open
        self.progress = progress

    def _report(self, fraction: float, phase: str, step: int = 0) -> None:
        if self.progress is not None:
            self.progress(fraction, phase, step)

    def solve(self) -> Self:
        s = self.scenario
        self._report(0.0, "simulate")
        self.arrays_: ScenarioArrays = prepare(s)
        self.checks_: list[PowerCheck] = [
            check_point(p.spec, min(s.outdoor_c), planned_outage_h=float(s.duration_h),
                        margin=s.margin, start=s.start)
            for p in s.points
        ]
        share = _FIRST_SHARE if self.keep_open else 1.0
        share = share / 2 if self.optimize else share
        self.rule_result_: SimulationResult = simulate(
            self.arrays_, on_hour=lambda f: self._report(share * f, "simulate"))
        self.lp_: LpAllocation | None = None
        self.result_ = self.rule_result_
        if self.optimize:
            self._report(share, "optimize")
            self.lp_ = optimise_allocation(self.arrays_)
            self.result_ = simulate(self.arrays_, self.lp_.caps_l,
                                    on_hour=lambda f: self._report(share * (1 + f), "optimize"))
        self.keep_open_: KeepOpen | None = None
        if self.keep_open:
            self._report(_FIRST_SHARE, "keep_open")
            self.keep_open_ = keep_everyone_open(
                self.arrays_, self.rule_result_,
                on_run=lambda k, f: self._report(keep_open_fraction(k, f), "keep_open", k))
        self._report(1.0, "done")
        return self

    def time_at(self, hour: int) -> datetime:
        return self.scenario.start + timedelta(hours=int(hour))

    def point_rows(self) -> list[dict[str, Any]]:
        """One summary per point, in priority order."""
        a, r = self.arrays_, self.result_
        first_cut = r.first_cut_h
        delivered = r.delivered_l
        rows = []
        for i in a.order:
            point = self.scenario.points[i]
            check = self.checks_[i]
            rows.append({
                "id": point.spec.id,
                "name": point.spec.name,
                "priority": int(a.rank[i]),
                "level": point.spec.level,
                "municipality": point.municipality_code,
                "loses_mains": bool(a.affected[i]),
                "generator_kind": point.spec.generator.kind.value,
                "rated_kw": round(float(a.rated_kw[i]), 1),
                "peak_kw": round(float(a.load_kw[i].max()), 1),
                "tank_l": round(float(a.tank_l[i]), 0),
                "start_l": round(float(a.level0_l[i]), 1),
                "burned_l": round(float(r.burned_l[i].sum()), 1),
                "delivered_l": round(float(delivered[i]), 1),
                "left_l": round(float(r.level_l[i, -1]), 1),
                "first_cut_at": self.time_at(first_cut[i]).isoformat() if first_cut[i] >= 0 else None,
                "hours_cut": round(float(r.hours_cut[i]), 1),
                "people_hours": round(float(r.people_hours[i]), 0),
                "cut_reason": _cut_reason(a, r, i),
                "flags": [f.code.value for f in check.flags],
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Everything a report needs, JSON-ready."""
        s, a, r = self.scenario, self.arrays_, self.result_
        return {
            "scenario": {
                "name": s.name,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "duration_h": s.duration_h,
                "outdoor_c": list(s.outdoor_c),
                "allocation": "optimized" if self.optimize else "priority",
                "points_losing_mains": int(a.affected.sum()),
            },
            "points": self.point_rows(),
            "trips": [
                {
                    "truck": a.truck_ids[t.truck],
                    "source": a.source_ids[t.source],
                    "point": a.point_ids[t.point],
                    "departs": self.time_at(t.depart_h).isoformat(),
                    "arrives": self.time_at(t.arrive_h).isoformat(),
                    "returns": self.time_at(t.return_h).isoformat(),
                    "fuel_l": round(t.fuel_l, 1),
                }
                for t in r.trips
            ],
            "fuel": {k: round(v, 1) for k, v in r.fuel_balance().items()},
            "people_hours": round(float(r.people_hours.sum()), 0),
            "weighted_service_h": round(r.weighted_service_h(), 2),
            "optimization": self._optimization_dict(),
            "keep_open": _keep_open_dict(self.keep_open_),
            "late_deliveries": list(a.late_deliveries),
            "timeline": {
                "hours": [self.time_at(h).isoformat() for h in range(a.n_hours + 1)],
                "level_l": {pid: [round(float(v), 1) for v in r.level_l[i]]
                            for i, pid in enumerate(a.point_ids)},
                "power_source": {pid: "".join(_SOURCE_LETTER[PowerSource(v)] for v in row)
                                 for pid, row in zip(a.point_ids, r.power_source, strict=True)},
            },
            "checks": [check.to_dict() for check in self.checks_],
        }

    def _optimization_dict(self) -> dict[str, Any] | None:
        if self.lp_ is None:
            return None
        return {
            "status": self.lp_.status,
            "planned_weighted_service_h": round(self.lp_.objective, 2),
            "weighted_service_h": round(self.result_.weighted_service_h(), 2),
            "rule_based_weighted_service_h": round(self.rule_result_.weighted_service_h(), 2),
            "caps_l": {pid: round(float(c), 1) for pid, c in zip(self.arrays_.point_ids,
                                                                  self.lp_.caps_l, strict=True)
                       if c > 0},
        }

    def text(self) -> str:
        """A plain-text report for the terminal."""
        from trygg.analysis.power.report import scenario_text

        return scenario_text(self)


def _cut_reason(a: ScenarioArrays, r: SimulationResult, i: int) -> str | None:
    if not a.affected[i]:
        return None
    if not a.runs[i]:
        return "no_backup"
    if r.cut[i].any():
        return "ran_dry"
    return None


def _keep_open_dict(k: KeepOpen | None) -> dict[str, Any] | None:
    if k is None:
        return None
    return {
        "everyone_open": k.everyone_open,
        "extra_fuel_l": round(k.extra_fuel_l, 0),
        "extra_fuel_by_source": {s: round(v, 0) for s, v in k.extra_fuel_by_source.items()},
        "extra_trucks": k.extra_trucks,
        "extra_trucks_like": dict(Counter(k.extra_trucks_like)),
        "extra_trips": k.extra_trips,
        "lower_bound_l": round(k.lower_bound_l, 0),
        "verified": k.verified,
        "needs_generator": k.needs_generator,
        "needs_bigger_generator": k.needs_bigger_generator,
        "out_of_reach": k.out_of_reach,
        "still_cut": k.still_cut,
    }
