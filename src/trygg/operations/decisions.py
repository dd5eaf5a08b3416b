"""Recorded decisions: create an event, activate points, close points (R8).

Each decision is one log entry (who decided, under what mandate, why, which
points and level) followed by one state entry per point, all in one
transaction: a decision is never half recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.operations.lifecycle import OpState
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, Event, LogEntry
from trygg.registry.models import Organisation, Point
from trygg.rules.levels import Level

MANDATES = {
    "krisledningsnamnd": gettext_lazy("Krisledningsnämnd"),
    "kommundirektor": gettext_lazy("Kommundirektör"),
    "tib": gettext_lazy("TiB (tjänsteman i beredskap)"),
    "raddningsledare": gettext_lazy("Räddningsledare"),
    "beredskapssamordnare": gettext_lazy("Beredskapssamordnare (delegation)"),
}


@dataclass(frozen=True)
class Decision:
    decided_by: str
    mandate: str
    reason: str
    decided_at: dt.datetime
    level: int | None = None

    def validate(self) -> None:
        errors = {}
        if not self.decided_by.strip():
            errors["decided_by"] = _("Name who decided.")
        if self.mandate not in MANDATES:
            errors["mandate"] = _("Choose the mandate the decision was made under.")
        if not self.reason.strip():
            errors["reason"] = _("Say why.")
        if self.level is not None and self.level not in set(Level):
            errors["level"] = _("The level is 1, 2 or 3.")
        if errors:
            raise ValidationError(errors)


def _closing_state(event: Event, point: Point) -> OpState:
    """Closing a point that never opened (standby) closes it at once; an open one goes through closing."""
    from trygg.operations.models import PointStatus

    status = PointStatus.objects.filter(event=event, point=point).first()
    return OpState.CLOSED if status is not None and status.state == OpState.STANDBY else OpState.CLOSING


def _decide(event: Event, author_id: int, org: Organisation, action: str, points: list[Point],
            decision: Decision, state: OpState | None) -> LogEntry:
    decision.validate()
    if not points:
        raise ValidationError({"points": _("Choose at least one point.")})
    with transaction.atomic():
        entry, _created = append(NewEntry(
            event=event, author_id=author_id, author_org=org, kind=EntryKind.DECISION, occurred_at=decision.decided_at,
            text=decision.reason, data={"action": action, "decided_by": decision.decided_by, "mandate": decision.mandate,
                                        "points": [p.pk for p in points], "level": decision.level}))
        for point in points:
            data: dict[str, object] = {"state": (state or _closing_state(event, point)).value, "decision": str(entry.id)}
            if decision.level:
                data["level"] = decision.level
            append(NewEntry(event=event, author_id=author_id, author_org=org, kind=EntryKind.STATE,
                            occurred_at=decision.decided_at, point=point, data=data))
    return entry


def activate(event: Event, author_id: int, org: Organisation, points: Iterable[Point], decision: Decision) -> LogEntry:
    """Record an activation decision; each point goes to standby (then staff open it)."""
    return _decide(event, author_id, org, "activate", list(points), decision, OpState.STANDBY)


def close(event: Event, author_id: int, org: Organisation, points: Iterable[Point], decision: Decision) -> LogEntry:
    """Record a closing decision; each point goes to closing (or straight to closed from standby)."""
    return _decide(event, author_id, org, "close", list(points), decision, None)


def create_event(*, name: str, kind: str, exercise: bool, municipalities: Iterable[Organisation], owner: Organisation,
                 created_by_id: int, starts_at: dt.datetime | None = None, area: dict | None = None) -> Event:
    """A new event; the county of the affected municipalities takes part from the start (TiB)."""
    municipalities = list(municipalities)
    with transaction.atomic():
        event = Event(name=name, kind=kind, exercise=exercise, owner=owner, created_by_id=created_by_id,
                      starts_at=starts_at or timezone.now(), area=area)
        event.full_clean()
        event.save()
        event.municipalities.set(municipalities)
        counties = {m.parent for m in municipalities if m.parent}
        event.participants.set([owner, *municipalities, *counties])
    return event
