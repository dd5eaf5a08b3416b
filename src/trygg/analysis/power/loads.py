"""Load budget: what a point draws from its generator, hour by hour.

No official kW figure per function exists (REFERENCE.md, "Backup power and
fuel"): the load is computed from an inventory, nameplate kW × quantity × a
simultaneity factor per load class, for the hours the point is open. The
building's heat demand comes from a simple transmission model on the floor
area in use (see :class:`HeatingSpec`); only the electric part of it loads the
generator.

Defaults and their sources
--------------------------
``SIMULTANEITY``
    Share of the connected load of a class that runs at the same time. No
    Swedish or handbook figure exists; these are stated assumptions within the
    ranges of common demand-factor tables (lighting 0.75–1.0, kitchen
    0.4–0.7, intermittent motors 0.4–0.6, electric heating 0.8–1.0), taken at
    the conservative end because a generator that trips leaves the point dark.
    Override per load with ``Load.simultaneity``.
``DEFAULT_HEAT_LOSS_W_PER_M2K = 1.2``
    Heat loss per m² of heated floor per kelvin of indoor–outdoor difference,
    transmission plus reduced ventilation, for a typical Swedish public
    building of 1960–1990 (schools, sports halls, libraries). Stated
    assumption: it gives 40–50 W/m² at a −20 °C design day, the usual
    figure for such buildings. Override per point.
``INDOOR_OPEN_C = 18.0``
    Energimyndigheten's level-2 checklist: indoor temperature at least
    +18 °C, preferably +20 °C.
``INDOOR_CLOSED_C = 10.0``
    Frost-guard temperature held while a level-1 or level-2 point is closed,
    so pipes do not freeze and the rooms warm fast at opening. Stated
    assumption.
``ALWAYS_ON_CLASSES``
    Load classes that keep running while the point is closed: IT and
    communications (Rakel, router, the alarm) and water pumps. Lighting,
    kitchen, charging and other loads are off when closed; heating loads in
    the inventory (e.g. fan heaters) are switched on only while open, the
    building model holds the frost guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trygg.analysis.power.errors import PowerInputError, require, require_positive
from trygg.rules.catalogue import LoadClass
from trygg.text import N_

SIMULTANEITY: Mapping[LoadClass, float] = {
    LoadClass.HEATING: 1.0,  # thermostats stay on in a cold outage: size for all of it
    LoadClass.KITCHEN: 0.6,  # not every hob, oven and kettle at once
    LoadClass.LIGHTING: 0.9,  # nearly all lights on in the rooms in use
    LoadClass.CHARGING: 0.5,  # phones and laptops draw full power only early in a charge
    LoadClass.IT_COMMS: 1.0,  # Rakel, routers, radios run continuously
    LoadClass.WATER_PUMPS: 0.6,  # pumps cycle on pressure
    LoadClass.OTHER: 0.5,  # unknown loads: half, by assumption
}

ALWAYS_ON_CLASSES = frozenset({LoadClass.IT_COMMS, LoadClass.WATER_PUMPS})

DEFAULT_HEAT_LOSS_W_PER_M2K = 1.2
INDOOR_OPEN_C = 18.0
INDOOR_CLOSED_C = 10.0
DEFAULT_HEAT_PUMP_COP = 2.5  # air-to-water heat pump near −15 °C; stated assumption
DEFAULT_OUTDOOR_C = -15.0  # a cold winter day in Jämtland; override per check

# Default opening hours by level (R2): level 1 a few daytime hours, level 2
# most of the day without overnight stay, level 3 around the clock.
DEFAULT_OPENING_HOURS: Mapping[int, tuple[int, int]] = {1: (10, 16), 2: (7, 22), 3: (0, 24)}


class HeatSource(StrEnum):
    """How the building in use is heated in normal times."""

    DISTRICT_HEATING = "district_heating"
    ELECTRIC = "electric"
    OIL_BOILER = "oil_boiler"
    PELLET_BOILER = "pellet_boiler"
    GAS_BOILER = "gas_boiler"
    HEAT_PUMP = "heat_pump"
    WOOD = "wood"
    OTHER = "other"


# Electric kW drawn per kW of heat delivered. Boilers need burner, fan and
# circulation pumps (about 2 % of the heat output); district heating with a
# backed-up plant needs only the substation's circulation pumps (about 1 %).
# "Other" is counted as electric: the conservative choice for the generator.
_ELECTRIC_SHARE_OF_HEAT: Mapping[HeatSource, float] = {
    HeatSource.ELECTRIC: 1.0,
    HeatSource.OIL_BOILER: 0.02,
    HeatSource.PELLET_BOILER: 0.02,
    HeatSource.GAS_BOILER: 0.02,
    HeatSource.WOOD: 0.0,
    HeatSource.OTHER: 1.0,
}
_DISTRICT_HEATING_PUMP_SHARE = 0.01


@dataclass(frozen=True)
class Load:
    """One kind of equipment on the generator.

    Give the rating either in kW (``power_kw``) or in kVA with its power
    factor (``power_kva`` and ``power_factor``); a kVA figure without a power
    factor is refused, since a load's factor varies (a heater ≈ 1, a motor
    ≈ 0.8).

    Parameters
    ----------
    name : str
        What it is ("Spis", "Belysning sporthall").
    load_class : LoadClass
        The class that sets its simultaneity factor.
    power_kw : float, optional
        Nameplate power of one unit, kW.
    quantity : int
        Number of units.
    power_kva : float, optional
        Nameplate apparent power of one unit, kVA.
    power_factor : float, optional
        Required with ``power_kva``; 0 < pf ≤ 1.
    simultaneity : float, optional
        Overrides the class factor in ``SIMULTANEITY`` (0 < s ≤ 1).
    """

    name: str
    load_class: LoadClass
    power_kw: float | None = None
    quantity: int = 1
    power_kva: float | None = None
    power_factor: float | None = None
    simultaneity: float | None = None

    def __post_init__(self) -> None:
        require(bool(self.name), N_("a load needs a name"), "name", self.name)
        require(
            isinstance(self.load_class, LoadClass),
            N_("must be one of {value}", value=', '.join(c.value for c in LoadClass)),
            "class",
            self.load_class,
        )
        self._check_rating()
        require(
            isinstance(self.quantity, int) and not isinstance(self.quantity, bool)
            and self.quantity >= 1,
            N_("must be a whole number of at least 1"),
            "quantity",
            self.quantity,
        )
        if self.simultaneity is not None:
            _require_fraction(self.simultaneity, "simultaneity")

    def _check_rating(self) -> None:
        if self.power_kw is not None and self.power_kva is not None:
            raise PowerInputError(
                N_("give power_kw or power_kva, not both"), field="power_kva", value=self.power_kva
            )
        if self.power_kva is not None:
            require_positive(self.power_kva, "power_kva")
            require(
                self.power_factor is not None,
                N_("power_kva = {power_kva!r} needs a power_factor (0 < pf ≤ 1)", power_kva=self.power_kva),
                "power_factor",
                self.power_factor,
            )
            _require_fraction(self.power_factor, "power_factor")
            return
        require(self.power_kw is not None, N_("a load needs power_kw (or power_kva with a power_factor)"),
                "power_kw", self.power_kw)
        require_positive(self.power_kw, "power_kw")  # type: ignore[arg-type]

    @property
    def unit_kw(self) -> float:
        """Real power of one unit, kW."""
        if self.power_kva is not None:
            return float(self.power_kva) * float(self.power_factor)  # type: ignore[arg-type]
        return float(self.power_kw)  # type: ignore[arg-type]

    @property
    def connected_kw(self) -> float:
        """Nameplate kW × quantity, before simultaneity."""
        return self.unit_kw * self.quantity

    @property
    def expected_kw(self) -> float:
        """Connected kW × simultaneity factor: the load counted in the budget."""
        factor = self.simultaneity if self.simultaneity is not None else SIMULTANEITY[self.load_class]
        return self.connected_kw * factor


@dataclass(frozen=True)
class HeatingSpec:
    """The heated part of the building and its heat source.

    Heat demand (kW) = floor_area_m2 × heat_loss_w_per_m2k × (indoor − outdoor)
    / 1000. The generator carries the electric part: all of it for electric
    heating, demand ÷ COP for a heat pump, about 2 % for a boiler's burner and
    pumps, about 1 % for district heating whose plant has backup power, and
    nothing for district heating without backup: the heat is lost (flagged)
    unless the inventory lists electric heaters.

    Parameters
    ----------
    floor_area_m2 : float
        Floor area in use during the outage, m² (heat only what is used).
    heat_source : HeatSource
    district_heating_has_backup : bool
        Whether the district-heating plant keeps running in an outage.
    heat_loss_w_per_m2k : float
        W per m² per K; default ``DEFAULT_HEAT_LOSS_W_PER_M2K``.
    indoor_c, closed_indoor_c : float
        Target indoor temperature while open and while closed, °C.
    heat_pump_cop : float
        Coefficient of performance at the outage's temperatures.
    """

    floor_area_m2: float
    heat_source: HeatSource
    district_heating_has_backup: bool = False
    heat_loss_w_per_m2k: float = DEFAULT_HEAT_LOSS_W_PER_M2K
    indoor_c: float = INDOOR_OPEN_C
    closed_indoor_c: float = INDOOR_CLOSED_C
    heat_pump_cop: float = DEFAULT_HEAT_PUMP_COP

    def __post_init__(self) -> None:
        require_positive(self.floor_area_m2, "floor_area_m2")
        require(
            isinstance(self.heat_source, HeatSource),
            N_("must be one of {value}", value=', '.join(s.value for s in HeatSource)),
            "heat_source",
            self.heat_source,
        )
        require_positive(self.heat_loss_w_per_m2k, "heat_loss_w_per_m2k")
        require_positive(self.heat_pump_cop, "heat_pump_cop")
        require(
            self.closed_indoor_c <= self.indoor_c,
            N_("must not be above indoor_c = {indoor_c!r}", indoor_c=self.indoor_c),
            "closed_indoor_c",
            self.closed_indoor_c,
        )

    @property
    def heat_lost(self) -> bool:
        """True when the heat source stops in an outage (district heating without backup)."""
        return (
            self.heat_source is HeatSource.DISTRICT_HEATING and not self.district_heating_has_backup
        )

    @property
    def electric_share(self) -> float:
        """Electric kW on the generator per kW of heat the building needs."""
        if self.heat_source is HeatSource.DISTRICT_HEATING:
            return 0.0 if self.heat_lost else _DISTRICT_HEATING_PUMP_SHARE
        if self.heat_source is HeatSource.HEAT_PUMP:
            return 1.0 / self.heat_pump_cop
        return _ELECTRIC_SHARE_OF_HEAT[self.heat_source]

    @property
    def electric_kw_per_k(self) -> float:
        """Generator kW per kelvin of indoor–outdoor difference."""
        return self.floor_area_m2 * self.heat_loss_w_per_m2k / 1000.0 * self.electric_share

    def heat_demand_kw(self, outdoor_c: float, indoor_c: float | None = None) -> float:
        """Heat the building in use needs at ``outdoor_c`` (kW, all sources)."""
        target = self.indoor_c if indoor_c is None else indoor_c
        return self.floor_area_m2 * self.heat_loss_w_per_m2k / 1000.0 * max(target - outdoor_c, 0.0)


@dataclass(frozen=True)
class OpeningHours:
    """Daily opening hours, local time: open from ``open_h`` until ``close_h``.

    ``OpeningHours(0, 24)`` is around the clock.
    """

    open_h: int
    close_h: int

    def __post_init__(self) -> None:
        ok = (
            isinstance(self.open_h, int)
            and isinstance(self.close_h, int)
            and 0 <= self.open_h < self.close_h <= 24
        )
        require(ok, N_("must be whole hours with 0 ≤ open < close ≤ 24"), "opening_hours",
                [self.open_h, self.close_h])

    @classmethod
    def for_level(cls, level: int) -> OpeningHours:
        """The default hours of a level: 1 → 10–16, 2 → 07–22, 3 → 00–24."""
        require(level in DEFAULT_OPENING_HOURS, N_("must be 1, 2 or 3"), "level", level)
        return cls(*DEFAULT_OPENING_HOURS[level])

    def mask(self) -> NDArray[np.bool_]:
        """24 booleans, True for each hour of the day the point is open."""
        hours = np.arange(24)
        return (hours >= self.open_h) & (hours < self.close_h)

    @property
    def hours_per_day(self) -> int:
        return self.close_h - self.open_h


@dataclass(frozen=True)
class LoadModel:
    """A point's load as a function of hour of day and outdoor temperature.

    load(h, T) = fixed_kw[h] + heat_kw_per_k × max(target_c[h] − T, 0), kW.
    """

    fixed_kw: NDArray[np.float64]
    heat_kw_per_k: float
    target_c: NDArray[np.float64]
    open_mask: NDArray[np.bool_]
    class_kw: Mapping[LoadClass, NDArray[np.float64]] = field(default_factory=dict)

    def hourly_kw(self, hour_of_day: ArrayLike, outdoor_c: ArrayLike) -> NDArray[np.float64]:
        """Load in kW at each (hour of day, outdoor °C) pair."""
        hod = np.asarray(hour_of_day, dtype=np.intp)
        temp = np.asarray(outdoor_c, dtype=np.float64)
        return self.fixed_kw[hod] + self.heat_kw_per_k * np.maximum(self.target_c[hod] - temp, 0.0)


def load_model(
    loads: Iterable[Load], heating: HeatingSpec | None, hours: OpeningHours
) -> LoadModel:
    """Build the hour-of-day load model of one point.

    Parameters
    ----------
    loads : iterable of Load
        The equipment inventory.
    heating : HeatingSpec or None
        The heated building, if the plan gives one.
    hours : OpeningHours
        When the point is open.
    """
    open_mask = hours.mask()
    class_kw = {load_class: np.zeros(24) for load_class in LoadClass}
    for load in loads:
        runs = np.ones(24, dtype=bool) if load.load_class in ALWAYS_ON_CLASSES else open_mask
        class_kw[load.load_class] = class_kw[load.load_class] + load.expected_kw * runs
    fixed = np.sum(list(class_kw.values()), axis=0)
    if heating is None:
        return LoadModel(fixed, 0.0, np.zeros(24), open_mask, class_kw)
    target = np.where(open_mask, heating.indoor_c, heating.closed_indoor_c).astype(np.float64)
    return LoadModel(fixed, heating.electric_kw_per_k, target, open_mask, class_kw)


@dataclass(frozen=True)
class LoadBudget:
    """A point's load by hour of day at one outdoor temperature.

    Attributes
    ----------
    hourly_kw : ndarray, shape (24,)
        Expected load per hour of day, kW.
    by_class_kw : dict of LoadClass to ndarray (24,)
        The same split by load class; building heat counts as heating.
    outdoor_c : float
    connected_kw : float
        Σ nameplate kW × quantity, before simultaneity.
    """

    hourly_kw: NDArray[np.float64]
    by_class_kw: Mapping[LoadClass, NDArray[np.float64]]
    outdoor_c: float
    connected_kw: float

    @property
    def peak_kw(self) -> float:
        return float(self.hourly_kw.max())

    @property
    def mean_kw(self) -> float:
        return float(self.hourly_kw.mean())

    @property
    def peak_hour(self) -> int:
        return int(self.hourly_kw.argmax())


def load_budget(
    loads: Sequence[Load],
    heating: HeatingSpec | None,
    hours: OpeningHours,
    outdoor_c: float = DEFAULT_OUTDOOR_C,
) -> LoadBudget:
    """The 24-hour load budget of one point, kW.

    Σ nameplate kW × quantity × simultaneity per class for the open hours,
    IT/communications and water pumps around the clock, and the electric
    share of the building's heat demand (open: indoor target, closed: frost
    guard).

    Examples
    --------
    >>> from trygg.rules.catalogue import LoadClass
    >>> lights = Load("Belysning", LoadClass.LIGHTING, power_kw=2.0, quantity=5)
    >>> budget = load_budget([lights], None, OpeningHours(7, 22))
    >>> budget.peak_kw, budget.hourly_kw[3]
    (9.0, 0.0)
    """
    model = load_model(loads, heating, hours)
    hod = np.arange(24)
    heat_kw = model.heat_kw_per_k * np.maximum(model.target_c - outdoor_c, 0.0)
    by_class = dict(model.class_kw)
    by_class[LoadClass.HEATING] = by_class[LoadClass.HEATING] + heat_kw
    return LoadBudget(
        hourly_kw=model.hourly_kw(hod, np.full(24, outdoor_c)),
        by_class_kw=by_class,
        outdoor_c=float(outdoor_c),
        connected_kw=float(sum(load.connected_kw for load in loads)),
    )


def _require_fraction(value: float | None, field_name: str) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1
    require(ok, N_("must be a number with 0 < value ≤ 1"), field_name, value)
