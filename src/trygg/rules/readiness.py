"""The readiness check (R6): a point's plan against what its level and functions require.

The result is a list of gaps, each with a severity, the requirement it comes
from and a translatable text (:mod:`trygg.text`), and a 0–100 score. The score starts at 100 and each gap takes
off the points of its severity (critical 15, major 5, minor 1), never below
0. A share of passed checks was tried first and rated a level-3 point with
five critical gaps at 77: a penalty per gap keeps a point that cannot work at
its level clearly below one that can, and every fixed gap raises the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from trygg.rules.catalogue import ACTIVATION_QUESTIONS, EQUIPMENT, FUNCTIONS, STAFF_ROLES
from trygg.rules.levels import (
    ACCEPTED_BACKUP_POWER,
    REQUIRED_EQUIPMENT,
    BackupPower,
    Level,
    required_functions,
    requires,
)
from trygg.text import N_, Text, joined


class Severity(StrEnum):
    CRITICAL = "critical"  # the point cannot work at its level without it
    MAJOR = "major"  # the point works badly or not for long
    MINOR = "minor"  # a weakness to fix at the next plan review


SEVERITY_PENALTY: dict[Severity, int] = {Severity.CRITICAL: 15, Severity.MAJOR: 5, Severity.MINOR: 1}

# Activation questions whose missing answer makes the point impossible to open.
CRITICAL_ACTIVATION_QUESTIONS = frozenset({"who_decides", "who_starts"})


class SosAlarm(StrEnum):
    """How a point alarms 112 (SOS Alarm) when power and the mobile network fail."""

    RAKEL = "rakel"
    SATELLITE_PHONE = "satellite_phone"
    LANDLINE_BACKUP = "landline_backup"  # a fixed line whose exchange and terminal have backup power
    MOBILE_BACKUP = "mobile_backup"  # a mobile phone where the nearest masts have backup power
    NONE = "none"


@dataclass(frozen=True)
class StaffNeed:
    role: str
    needed: int
    assigned: int = 0
    overnight: bool = False


@dataclass(frozen=True)
class PointPlan:
    """What the readiness check needs to know about a point. Plain data, no ORM."""

    level: Level | int
    functions: frozenset[str] = frozenset()
    equipment: dict[str, int] = field(default_factory=dict)
    staffing: tuple[StaffNeed, ...] = ()
    activation: dict[str, str] = field(default_factory=dict)
    capacity_day: int = 0
    capacity_night: int = 0
    backup_power: BackupPower | str = BackupPower.NONE
    fire_safety_24h: bool | None = None
    manager_assigned: bool = False
    fuel_arranged: bool | None = None  # a fuel agreement or own storage (R6 "fuel", REFERENCE)
    sos_alarm: SosAlarm | str | None = None  # how it alarms 112 in an outage; None: not recorded


@dataclass(frozen=True)
class Gap:
    code: str
    severity: Severity
    requirement: str  # the requirement id it comes from, e.g. "R2" or "R6"
    text: Text  # what is missing, a translatable text (str(): English)

    def message(self, language: str = "sv") -> str:
        return self.text.in_language(language)


@dataclass(frozen=True)
class Check:
    """One applicable check: passed, or the gap it leaves."""

    code: str
    severity: Severity
    passed: bool
    gap: Gap | None = None


@dataclass(frozen=True)
class Readiness:
    gaps: list[Gap]
    score: int
    checks: int

    @property
    def critical(self) -> int:
        return sum(1 for g in self.gaps if g.severity is Severity.CRITICAL)


def _check(ok: bool, code: str, severity: Severity, requirement: str, text: Text) -> Check:
    gap = None if ok else Gap(code, severity, requirement, text)
    return Check(code, severity, ok, gap)


def _function_checks(plan: PointPlan) -> Iterator[Check]:
    level = Level(plan.level)
    for code in required_functions(level):
        yield _check(code in plan.functions, f"function:{code}", Severity.CRITICAL, "R6",
                     N_("The plan lacks the function {function} (required at level {level}).",
                        function=FUNCTIONS[code].label.lower(), level=int(level)))


def _power_checks(plan: PointPlan) -> Iterator[Check]:
    yield _check(BackupPower(plan.backup_power) in ACCEPTED_BACKUP_POWER, "backup_power", Severity.CRITICAL, "R2",
                 N_("The premises have neither fixed backup power nor a prepared connection point for a mobile generator."))
    if plan.fuel_arranged is not None or BackupPower(plan.backup_power) is BackupPower.FIXED:
        yield _check(bool(plan.fuel_arranged), "fuel_arranged", Severity.MAJOR, "R6",
                     N_("Fuel for the backup power is not secured by agreement or own storage."))


def _equipment_checks(plan: PointPlan) -> Iterator[Check]:
    level = Level(plan.level)
    for alternatives, lowest in REQUIRED_EQUIPMENT.items():
        if not requires(level, lowest):
            continue
        have = any(plan.equipment.get(code, 0) > 0 for code in alternatives)
        severity = Severity.CRITICAL if lowest is Level.THREE else Severity.MAJOR
        names = joined(N_("or"), (EQUIPMENT[c].label.lower() for c in alternatives))
        yield _check(have, f"equipment:{alternatives[0]}", severity, "R6", N_("Missing equipment: {names}.", names=names))


def _level_three_checks(plan: PointPlan) -> Iterator[Check]:
    if Level(plan.level) < Level.THREE:
        return
    yield _check(plan.capacity_night > 0, "capacity_night", Severity.CRITICAL, "R2",
                 N_("Level 3 requires overnight capacity, but none is recorded."))
    yield _check(plan.fire_safety_24h is True, "fire_safety_24h", Severity.CRITICAL, "R2",
                 N_("Fire safety is not approved for 24-hour stay."))
    yield _check(any(s.overnight and s.needed > 0 for s in plan.staffing), "overnight_staffing", Severity.CRITICAL, "R2",
                 N_("Level 3 requires overnight staffing, but the plan has none."))


def _sos_checks(plan: PointPlan) -> Iterator[Check]:
    """Levels 2 and 3 must be able to alarm 112 in an outage (R6 "alarm SOS"); level 1 need not."""
    if Level(plan.level) < Level.TWO:
        return
    if plan.sos_alarm is None or plan.sos_alarm == "":
        yield _check(False, "sos_alarm", Severity.MAJOR, "R6",
                     N_("It is not recorded how the point alarms 112 during a power and telecom outage."))
        return
    yield _check(SosAlarm(plan.sos_alarm) is not SosAlarm.NONE, "sos_alarm", Severity.CRITICAL, "R6",
                 N_("The point cannot alarm 112 in a power outage (required at level {level}): "
                    "get Rakel, a satellite phone or a landline on backup power.", level=int(plan.level)))


def _staffing_checks(plan: PointPlan) -> Iterator[Check]:
    yield _check(plan.manager_assigned, "manager", Severity.MAJOR, "R1", N_("The point has no responsible manager."))
    yield _check(bool(plan.staffing), "staffing_planned", Severity.MAJOR, "R6", N_("The plan states no staffing needs."))
    for need in plan.staffing:
        role = STAFF_ROLES.get(need.role)
        yield _check(need.assigned >= need.needed, f"staff:{need.role}", Severity.MAJOR, "R6",
                     N_("{role}: {assigned} of {needed} assigned.", role=role.label if role else need.role,
                        assigned=need.assigned, needed=need.needed))


def _capacity_checks(plan: PointPlan) -> Iterator[Check]:
    yield _check(plan.capacity_day > 0, "capacity_day", Severity.MAJOR, "R1", N_("No daytime capacity is recorded."))


def _activation_checks(plan: PointPlan) -> Iterator[Check]:
    for code, question in ACTIVATION_QUESTIONS.items():
        answered = bool(plan.activation.get(code, "").strip())
        severity = Severity.CRITICAL if code in CRITICAL_ACTIVATION_QUESTIONS else Severity.MINOR
        yield _check(answered, f"activation:{code}", severity, "R6",
                     N_("Activation question unanswered: {question}", question=question.label))


CHECKS = (_function_checks, _power_checks, _equipment_checks, _level_three_checks, _sos_checks,
          _staffing_checks, _capacity_checks, _activation_checks)


def all_checks(plan: PointPlan) -> list[Check]:
    """Every check that applies to ``plan``, passed or not."""
    return [c for family in CHECKS for c in family(plan)]


def score(gaps: Iterable[Gap]) -> int:
    """0–100: 100 less each gap's severity penalty."""
    return max(0, 100 - sum(SEVERITY_PENALTY[g.severity] for g in gaps))


#: How a score reads at a glance, best first: (band, lowest score in it). Pages colour scores by band.
SCORE_BANDS: tuple[tuple[str, int], ...] = (("good", 80), ("fair", 50), ("poor", 0))


def score_band(value: int) -> str:
    """``good``, ``fair`` or ``poor`` for a 0–100 score.

    >>> score_band(80), score_band(79), score_band(49)
    ('good', 'fair', 'poor')
    """
    return next(band for band, lowest in SCORE_BANDS if value >= lowest)


def check_readiness(plan: PointPlan) -> Readiness:
    """Gaps and score of one point's plan.

    Examples
    --------
    >>> r = check_readiness(PointPlan(level=3))
    >>> "capacity_night" in {g.code for g in r.gaps}
    True
    """
    checks = all_checks(plan)
    gaps = sorted((c.gap for c in checks if c.gap), key=lambda g: -SEVERITY_PENALTY[g.severity])
    return Readiness(gaps=gaps, score=score(gaps), checks=len(checks))


@dataclass(frozen=True)
class RollUp:
    """Readiness of many points: mean score and gap counts (per municipality or county)."""

    points: int
    mean_score: float
    critical_gaps: int
    gaps: int
    points_without_critical_gaps: int


def roll_up(results: Iterable[Readiness]) -> RollUp:
    results = list(results)
    n = len(results)
    return RollUp(
        points=n,
        mean_score=round(sum(r.score for r in results) / n, 1) if n else 0.0,
        critical_gaps=sum(r.critical for r in results),
        gaps=sum(len(r.gaps) for r in results),
        points_without_critical_gaps=sum(1 for r in results if r.critical == 0),
    )
