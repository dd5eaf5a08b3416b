"""Writing to the log and deriving each point's state from it.

``append`` is the only way an entry is written: it validates, refuses a
duplicate UUID with other content, accepts the same UUID again as a no-op
(offline merge, retried requests), and rewrites the point's projection in
the same transaction, under a row lock so concurrent reports to one point
serialise.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.formats.tabular import parse_number
from trygg.operations import push
from trygg.operations.lifecycle import (
    INDOOR_TEMP_RANGE_C,
    MAX_FUTURE_SKEW_MIN,
    MAX_PEOPLE_ABSOLUTE,
    MAX_PEOPLE_FACTOR,
    MAX_REPORT_TEXT,
    MAX_STAFF_ON_SITE,
    OpState,
    PowerSource,
    Water,
    can_move,
)
from trygg.operations.models import EntryKind, Event, LogEntry, PointStatus
from trygg.registry.models import Organisation, Point
from trygg.rules.catalogue import FUNCTIONS
from trygg.rules.levels import MAX_FUEL_L

STATUS_FIELDS = ("people_present", "power_source", "fuel_l", "indoor_temp_c", "water", "functions_available",
                 "staff_on_site", "needs", "problems")
CONTACT_KINDS = frozenset({EntryKind.STATUS, EntryKind.CONTACT, EntryKind.STATE})


def is_contact(entry: LogEntry) -> bool:
    """Word from the point itself: a state change made by a decision elsewhere is not contact."""
    return entry.kind in CONTACT_KINDS and not (entry.kind == EntryKind.STATE and "decision" in entry.data)


@dataclass
class Projection:
    state: str | None = None
    level: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    last_report_at: dt.datetime | None = None
    last_contact_at: dt.datetime | None = None
    since: dt.datetime | None = None
    state_since: dt.datetime | None = None  # when the current state began (what residents are told)
    entries: int = 0
    applied_until: dt.datetime | None = None

    def as_fields(self) -> dict[str, Any]:
        fields = {name: self.values.get(name) for name in STATUS_FIELDS}
        for text_field in ("power_source", "water", "needs", "problems"):
            fields[text_field] = fields[text_field] or ""
        fields["functions_available"] = fields["functions_available"] or []
        return {**fields, "state": self.state, "level": self.level, "last_report_at": self.last_report_at,
                "last_contact_at": self.last_contact_at, "since": self.since, "state_since": self.state_since,
                "entries": self.entries,
                "applied_until": self.applied_until}


def _apply(p: Projection, entry: LogEntry, data: dict[str, Any]) -> None:
    """One entry's effect on a point's state (the one place that says what an entry does)."""
    p.entries += 1
    p.applied_until = max(filter(None, (p.applied_until, entry.occurred_at)))
    if entry.kind == EntryKind.CORRECTION:
        return
    if entry.kind == EntryKind.STATE:
        state = data.get("state", p.state)
        if state != p.state:
            p.state_since = entry.occurred_at
        p.state = state
        p.level = data.get("level", p.level)
        p.since = p.since or entry.occurred_at
    elif entry.kind == EntryKind.STATUS:
        p.values.update({k: v for k, v in data.items() if k in STATUS_FIELDS})
        p.last_report_at = entry.occurred_at
    if is_contact(entry):
        p.last_contact_at = max(filter(None, (p.last_contact_at, entry.occurred_at)))


def _order(entry: LogEntry) -> tuple[dt.datetime, dt.datetime, str]:
    return (entry.occurred_at, entry.recorded_at, str(entry.id))


def project(entries: Iterable[LogEntry]) -> Projection:
    """A point's state from its entries, in the order things happened.

    A corrected entry counts with its correction's data instead of its own,
    wherever in time the correction was written.
    """
    entries = sorted(entries, key=_order)
    corrected = {e.corrects_id: e for e in entries if e.kind == EntryKind.CORRECTION and e.corrects_id}
    p = Projection()
    for entry in entries:
        data = {**entry.data, **corrected[entry.id].data} if entry.id in corrected else entry.data
        _apply(p, entry, data)
    return p


def _stored(status: PointStatus) -> Projection:
    return Projection(state=status.state, level=status.level,
                      values={name: getattr(status, name) for name in STATUS_FIELDS},
                      last_report_at=status.last_report_at, last_contact_at=status.last_contact_at,
                      since=status.since, state_since=status.state_since, entries=status.entries,
                      applied_until=status.applied_until)


def _next_projection(status: PointStatus, entry: LogEntry) -> Projection:
    """The point's state after ``entry``: applied on top of the stored state when it is the
    newest thing that happened (the common case, O(1)); rebuilt from the whole log when it
    is a correction or arrives later than newer entries (offline merge)."""
    in_order = status.applied_until is None or entry.occurred_at >= status.applied_until
    if entry.kind == EntryKind.CORRECTION or not in_order:
        return rebuild(entry.event, entry.point)  # type: ignore[arg-type]
    p = _stored(status)
    _apply(p, entry, entry.data)
    return p


def rebuild(event: Event, point: Point) -> Projection:
    return project(LogEntry.objects.filter(event=event, point=point))


# ---- validation -----------------------------------------------------------


def _error(field_name: str, message: str) -> ValidationError:
    return ValidationError({field_name: message})


def validate_status(data: dict[str, Any], point: Point) -> dict[str, Any]:
    """A clean copy of a status report, or ValidationError naming the field."""
    clean: dict[str, Any] = {}
    capacity = max(point.capacity_day, point.capacity_night)
    if data.get("people_present") not in (None, ""):
        people = _int(data, "people_present")
        bound = min(MAX_PEOPLE_ABSOLUTE, max(capacity * MAX_PEOPLE_FACTOR, 50))
        if not 0 <= people <= bound:
            raise _error("people_present", _("%(n)s people is not plausible here (at most %(max)s).") % {"n": people, "max": bound})
        clean["people_present"] = people
    if data.get("power_source"):
        if not isinstance(data["power_source"], str) or data["power_source"] not in {s.value for s in PowerSource}:
            raise _error("power_source", _("Power source must be mains, backup or none."))
        clean["power_source"] = data["power_source"]
    if data.get("fuel_l") not in (None, ""):
        fuel = _float(data, "fuel_l")
        if fuel < 0:
            raise _error("fuel_l", _("Fuel left cannot be negative."))
        if fuel > MAX_FUEL_L:
            raise _error("fuel_l", _("%(n)s litres is not plausible (at most %(max)s).") % {"n": fuel, "max": MAX_FUEL_L})
        clean["fuel_l"] = fuel
    if data.get("indoor_temp_c") not in (None, ""):
        temp = _float(data, "indoor_temp_c")
        if not INDOOR_TEMP_RANGE_C[0] <= temp <= INDOOR_TEMP_RANGE_C[1]:
            raise _error("indoor_temp_c", _("%(t)s °C is not a plausible indoor temperature.") % {"t": temp})
        clean["indoor_temp_c"] = temp
    if data.get("water"):
        if not isinstance(data["water"], str) or data["water"] not in {w.value for w in Water}:
            raise _error("water", _("Water must be ok, limited or none."))
        clean["water"] = data["water"]
    if "functions_available" in data:
        codes = data["functions_available"] or []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise _error("functions_available", _("Give a list of function codes."))
        unknown = [c for c in codes if c not in FUNCTIONS]
        if unknown:
            raise _error("functions_available", _("Unknown functions: %(codes)s.") % {"codes": ", ".join(unknown)})
        clean["functions_available"] = codes
    if data.get("staff_on_site") not in (None, ""):
        staff = _int(data, "staff_on_site")
        if not 0 <= staff <= MAX_STAFF_ON_SITE:
            raise _error("staff_on_site", _("Staff on site must be between 0 and %(max)s.") % {"max": MAX_STAFF_ON_SITE})
        clean["staff_on_site"] = staff
    for text_field in ("needs", "problems"):
        if data.get(text_field):
            clean[text_field] = _text(data, text_field)[:MAX_REPORT_TEXT]
    if not clean:
        raise _error("__all__", _("The report is empty."))
    return clean


def _int(data: dict[str, Any], name: str) -> int:
    value = _finite(data, name, _("Give a whole number."))
    if value != int(value):
        raise _error(name, _("Give a whole number."))
    return int(value)


def _float(data: dict[str, Any], name: str) -> float:
    return _finite(data, name, _("Give a number."))


def _finite(data: dict[str, Any], name: str, message: str) -> float:
    """A number from a number or a text the way every trygg reader spells one
    (:func:`trygg.formats.tabular.parse_number`: decimal comma, space and no-break
    space thousands, ``−``); NaN and infinity are not numbers here (neither the
    JSON column nor a person reading the report could use them)."""
    raw = data[name]
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise _error(name, message)
    try:
        value = float(raw) if isinstance(raw, int | float) else parse_number(raw)
    except ValueError:
        raise _error(name, message) from None
    if not math.isfinite(value):
        raise _error(name, message)
    return value


def _text(data: dict[str, Any], name: str) -> str:
    """Free text of a report: a string without NUL characters (PostgreSQL cannot store them)."""
    value = data[name]
    if not isinstance(value, str):
        raise _error(name, _("Give a text."))
    if "\x00" in value:
        raise _error(name, _("The text contains a NUL character."))
    return value


def _check_time(occurred_at: dt.datetime, event: Event) -> None:
    if timezone.is_naive(occurred_at):
        raise _error("occurred_at", _("Give the time with its time zone."))
    if occurred_at > timezone.now() + dt.timedelta(minutes=MAX_FUTURE_SKEW_MIN):
        raise _error("occurred_at", _("The time is in the future."))
    if occurred_at < event.starts_at - dt.timedelta(days=1):
        raise _error("occurred_at", _("The time is before the event started."))


def _check_point(point: Point, event: Event) -> None:
    if not event.municipalities.filter(pk=point.municipality_id).exists():
        raise _error("point", _("%(point)s is not in this event's municipalities.") % {"point": point})


def _check_state_known(data: dict[str, Any]) -> OpState:
    state = data.get("state")
    if isinstance(state, str):
        try:
            return OpState(state)
        except ValueError:
            pass
    raise _error("state", _("Unknown state."))


def _check_state(data: dict[str, Any], current: str | None) -> None:
    new = _check_state_known(data)
    if not can_move(OpState(current) if current else None, new):
        raise _error("state", _("A point cannot go from %(a)s to %(b)s.") % {"a": current or "–", "b": new.value})


# ---- writing ----------------------------------------------------------------


@dataclass(frozen=True)
class NewEntry:
    event: Event
    author_id: int
    author_org: Organisation
    kind: str
    occurred_at: dt.datetime
    point: Point | None = None
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    corrects: LogEntry | None = None
    visibility: str = "event"
    shared_with: tuple[Organisation, ...] = ()
    entry_id: uuid.UUID | None = None
    source: str = "web"
    noted_by: str = ""
    package_issued_to: str = ""


def _same(existing: LogEntry, new: NewEntry) -> bool:
    return (existing.event_id == new.event.pk and existing.kind == new.kind and existing.text == new.text
            and existing.data == new.data and existing.point_id == (new.point.pk if new.point else None)
            and existing.occurred_at == new.occurred_at)


def _validated_data(new: NewEntry, status: PointStatus | None) -> dict[str, Any]:
    if new.kind == EntryKind.STATUS:
        if new.point is None:
            raise _error("point", _("A status report belongs to a point."))
        return validate_status(new.data, new.point)
    if new.kind == EntryKind.STATE:
        if new.point is None:
            raise _error("point", _("A state change belongs to a point."))
        if new.source == "offline":
            # Recorded while cut off: the move is a fact that already happened; the
            # projection orders it by time whatever order packages are merged in.
            _check_state_known(new.data)
        else:
            _check_state(new.data, status.state if status else None)
    if new.kind == EntryKind.CORRECTION and new.corrects is None:
        raise _error("corrects", _("A correction must name the entry it corrects."))
    if new.corrects is not None and new.corrects.event_id != new.event.pk:
        raise _error("corrects", _("The corrected entry belongs to another event."))
    if new.corrects is not None and new.corrects.kind == EntryKind.STATUS and new.corrects.point is not None:
        validate_status({**new.corrects.data, **new.data}, new.corrects.point)
        return validate_status(new.data, new.corrects.point) if new.data else {}
    return dict(new.data)


def append(new: NewEntry) -> tuple[LogEntry, bool]:
    """Write one entry (and its point's projection). Returns (entry, created).

    The same UUID with the same content is accepted again without writing
    (created False); the same UUID with other content is refused.
    """
    if new.entry_id is not None:
        existing = LogEntry.objects.filter(pk=new.entry_id).first()
        if existing is not None:
            if _same(existing, new):
                return existing, False
            raise _error("id", _("An entry with this id already exists with other content."))
    _check_time(new.occurred_at, new.event)
    if new.point is not None:
        _check_point(new.point, new.event)
    try:
        with transaction.atomic():
            status = _locked_status(new.event, new.point) if new.point is not None else None
            data = _validated_data(new, status)
            entry = LogEntry(event=new.event, point=new.point, author_id=new.author_id, author_org=new.author_org,
                             kind=new.kind, occurred_at=new.occurred_at, text=new.text, data=data,
                             corrects=new.corrects, visibility=new.visibility, source=new.source,
                             noted_by=new.noted_by, package_issued_to=new.package_issued_to)
            if new.entry_id is not None:
                entry.id = new.entry_id
            entry.save()
            if new.shared_with:
                entry.shared_with.set(new.shared_with)
            if status is not None:
                _store(status, _next_projection(status, entry))
            push.entry_stored(entry)  # published after commit: live pages re-fetch
    except IntegrityError:
        # The same UUID was written by a concurrent request: treat like a retry.
        existing = LogEntry.objects.filter(pk=new.entry_id).first() if new.entry_id else None
        if existing is not None and _same(existing, new):
            return existing, False
        raise
    return entry, True


def _locked_status(event: Event, point: Point) -> PointStatus:
    PointStatus.objects.get_or_create(event=event, point=point)
    return PointStatus.objects.select_for_update().get(event=event, point=point)


def _store(status: PointStatus, projection: Projection) -> None:
    for name, value in projection.as_fields().items():
        setattr(status, name, value)
    status.save()
