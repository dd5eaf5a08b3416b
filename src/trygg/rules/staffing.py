"""Staffing endurance (R6 "uthållighet i bemanningen"): find the gaps in a
roster before they happen, and shifts that leave too little rest.

Rest: the Swedish Working Hours Act (arbetstidslagen 13 §) asks for at least
11 consecutive hours of rest in every 24; a roster that gives a person less
between two shifts is flagged. Night hours for level-3 overnight roles are
22–07.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MIN_REST_H = 11.0
NIGHT_HOURS = (22, 7)  # from 22:00 to 07:00


@dataclass(frozen=True)
class Need:
    role: str
    per_shift: int
    overnight: bool = False


@dataclass(frozen=True)
class RosterShift:
    role: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    person: str = ""


@dataclass(frozen=True)
class StaffGap:
    role: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    missing: int


@dataclass(frozen=True)
class RestProblem:
    person: str
    first_ends_at: dt.datetime
    next_starts_at: dt.datetime

    @property
    def rest_h(self) -> float:
        return (self.next_starts_at - self.first_ends_at).total_seconds() / 3600


def is_night(hour: int) -> bool:
    start, end = NIGHT_HOURS
    return hour >= start or hour < end


def _needed(need: Need, hour: int, open_hours: tuple[int, int]) -> int:
    opens, closes = open_hours
    open_now = opens <= hour < closes if closes > opens else True
    if need.overnight:
        return need.per_shift if is_night(hour) else 0
    return need.per_shift if open_now else 0


def staffing_gaps(needs: Iterable[Need], shifts: Iterable[RosterShift], start: dt.datetime, hours: int,
                  open_hours: tuple[int, int] = (0, 24)) -> list[StaffGap]:
    """Hour by hour from ``start``, the roles with fewer people rostered than needed.

    Consecutive hours with the same shortfall are merged into one gap.

    Examples
    --------
    >>> t0 = dt.datetime(2026, 1, 5, 8)
    >>> gaps = staffing_gaps([Need("guard", 1)], [RosterShift("guard", t0, t0 + dt.timedelta(hours=8))], t0, 12)
    >>> [(g.starts_at.hour, g.ends_at.hour, g.missing) for g in gaps]
    [(16, 20, 1)]
    """
    shifts = list(shifts)
    gaps: list[StaffGap] = []
    for need in needs:
        current: StaffGap | None = None
        for h in range(hours):
            t0 = start + dt.timedelta(hours=h)
            t1 = t0 + dt.timedelta(hours=1)
            have = sum(1 for s in shifts if s.role == need.role and s.starts_at <= t0 and s.ends_at >= t1)
            missing = _needed(need, t0.hour, open_hours) - have
            if missing > 0 and current and current.missing == missing and current.ends_at == t0:
                current = StaffGap(need.role, current.starts_at, t1, missing)
                continue
            if current:
                gaps.append(current)
                current = None
            if missing > 0:
                current = StaffGap(need.role, t0, t1, missing)
        if current:
            gaps.append(current)
    return sorted(gaps, key=lambda g: (g.starts_at, g.role))


def rest_problems(shifts: Iterable[RosterShift], min_rest_h: float = MIN_REST_H) -> list[RestProblem]:
    """Pairs of a person's consecutive shifts with less than ``min_rest_h`` hours between them."""
    by_person: dict[str, list[RosterShift]] = defaultdict(list)
    for s in shifts:
        if s.person.strip():
            by_person[s.person.strip()].append(s)
    problems = []
    for person, own in by_person.items():
        own.sort(key=lambda s: s.starts_at)
        for a, b in zip(own, own[1:], strict=False):
            if (b.starts_at - a.ends_at).total_seconds() / 3600 < min_rest_h:
                problems.append(RestProblem(person, a.ends_at, b.starts_at))
    return problems


def hours_worked(shifts: Iterable[RosterShift]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for s in shifts:
        if s.person.strip():
            totals[s.person.strip()] += (s.ends_at - s.starts_at).total_seconds() / 3600
    return dict(totals)
