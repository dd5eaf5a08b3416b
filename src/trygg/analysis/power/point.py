"""One point's power plan and its check: load budget, generator sizing, endurance.

:func:`check_point` takes plain dataclasses, so the registry, the CLI and the
scenario share it; nothing here reads files or databases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.power.errors import require, require_positive
from trygg.analysis.power.fuel import endurance_h, litres_per_hour, runs_dry_at
from trygg.analysis.power.generator import (
    DEFAULT_MARGIN,
    Flag,
    FlagCode,
    GeneratorSpec,
    Severity,
    check_generator,
)
from trygg.analysis.power.loads import (
    DEFAULT_OUTDOOR_C,
    HeatingSpec,
    Load,
    LoadBudget,
    OpeningHours,
    load_budget,
)
from trygg.rules.catalogue import LoadClass
from trygg.rules.levels import Level
from trygg.text import N_, Number

# How long a check assumes the set is relied on: the three-day outage the
# storm scenario plays; a stated default, overridable per check.
DEFAULT_PLANNED_OUTAGE_H = 72.0
LOW_LOAD_FRACTION = 0.25  # diesel sets run poorly ("wet stacking") below about ¼ load


@dataclass(frozen=True)
class PointPowerSpec:
    """What a point needs and has for backup power.

    Parameters
    ----------
    id, name : str
    level : int
        Nivå 1, 2 or 3 (R2); sets the default opening hours.
    loads : sequence of Load
        The equipment inventory.
    heating : HeatingSpec, optional
    generator : GeneratorSpec
    opening_hours : OpeningHours, optional
        Defaults by level (1: 10–16, 2: 07–22, 3: around the clock).
    priority_rank : int, optional
        The municipality's priority order (R5): 1 is served first.
    capacity_people : int
        People the point takes, for people-hours of service.
    """

    id: str
    name: str
    level: int
    loads: tuple[Load, ...] = ()
    heating: HeatingSpec | None = None
    generator: GeneratorSpec = field(default_factory=GeneratorSpec)
    opening_hours: OpeningHours | None = None
    priority_rank: int | None = None
    capacity_people: int = 0

    def __post_init__(self) -> None:
        require(bool(self.id) and isinstance(self.id, str), N_("a point needs an id"), "id", self.id)
        require(self.level in set(Level), N_("must be 1, 2 or 3"), "level", self.level)
        if self.priority_rank is not None:
            require(
                isinstance(self.priority_rank, int) and self.priority_rank >= 1,
                N_("must be a whole number ≥ 1 (1 = served first)"),
                "priority",
                self.priority_rank,
            )
        require(
            isinstance(self.capacity_people, int) and self.capacity_people >= 0,
            N_("must be a whole number ≥ 0"),
            "capacity_people",
            self.capacity_people,
        )

    @property
    def hours(self) -> OpeningHours:
        """Opening hours, the level's default when none are given."""
        return self.opening_hours or OpeningHours.for_level(self.level)


@dataclass(frozen=True)
class PowerCheck:
    """The result of :func:`check_point` for one point.

    Attributes
    ----------
    budget : LoadBudget
        Load by hour of day at ``outdoor_c``.
    rated_kw, required_kw : float
        Generator rating and peak × margin, kW.
    l_per_h : ndarray (24,)
        Consumption by hour of day, l/h (0 without a set).
    usable_l : float
        Usable fuel at the start, l.
    endurance_h : float
        Hours until the tank runs dry on the daily profile (inf if never).
    runs_dry_at : datetime or None
        When, given ``start``.
    flags : list of Flag
    """

    spec: PointPowerSpec
    outdoor_c: float
    margin: float
    planned_outage_h: float
    start: datetime | None
    budget: LoadBudget
    rated_kw: float
    required_kw: float
    l_per_h: NDArray[np.float64]
    usable_l: float
    endurance_h: float
    runs_dry_at: datetime | None
    flags: list[Flag]

    @property
    def ok(self) -> bool:
        """True when no flag is of high severity."""
        return not any(flag.severity is Severity.HIGH for flag in self.flags)

    @property
    def litres_per_day(self) -> float:
        return float(self.l_per_h.sum())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (numbers rounded for reading)."""
        spec = self.spec
        return {
            "id": spec.id,
            "name": spec.name,
            "level": spec.level,
            "opening_hours": [spec.hours.open_h, spec.hours.close_h],
            "outdoor_c": self.outdoor_c,
            "generator_kind": spec.generator.kind.value,
            "rated_kw": round(self.rated_kw, 2),
            "peak_kw": round(self.budget.peak_kw, 2),
            "mean_kw": round(self.budget.mean_kw, 2),
            "required_kw": round(self.required_kw, 2),
            "margin": self.margin,
            "hourly_kw": [round(float(v), 3) for v in self.budget.hourly_kw],
            "by_class_kw": {
                cls.value: [round(float(v), 3) for v in kw]
                for cls, kw in self.budget.by_class_kw.items()
                if np.any(kw > 0)
            },
            "l_per_h": [round(float(v), 3) for v in self.l_per_h],
            "litres_per_day": round(self.litres_per_day, 1),
            "usable_l": round(self.usable_l, 1),
            "endurance_h": None if not np.isfinite(self.endurance_h) else round(self.endurance_h, 2),
            "runs_dry_at": self.runs_dry_at.isoformat() if self.runs_dry_at else None,
            "ok": self.ok,
            "flags": [
                {"code": f.code.value, "severity": f.severity.value, "message": f.message,
                 "values": {name: round(float(value), 3) for name, value in f.values.items()}}
                for f in self.flags
            ],
        }


def check_point(
    spec: PointPowerSpec,
    outdoor_c: float = DEFAULT_OUTDOOR_C,
    *,
    planned_outage_h: float = DEFAULT_PLANNED_OUTAGE_H,
    margin: float = DEFAULT_MARGIN,
    start: datetime | None = None,
) -> PowerCheck:
    """Check one point's backup power: load budget, generator sizing, fuel endurance.

    Parameters
    ----------
    spec : PointPowerSpec
    outdoor_c : float
        Outdoor temperature for the heating load, °C.
    planned_outage_h : float
        How long the point must run on its own, h (portable-set and
        endurance flags).
    margin : float
        Required rated kW = margin × peak load.
    start : datetime, optional
        When the outage starts; gives the hour the tank runs dry. Without it
        the count starts at midnight.

    Examples
    --------
    >>> from trygg.analysis.power.generator import GeneratorKind
    >>> from trygg.rules.catalogue import LoadClass
from trygg.rules.levels import Level
from trygg.text import N_
    >>> spec = PointPowerSpec(
    ...     "p1", "Bygdegården", 3,
    ...     loads=(Load("Last", LoadClass.OTHER, power_kw=10.0, simultaneity=1.0),),
    ...     generator=GeneratorSpec(GeneratorKind.FIXED, rated_kw=20.0, tank_l=200.0),
    ... )
    >>> round(check_point(spec).endurance_h, 1)
    58.8
    """
    require_positive(planned_outage_h, "planned_outage_h")
    budget = load_budget(spec.loads, spec.heating, spec.hours, outdoor_c)
    generator = spec.generator
    rated = generator.rated_power_kw
    flags = check_generator(generator, budget.peak_kw, planned_outage_h, margin)
    flags.extend(_heating_flags(spec))
    l_per_h = _consumption_profile(generator, budget)
    usable = generator.usable_fill_l
    start_hour = start.hour if start is not None else 0
    endurance = endurance_h(usable, l_per_h, start_hour) if generator.runs else 0.0
    flags.extend(
        _fuel_flags(generator, budget, endurance, planned_outage_h, np.roll(l_per_h, -start_hour))
    )
    dry_at = runs_dry_at(start, endurance) if start is not None and generator.runs else None
    return PowerCheck(
        spec=spec,
        outdoor_c=float(outdoor_c),
        margin=margin,
        planned_outage_h=planned_outage_h,
        start=start,
        budget=budget,
        rated_kw=rated,
        required_kw=budget.peak_kw * margin,
        l_per_h=l_per_h,
        usable_l=usable,
        endurance_h=endurance,
        runs_dry_at=dry_at,
        flags=flags,
    )


def check_points(specs: Sequence[PointPowerSpec], outdoor_c: float = DEFAULT_OUTDOOR_C,
                 **kwargs: Any) -> list[PowerCheck]:
    """:func:`check_point` for each spec, same options."""
    return [check_point(spec, outdoor_c, **kwargs) for spec in specs]


def _consumption_profile(generator: GeneratorSpec, budget: LoadBudget) -> NDArray[np.float64]:
    if not generator.runs:
        return np.zeros(24)
    rated = generator.rated_power_kw
    # A set cannot deliver more than its rating: the fuel figure stops at full load.
    served = np.minimum(budget.hourly_kw, rated)
    return litres_per_hour([rated], served[None, :], [generator.consumption_curve])[0]


def _heating_flags(spec: PointPowerSpec) -> list[Flag]:
    heating = spec.heating
    if heating is None or not heating.heat_lost:
        return []
    has_heaters = any(load.load_class is LoadClass.HEATING for load in spec.loads)
    if has_heaters:
        return []
    severity = Severity.MEDIUM if spec.level == 1 else Severity.HIGH
    return [Flag(
        FlagCode.HEAT_LOST, severity,
        N_("District heating without backup stops with the power and the plan lists no "
           "electric heaters: the point cannot hold +18 °C."),
    )]


def _fuel_flags(
    generator: GeneratorSpec,
    budget: LoadBudget,
    endurance: float,
    planned_outage_h: float,
    l_per_h_from_start: NDArray[np.float64],
) -> list[Flag]:
    if not generator.runs:
        return []
    flags = []
    if endurance < planned_outage_h:
        extra_l = _litres_for(planned_outage_h, l_per_h_from_start) - generator.usable_fill_l
        flags.append(Flag(
            FlagCode.ENDURANCE_SHORT, Severity.MEDIUM,
            N_("The tank lasts {endurance:.0f} h, less than the planned {planned:g} h: "
               "about {extra:.0f} l more, by refuelling or a larger tank.",
               endurance=Number(endurance), planned=Number(planned_outage_h), extra=Number(extra_l)),
            {"endurance_h": endurance, "planned_h": planned_outage_h, "extra_l": extra_l},
        ))
    mean_fraction = budget.mean_kw / generator.rated_power_kw
    if mean_fraction < LOW_LOAD_FRACTION:
        flags.append(Flag(
            FlagCode.LOW_LOAD, Severity.INFO,
            N_("The set runs at {share:.0%} load on average: below ¼ load diesels burn "
               "more per kWh and soot up; a smaller set or a load bank suits better.", share=Number(mean_fraction)),
            {"load_share": mean_fraction},
        ))
    return flags


def _litres_for(hours: float, l_per_h: NDArray[np.float64]) -> float:
    whole_days, rest = divmod(hours, 24.0)
    rest_full = int(rest)
    partial = (rest - rest_full) * float(l_per_h[rest_full]) if rest_full < 24 else 0.0
    return whole_days * float(l_per_h.sum()) + float(l_per_h[:rest_full].sum()) + partial
