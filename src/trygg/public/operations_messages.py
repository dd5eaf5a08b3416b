"""Public messages from the log (issue 5 → issue 6): one per public point's opening, change or closing.

Enable with ``PUBLIC_MESSAGES = "trygg.public.operations_messages.messages"`` (the default): ``public``
reads ``operations`` here, never the reverse (docs/architecture.md).
Each state entry that moves a public point to open, full, closing or closed
becomes one message for its municipality: the first opening of an event is an
*opening* (CAP Alert), the move that leaves no point of the municipality
receiving people is a *closing* (CAP Cancel), everything between is an
*update*. A message carries the municipality's public text as released by
then (:mod:`trygg.operations.public_text`), never a decision's internal
reason; before any release it carries no text. An exercise's messages
carry ``exercise=True`` (CAP status Exercise) and the public pages never show
its points as open.
"""

from __future__ import annotations

from collections import defaultdict

from trygg.operations.lifecycle import RECEIVING, OpState
from trygg.operations.models import EntryKind, LogEntry
from trygg.operations.public_text import released_at, releases
from trygg.public.operations_state import PUBLIC_STATUS
from trygg.public.status import LiveState, cap_sender, to_public_point
from trygg.rules.public_info import MessageKind, MessageRef, PublicMessage

ANNOUNCED = frozenset(PUBLIC_STATUS)


def _entries(municipality: str | None) -> list[LogEntry]:
    # Not the boundaries (GeoJSON, kilobytes each): parsed for every entry, they cost seconds nationally.
    rows = (LogEntry.objects.filter(kind=EntryKind.STATE, point__public=True)
            .select_related("event", "point", "point__municipality", "point__municipality__parent")
            .defer("event__area", "point__municipality__boundary", "point__municipality__parent__boundary")
            .prefetch_related("point__sites").order_by("occurred_at", "recorded_at"))
    if municipality:
        rows = rows.filter(point__municipality__scb_code=municipality)
    return list(rows)


def messages(municipality: str | None = None) -> list[PublicMessage]:
    released = releases()
    out: list[PublicMessage] = []
    state: dict[tuple[int, str], dict[int, str]] = defaultdict(dict)  # (event, kommun) → point → state
    earlier: dict[tuple[int, str], list[MessageRef]] = defaultdict(list)
    for entry in _entries(municipality):
        point, code = entry.point, entry.point.municipality.scb_code  # type: ignore[union-attr]
        key = (entry.event_id, code)
        new = entry.data.get("state")
        state[key][point.pk] = new  # type: ignore[union-attr]
        if new not in ANNOUNCED:
            continue
        receiving = [s for s in state[key].values() if s in RECEIVING]
        if not earlier[key]:
            if new not in RECEIVING:
                continue  # nothing was announced open: no closing to announce
            kind = MessageKind.OPENING
        elif not receiving:
            kind = MessageKind.CLOSING
        else:
            kind = MessageKind.UPDATE
        sender = cap_sender(code)
        identifier = f"trygg-{entry.event_id}-{entry.id.hex[:16]}"
        public = to_public_point(point, LiveState(PUBLIC_STATUS[OpState(new)], since=entry.occurred_at))  # type: ignore[arg-type]
        mun = point.municipality  # type: ignore[union-attr]
        text = released_at(released.get(key, []), entry.recorded_at)
        out.append(PublicMessage(
            identifier=identifier, kind=kind, sender=sender, sent=entry.recorded_at, municipality_code=code,
            municipality_name=mun.name, county_name=mun.parent.name if mun.parent else "",
            reason=text.text_sv if text else "", reason_en=text.text_en if text else "", points=(public,), exercise=entry.event.exercise,
            references=tuple(earlier[key]), event_name=entry.event.name))
        earlier[key].append(MessageRef(sender, identifier, entry.recorded_at))
        if kind is MessageKind.CLOSING:
            earlier[key] = []
    return out
