"""Routines that are overdue and agreements due for review (R7), for any set of points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from trygg.registry.models import Agreement, Point, Routine

REVIEW_HORIZON_DAYS = 30  # an agreement shows as due this many days before its review or end date


@dataclass(frozen=True)
class FollowUp:
    overdue_routines: list[Routine]
    agreements_due: list[Agreement]

    @property
    def count(self) -> int:
        return len(self.overdue_routines) + len(self.agreements_due)


def follow_up(points: QuerySet[Point], agreements: QuerySet[Agreement], today: dt.date | None = None) -> FollowUp:
    today = today or timezone.localdate()
    routines = Routine.objects.filter(point__in=points).select_related("point", "point__municipality")
    overdue = sorted((r for r in routines if r.is_overdue(today)), key=lambda r: (r.next_due or dt.date.min, r.point.name))
    due = [a for a in agreements.select_related("municipality").prefetch_related("parties") if a.due_for_review(today, REVIEW_HORIZON_DAYS)]
    return FollowUp(overdue, sorted(due, key=lambda a: a.review_date or a.valid_to or dt.date.max))
