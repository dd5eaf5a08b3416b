"""The SOT-punkt minimum level (R3): six criteria, each met, not met or unknown.

"Direct vicinity" of the store and the fuel station is not defined in the
source documents. The default of 500 m is our reading of the first SOT-punkter
(Kall, Borgvattnet): store and pumps share a yard and one generator container,
and a cable run of a few hundred metres is what a shared generator can feed.
It is a parameter, so a county can set its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from trygg.text import N_, Text, joined

DEFAULT_VICINITY_M = 500.0


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Business:
    """A store or fuel station as the SOT check sees it. ``None`` means not known."""

    name: str = ""
    full_assortment: bool | None = None  # only meaningful for a store
    year_round: bool | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class SotFacts:
    """What the plan and registry say about a SOT-punkt. ``None`` means not recorded."""

    store: Business | None = None
    fuel_station: Business | None = None
    generator_present: bool | None = None
    generator_feeds_store: bool | None = None
    generator_feeds_fuel: bool | None = None
    info_node: bool | None = None
    command_place: bool | None = None
    organisation_name: str | None = None
    organisation_activates: bool | None = None


@dataclass(frozen=True)
class CriterionResult:
    number: int
    code: str
    title: Text  # the criterion, a translatable text (str(): English)
    verdict: Verdict
    reason: Text  # why this verdict


@dataclass(frozen=True)
class SotResult:
    criteria: list[CriterionResult] = field(default_factory=list)

    @property
    def meets_minimum_level(self) -> bool:
        return all(c.verdict is Verdict.MET for c in self.criteria)

    @property
    def verdict(self) -> Verdict:
        if self.meets_minimum_level:
            return Verdict.MET
        if any(c.verdict is Verdict.NOT_MET for c in self.criteria):
            return Verdict.NOT_MET
        return Verdict.UNKNOWN


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; ample for a few hundred metres)."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _result(n: int, code: str, title: Text, verdict: Verdict, reason: Text) -> CriterionResult:
    return CriterionResult(n, code, title, verdict, reason)


def _check_store(store: Business | None) -> CriterionResult:
    title = N_("Full-assortment grocery store, year-round")
    if store is None:
        return _result(1, "store", title, Verdict.NOT_MET, N_("No store is linked to the point."))
    name = store.name
    if store.full_assortment is False:
        return _result(1, "store", title, Verdict.NOT_MET, N_("{name} is not a full-assortment store.", name=name))
    if store.year_round is False:
        return _result(1, "store", title, Verdict.NOT_MET, N_("{name} is not open year-round.", name=name))
    if store.full_assortment is None or store.year_round is None:
        return _result(1, "store", title, Verdict.UNKNOWN,
                       N_("Assortment or year-round operation of {name} is not recorded.", name=name))
    return _result(1, "store", title, Verdict.MET, N_("{name}: full assortment, year-round.", name=name))


def _check_fuel(store: Business | None, fuel: Business | None, vicinity_m: float) -> CriterionResult:
    title = N_("Fuel station in the store's direct vicinity, year-round")
    if fuel is None:
        return _result(2, "fuel_station", title, Verdict.NOT_MET, N_("No fuel station is linked to the point."))
    if fuel.year_round is False:
        return _result(2, "fuel_station", title, Verdict.NOT_MET, N_("{name} is not open year-round.", name=fuel.name))
    located = store is not None and None not in (store.lat, store.lon, fuel.lat, fuel.lon)
    if located:
        assert store is not None  # narrowed above, for the type checker
        d = distance_m(store.lat, store.lon, fuel.lat, fuel.lon)  # type: ignore[arg-type]
        if d > vicinity_m:
            return _result(2, "fuel_station", title, Verdict.NOT_MET, N_(
                "{name} is {distance:.0f} m from the store; direct vicinity is at most {vicinity:.0f} m.",
                name=fuel.name, distance=d, vicinity=vicinity_m))
    if fuel.year_round is None or not located:
        return _result(2, "fuel_station", title, Verdict.UNKNOWN, N_(
            "Year-round operation or position of {name} relative to the store is not recorded.", name=fuel.name))
    return _result(2, "fuel_station", title, Verdict.MET,
                   N_("{name}: year-round, within {vicinity:.0f} m of the store.", name=fuel.name, vicinity=vicinity_m))


def _check_generator(f: SotFacts) -> CriterionResult:
    title = N_("Backup generator for both food and fuel supply")
    if f.generator_present is False:
        return _result(3, "generator", title, Verdict.NOT_MET, N_("The point has no backup generator."))
    missing = [what for ok, what in ((f.generator_feeds_store, N_("the store")), (f.generator_feeds_fuel, N_("the fuel station")))
               if ok is False]
    if missing:
        return _result(3, "generator", title, Verdict.NOT_MET,
                       N_("The generator does not supply {what}.", what=joined(N_("and"), missing)))
    if None in (f.generator_present, f.generator_feeds_store, f.generator_feeds_fuel):
        return _result(3, "generator", title, Verdict.UNKNOWN, N_("What the generator supplies is not recorded."))
    return _result(3, "generator", title, Verdict.MET, N_("The generator supplies both store and fuel."))


def _check_flag(n: int, code: str, title: Text, value: bool | None, what: tuple[Text, Text, Text]) -> CriterionResult:
    """``what``: the sentences for not recorded, missing and in place."""
    unknown, missing, present = what
    if value is None:
        return _result(n, code, title, Verdict.UNKNOWN, unknown)
    if not value:
        return _result(n, code, title, Verdict.NOT_MET, missing)
    return _result(n, code, title, Verdict.MET, present)


def _check_organisation(f: SotFacts) -> CriterionResult:
    title = N_("Formal organisation that activates and runs the point")
    name = f.organisation_name
    if not name:
        return _result(6, "organisation", title, Verdict.NOT_MET, N_("No organisation is linked to the point."))
    if f.organisation_activates is False:
        return _result(6, "organisation", title, Verdict.NOT_MET,
                       N_("{name} is not charged with activating the point.", name=name))
    if f.organisation_activates is None:
        return _result(6, "organisation", title, Verdict.UNKNOWN,
                       N_("Whether {name} activates the point is not recorded.", name=name))
    return _result(6, "organisation", title, Verdict.MET, N_("{name} activates and runs the point.", name=name))


INFO_NODE = (N_("The information node is not recorded."), N_("The information node is missing."),
             N_("The information node is in place."))
COMMAND_PLACE = (N_("The command place is not recorded."), N_("The command place is missing."),
                 N_("The command place is in place."))


def check_sot(facts: SotFacts, vicinity_m: float = DEFAULT_VICINITY_M) -> SotResult:
    """Check the six criteria of the SOT minimum level (R3).

    Parameters
    ----------
    facts : SotFacts
        What is recorded about the point's store, fuel station, generator,
        information node, command place and organisation.
    vicinity_m : float
        Largest store-to-fuel-station distance in metres that counts as
        "direct vicinity" (default 500 m, see the module docstring).

    Examples
    --------
    >>> r = check_sot(SotFacts())
    >>> [c.verdict.value for c in r.criteria][:2]
    ['not_met', 'not_met']
    """
    if vicinity_m <= 0:
        raise ValueError(f"vicinity_m must be positive, got {vicinity_m}")
    return SotResult([
        _check_store(facts.store),
        _check_fuel(facts.store, facts.fuel_station, vicinity_m),
        _check_generator(facts),
        _check_flag(4, "info_node", N_("Information and communication node for all actors"), facts.info_node, INFO_NODE),
        _check_flag(5, "command_place", N_("Command and coordination place"), facts.command_place, COMMAND_PLACE),
        _check_organisation(facts),
    ])
