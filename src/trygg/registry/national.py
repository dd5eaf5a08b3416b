"""The national overview (issue 14): every county's roll-up of the points and events a user may read.

One pass over the readable points (their readiness is computed once) grouped by the county of each
point's municipality; a county with no points yet still has its row, so a newly loaded county shows
as empty rather than missing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from trygg.accounts.permissions import AnyUser
from trygg.registry import hooks, scope
from trygg.registry.models import Organisation
from trygg.registry.planview import ScoredPoint, scored, with_readiness_data
from trygg.rules.levels import Level
from trygg.rules.readiness import RollUp, roll_up

LEVELS = tuple(int(level) for level in Level)


@dataclass
class CountyRow:
    county: Organisation
    municipalities: int
    scored: list[ScoredPoint] = field(default_factory=list)
    open_events: int = 0

    @property
    def rollup(self) -> RollUp:
        return roll_up(s.readiness for s in self.scored)

    @property
    def levels(self) -> dict[int, int]:
        counts = Counter(s.point.level for s in self.scored)
        return {level: counts[level] for level in LEVELS}


def national_rows(user: AnyUser) -> list[CountyRow]:
    """One row per county the user may open, ordered by county code."""
    counties = list(scope.readable_counties(user).order_by("scb_code"))
    municipalities = scope.readable_municipalities(user)
    county_of = dict(municipalities.values_list("pk", "parent_id"))
    by_county: dict[int | None, list[ScoredPoint]] = defaultdict(list)
    for s in scored(with_readiness_data(scope.readable_points(user))):
        by_county[county_of.get(s.point.municipality_id)].append(s)
    open_events = hooks.open_events_by_county(user, counties)
    mun_counts = Counter(county_of.values())
    return [CountyRow(c, mun_counts[c.pk], by_county[c.pk], open_events.get(c.pk, 0)) for c in counties]
