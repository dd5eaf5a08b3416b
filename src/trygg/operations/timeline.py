"""The after-action timeline: decisions, openings, peaks, problems and closings (R7, R8)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from trygg.operations.models import EntryKind, Event, LogEntry
from trygg.registry.models import Point


@dataclass
class PointLine:
    point: Point
    entries: list[LogEntry] = field(default_factory=list)
    opened_at: object = None
    closed_at: object = None
    peak_people: int | None = None
    peak_at: object = None
    problems: list[LogEntry] = field(default_factory=list)


@dataclass
class Timeline:
    event: Event
    decisions: list[LogEntry]
    meetings: list[LogEntry]
    points: list[PointLine]
    all_entries: list[LogEntry]


def timeline(event: Event, entries: QuerySet[LogEntry], points: Iterable[Point]) -> Timeline:
    entries_list = list(entries.select_related("author", "author_org", "point").order_by("occurred_at", "recorded_at"))
    lines: dict[int, PointLine] = {p.pk: PointLine(p) for p in points}
    by_point: dict[int, list[LogEntry]] = defaultdict(list)
    for e in entries_list:
        if e.point_id in lines:
            by_point[e.point_id].append(e)
    for pk, line in lines.items():
        for e in by_point[pk]:
            line.entries.append(e)
            state = e.data.get("state") if e.kind == EntryKind.STATE else None
            if state == "open" and line.opened_at is None:
                line.opened_at = e.occurred_at
            if state == "closed":
                line.closed_at = e.occurred_at
            people = e.data.get("people_present") if e.kind == EntryKind.STATUS else None
            if people is not None and (line.peak_people is None or people > line.peak_people):
                line.peak_people, line.peak_at = people, e.occurred_at
            if e.kind == EntryKind.STATUS and e.data.get("problems"):
                line.problems.append(e)
    return Timeline(
        event=event,
        decisions=[e for e in entries_list if e.kind == EntryKind.DECISION],
        meetings=[e for e in entries_list if e.kind in (EntryKind.MINUTES, EntryKind.DEBRIEF)],
        points=sorted(lines.values(), key=lambda line: (line.point.municipality.name, line.point.name)),
        all_entries=entries_list,
    )
