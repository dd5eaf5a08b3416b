"""Backup generators: their rating, tank, and the sizing check against the load.

Defaults and their sources
--------------------------
``DEFAULT_POWER_FACTOR = 0.8``
    Generator sets are rated in kVA at power factor 0.8 (ISO 8528-1;
    REFERENCE.md: "kVA → kW at power factor 0.8"). A *generator* given in kVA
    without a power factor uses it; a *load* in kVA must state its own.
``DEFAULT_MARGIN = 1.25``
    Rated kW should be at least 1.25 × the peak load: motor starting
    currents, the heat of a winter day beyond the design guess, and ageing.
    A stated engineering assumption (common practice is 20–30 %).
``PORTABLE_MAX_H = 24``
    A portable set is not a plan for more than a day: in Energimyndigheten's
    2015 test only 3 of 8 small portable generators passed a 150-hour run
    (REFERENCE.md).
``DEFAULT_USABLE_FRACTION = 1.0``
    Share of the tank the set can draw. Data sheets often give 0.9–0.95
    (sump and pick-up pipe); the default keeps the hand check of the
    reference table (200 l at 3.4 l/h ≈ 59 h) and is overridable per set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from trygg.analysis.power.errors import (
    PowerInputError,
    require,
    require_non_negative,
    require_positive,
)
from trygg.analysis.power.fuel import ConsumptionCurve
from trygg.text import N_, Number, Text

DEFAULT_POWER_FACTOR = 0.8
DEFAULT_MARGIN = 1.25
PORTABLE_MAX_H = 24.0
DEFAULT_USABLE_FRACTION = 1.0


class GeneratorKind(StrEnum):
    """How a point gets backup power."""

    FIXED = "fixed"  # an installed set with its own tank
    CONNECTION_POINT = "connection_point"  # a prepared hookup for a mobile set
    PORTABLE = "portable"  # a small portable set
    NONE = "none"  # no backup power


@dataclass(frozen=True)
class GeneratorSpec:
    """A point's backup generator (or its absence).

    Parameters
    ----------
    kind : GeneratorKind
    rated_kw : float, optional
        Rated real power, kW. For a connection point: the mobile set agreed.
    rated_kva : float, optional
        Rated apparent power, kVA (instead of ``rated_kw``).
    power_factor : float, optional
        Converts kVA to kW; default ``DEFAULT_POWER_FACTOR``.
    tank_l : float
        Tank volume, l (0 when there is no set).
    usable_fraction : float
        Share of the tank the set can use, 0 < u ≤ 1.
    fill_l : float, optional
        Litres in the tank when the outage starts; None means full.
    consumption_curve : ConsumptionCurve, optional
        The set's own data-sheet consumption, replacing the reference table.
    mobile_agreement : bool
        For a connection point: a mobile set is agreed and will be connected.
    """

    kind: GeneratorKind = GeneratorKind.NONE
    rated_kw: float | None = None
    rated_kva: float | None = None
    power_factor: float | None = None
    tank_l: float = 0.0
    usable_fraction: float = DEFAULT_USABLE_FRACTION
    fill_l: float | None = None
    consumption_curve: ConsumptionCurve | None = None
    mobile_agreement: bool = False

    def __post_init__(self) -> None:
        require(
            isinstance(self.kind, GeneratorKind),
            N_("must be one of {value}", value=', '.join(k.value for k in GeneratorKind)),
            "kind",
            self.kind,
        )
        self._check_rating()
        self._check_tank()

    def _check_rating(self) -> None:
        if self.rated_kw is not None and self.rated_kva is not None:
            raise PowerInputError(
                N_("give rated_kw or rated_kva, not both"), field="rated_kva", value=self.rated_kva
            )
        if self.rated_kw is not None:
            require_positive(self.rated_kw, "rated_kw")
        if self.rated_kva is not None:
            require_positive(self.rated_kva, "rated_kva")
        if self.power_factor is not None:
            ok = isinstance(self.power_factor, int | float) and 0 < self.power_factor <= 1
            require(ok, N_("must be a number with 0 < pf ≤ 1"), "power_factor", self.power_factor)
        if self.kind in (GeneratorKind.FIXED, GeneratorKind.PORTABLE):
            require(
                self.rated_kw is not None or self.rated_kva is not None,
                N_("a {value} generator needs rated_kw or rated_kva", value=self.kind.value),
                "rated_kw",
                self.rated_kw,
            )
        if self.kind is GeneratorKind.CONNECTION_POINT and self.mobile_agreement:
            require(
                self.rated_kw is not None or self.rated_kva is not None,
                N_("an agreed mobile set needs rated_kw or rated_kva"),
                "rated_kw",
                self.rated_kw,
            )
        if self.kind is GeneratorKind.NONE:
            require(self.rated_kw is None and self.rated_kva is None,
                    N_("kind 'none' has no rating; set kind to fixed, portable or connection_point"),
                    "kind", self.kind.value)

    def _check_tank(self) -> None:
        require_non_negative(self.tank_l, "tank_l")
        if not self.runs:
            require(
                self.tank_l == 0,
                N_("a tank with no generator (kind {kind}, no mobile_agreement): remove the tank or "
                   "describe the generator", kind=repr(self.kind.value))
                if self.kind is GeneratorKind.CONNECTION_POINT
                else N_("a tank with no generator (kind {kind}): remove the tank or describe the generator",
                        kind=repr(self.kind.value)),
                "tank_l",
                self.tank_l,
            )
            return
        require_positive(self.tank_l, "tank_l")
        ok = isinstance(self.usable_fraction, int | float) and 0 < self.usable_fraction <= 1
        require(ok, N_("must be a number with 0 < u ≤ 1"), "usable_fraction", self.usable_fraction)
        if self.fill_l is not None:
            require_non_negative(self.fill_l, "fill_l")
            require(self.fill_l <= self.tank_l, N_("exceeds tank_l = {tank_l!r}", tank_l=self.tank_l), "fill_l",
                    self.fill_l)

    @property
    def runs(self) -> bool:
        """True when a set with a rating will actually power the point in an outage."""
        if self.kind in (GeneratorKind.FIXED, GeneratorKind.PORTABLE):
            return True
        return (
            self.kind is GeneratorKind.CONNECTION_POINT
            and self.mobile_agreement
            and (self.rated_kw is not None or self.rated_kva is not None)
        )

    @property
    def rated_power_kw(self) -> float:
        """Rated real power in kW (kVA × power factor when given in kVA); 0 without a set."""
        if self.rated_kw is not None:
            return float(self.rated_kw)
        if self.rated_kva is not None:
            pf = self.power_factor if self.power_factor is not None else DEFAULT_POWER_FACTOR
            return float(self.rated_kva) * float(pf)
        return 0.0

    @property
    def usable_tank_l(self) -> float:
        """Litres the set can draw from a full tank."""
        return self.tank_l * self.usable_fraction if self.runs else 0.0

    @property
    def usable_fill_l(self) -> float:
        """Litres the set can draw at the start: the fill above the unusable bottom."""
        if not self.runs:
            return 0.0
        fill = self.tank_l if self.fill_l is None else self.fill_l
        return max(fill - self.tank_l * (1.0 - self.usable_fraction), 0.0)


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    INFO = "info"


class FlagCode(StrEnum):
    """What a power check can find wrong with a point's plan."""

    NO_BACKUP = "no_backup"
    NO_MOBILE_AGREEMENT = "no_mobile_agreement"
    LOAD_EXCEEDS_GENERATOR = "load_exceeds_generator"
    BELOW_MARGIN = "below_margin"
    PORTABLE_LONG_OUTAGE = "portable_long_outage"
    HEAT_LOST = "heat_lost"
    ENDURANCE_SHORT = "endurance_short"
    LOW_LOAD = "low_load"


@dataclass(frozen=True)
class Flag:
    """One finding of a power check.

    ``text`` is the sentence, a translatable text (:mod:`trygg.text`) that the
    command line shows in the user's language; ``message`` is its English (JSON).
    ``values`` holds the figures in it by name, so that a user interface can
    word and format them its own way.
    """

    code: FlagCode
    severity: Severity
    text: Text
    values: dict[str, float] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self.text)


def check_generator(
    generator: GeneratorSpec,
    peak_kw: float,
    planned_outage_h: float,
    margin: float = DEFAULT_MARGIN,
) -> list[Flag]:
    """Flags for a generator against the peak load and the outage it must cover.

    Parameters
    ----------
    generator : GeneratorSpec
    peak_kw : float
        Peak of the load budget, kW.
    planned_outage_h : float
        How long the set is relied on, h.
    margin : float
        Rated kW should be at least ``margin`` × ``peak_kw``.
    """
    require_positive(margin, "margin")
    if generator.kind is GeneratorKind.NONE:
        return [Flag(FlagCode.NO_BACKUP, Severity.HIGH,
                     N_("No backup power: the point is dark when the mains fail."))]
    flags = []
    if generator.kind is GeneratorKind.CONNECTION_POINT and not generator.mobile_agreement:
        flags.append(Flag(
            FlagCode.NO_MOBILE_AGREEMENT, Severity.HIGH,
            N_("A connection point without an agreement for a mobile generator: "
               "the point is dark until a set is found."),
        ))
    rated = generator.rated_power_kw
    if rated > 0:
        flags.extend(_sizing_flags(rated, peak_kw, margin))
    if generator.kind is GeneratorKind.PORTABLE and planned_outage_h > PORTABLE_MAX_H:
        flags.append(Flag(
            FlagCode.PORTABLE_LONG_OUTAGE, Severity.HIGH,
            N_("A portable set relied on for {planned:g} h (more than {limit:g} h): only 3 of 8 "
               "portable sets passed a 150-hour test (Energimyndigheten 2015).",
               planned=Number(planned_outage_h), limit=Number(PORTABLE_MAX_H)),
            {"planned_h": planned_outage_h, "portable_max_h": PORTABLE_MAX_H},
        ))
    return flags


def _sizing_flags(rated_kw: float, peak_kw: float, margin: float) -> list[Flag]:
    if peak_kw > rated_kw:
        return [Flag(
            FlagCode.LOAD_EXCEEDS_GENERATOR, Severity.HIGH,
            N_("Peak load {peak:.1f} kW exceeds the generator's {rated:.1f} kW.", peak=Number(peak_kw), rated=Number(rated_kw)),
            {"peak_kw": peak_kw, "rated_kw": rated_kw},
        )]
    if peak_kw * margin > rated_kw:
        return [Flag(
            FlagCode.BELOW_MARGIN, Severity.MEDIUM,
            N_("Peak load {peak:.1f} kW leaves less than the {margin:g}× margin ({required:.1f} kW) "
               "on {rated:.1f} kW.", peak=Number(peak_kw), margin=Number(margin), required=Number(peak_kw * margin), rated=Number(rated_kw)),
            {"peak_kw": peak_kw, "margin": margin, "required_kw": peak_kw * margin, "rated_kw": rated_kw},
        )]
    return []
