"""What the shared screen shows, for one viewer's rights: the event's points, totals, decisions and log."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from trygg.operations import access, picture
from trygg.operations.mapdata import event_map_data
from trygg.operations.models import EntryKind, Event
from trygg.operations.prose import entry_sentence

LATEST_ENTRIES = 8
LATEST_DECISIONS = 4


def _entry(entry) -> dict[str, Any]:
    return {"at": timezone.localtime(entry.occurred_at).strftime("%H:%M"), "kind": entry.get_kind_display(),
            "point": entry.point.name if entry.point else "", "text": entry_sentence(entry)}


def screen_data(event: Event, viewer) -> dict[str, Any]:
    """Everything the screen shows, as JSON-ready values; ``viewer`` is whose rights apply."""
    rows = picture.rows(event, access.situation_points(viewer, event))
    # Silent points first (they need a call), then the ones receiving people, then the rest.
    rows.sort(key=lambda r: (not r.silent, r.status.state not in ("open", "full"), r.status.point.name))
    entries = access.visible_entries(viewer, event).select_related("point").order_by("-occurred_at", "-recorded_at")
    points = [r.as_dict() for r in rows]
    receiving = [p for p in points if p["state"] in ("open", "full")]
    return {
        "event": event.name, "exercise": event.exercise, "now": timezone.localtime().strftime("%H:%M"),
        "points": points,
        "totals": {"open": len(receiving), "silent": sum(1 for p in points if p["silent"]),
                   "people": sum(p["people_present"] or 0 for p in receiving),
                   "capacity": sum(p["capacity_day"] or 0 for p in receiving)},
        "decisions": [_entry(e) for e in entries.filter(kind=EntryKind.DECISION)[:LATEST_DECISIONS]],
        "log": [_entry(e) for e in entries[:LATEST_ENTRIES]],
        "map": event_map_data(rows, event),
    }
