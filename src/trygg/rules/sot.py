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
    title_sv: str
    title_en: str
    verdict: Verdict
    reason_sv: str
    reason_en: str

    def title(self, language: str = "sv") -> str:
        return self.title_en if language.startswith("en") else self.title_sv

    def reason(self, language: str = "sv") -> str:
        return self.reason_en if language.startswith("en") else self.reason_sv


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


def _result(n: int, code: str, title: tuple[str, str], verdict: Verdict, reason: tuple[str, str]) -> CriterionResult:
    return CriterionResult(n, code, title[0], title[1], verdict, reason[0], reason[1])


def _check_store(store: Business | None) -> CriterionResult:
    title = ("Dagligvarubutik med fullsortiment, året runt", "Full-assortment grocery store, year-round")
    if store is None:
        return _result(1, "store", title, Verdict.NOT_MET, ("Ingen butik är kopplad till punkten.", "No store is linked to the point."))
    if store.full_assortment is False:
        return _result(1, "store", title, Verdict.NOT_MET, (f"{store.name} har inte fullsortiment.", f"{store.name} is not a full-assortment store."))
    if store.year_round is False:
        return _result(1, "store", title, Verdict.NOT_MET, (f"{store.name} har inte öppet året runt.", f"{store.name} is not open year-round."))
    if store.full_assortment is None or store.year_round is None:
        return _result(1, "store", title, Verdict.UNKNOWN, (f"Sortiment eller årsdrift för {store.name} är inte angivet.", f"Assortment or year-round operation of {store.name} is not recorded."))
    return _result(1, "store", title, Verdict.MET, (f"{store.name}: fullsortiment, året runt.", f"{store.name}: full assortment, year-round."))


def _check_fuel(store: Business | None, fuel: Business | None, vicinity_m: float) -> CriterionResult:
    title = ("Drivmedelsstation i butikens direkta närhet, året runt", "Fuel station in the store's direct vicinity, year-round")
    if fuel is None:
        return _result(2, "fuel_station", title, Verdict.NOT_MET, ("Ingen drivmedelsstation är kopplad till punkten.", "No fuel station is linked to the point."))
    if fuel.year_round is False:
        return _result(2, "fuel_station", title, Verdict.NOT_MET, (f"{fuel.name} har inte öppet året runt.", f"{fuel.name} is not open year-round."))
    located = store is not None and None not in (store.lat, store.lon, fuel.lat, fuel.lon)
    if located:
        assert store is not None  # narrowed above, for the type checker
        d = distance_m(store.lat, store.lon, fuel.lat, fuel.lon)  # type: ignore[arg-type]
        if d > vicinity_m:
            return _result(2, "fuel_station", title, Verdict.NOT_MET, (
                f"{fuel.name} ligger {d:.0f} m från butiken; direkt närhet är högst {vicinity_m:.0f} m.",
                f"{fuel.name} is {d:.0f} m from the store; direct vicinity is at most {vicinity_m:.0f} m."))
    if fuel.year_round is None or not located:
        return _result(2, "fuel_station", title, Verdict.UNKNOWN, (
            f"Årsdrift eller läge för {fuel.name} i förhållande till butiken är inte angivet.",
            f"Year-round operation or position of {fuel.name} relative to the store is not recorded."))
    return _result(2, "fuel_station", title, Verdict.MET, (f"{fuel.name}: året runt, inom {vicinity_m:.0f} m från butiken.", f"{fuel.name}: year-round, within {vicinity_m:.0f} m of the store."))


def _check_generator(f: SotFacts) -> CriterionResult:
    title = ("Reservkraftaggregat för både livsmedel och drivmedel", "Backup generator for both food and fuel supply")
    if f.generator_present is False:
        return _result(3, "generator", title, Verdict.NOT_MET, ("Punkten har inget reservkraftaggregat.", "The point has no backup generator."))
    missing = [(sv, en) for ok, sv, en in ((f.generator_feeds_store, "butiken", "the store"), (f.generator_feeds_fuel, "drivmedelsstationen", "the fuel station")) if ok is False]
    if missing:
        return _result(3, "generator", title, Verdict.NOT_MET, (
            "Aggregatet försörjer inte " + " och ".join(m[0] for m in missing) + ".",
            "The generator does not supply " + " and ".join(m[1] for m in missing) + "."))
    if None in (f.generator_present, f.generator_feeds_store, f.generator_feeds_fuel):
        return _result(3, "generator", title, Verdict.UNKNOWN, ("Det är inte angivet vad aggregatet försörjer.", "What the generator supplies is not recorded."))
    return _result(3, "generator", title, Verdict.MET, ("Aggregatet försörjer både butik och drivmedel.", "The generator supplies both store and fuel."))


def _check_flag(n: int, code: str, title: tuple[str, str], value: bool | None, what: tuple[str, str]) -> CriterionResult:
    if value is None:
        return _result(n, code, title, Verdict.UNKNOWN, (f"{what[0]} är inte angiven.", f"{what[1]} is not recorded."))
    if not value:
        return _result(n, code, title, Verdict.NOT_MET, (f"{what[0]} saknas.", f"{what[1]} is missing."))
    return _result(n, code, title, Verdict.MET, (f"{what[0]} finns.", f"{what[1]} is in place."))


def _check_organisation(f: SotFacts) -> CriterionResult:
    title = ("Formell organisation som aktiverar och driver punkten", "Formal organisation that activates and runs the point")
    if not f.organisation_name:
        return _result(6, "organisation", title, Verdict.NOT_MET, ("Ingen organisation är kopplad till punkten.", "No organisation is linked to the point."))
    if f.organisation_activates is False:
        return _result(6, "organisation", title, Verdict.NOT_MET, (f"{f.organisation_name} har inte uppdraget att aktivera punkten.", f"{f.organisation_name} is not charged with activating the point."))
    if f.organisation_activates is None:
        return _result(6, "organisation", title, Verdict.UNKNOWN, (f"Det är inte angivet om {f.organisation_name} aktiverar punkten.", f"Whether {f.organisation_name} activates the point is not recorded."))
    return _result(6, "organisation", title, Verdict.MET, (f"{f.organisation_name} aktiverar och driver punkten.", f"{f.organisation_name} activates and runs the point."))


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
        _check_flag(4, "info_node", ("Informations- och kommunikationsnod för alla aktörer", "Information and communication node for all actors"), facts.info_node, ("Informationsnoden", "The information node")),
        _check_flag(5, "command_place", ("Ledningsplats", "Command and coordination place"), facts.command_place, ("Ledningsplatsen", "The command place")),
        _check_organisation(facts),
    ])
