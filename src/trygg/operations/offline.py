"""Export a point's working package and merge what was recorded offline (by UUID)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from trygg.formats import fieldpack
from trygg.operations import access
from trygg.operations.log import NewEntry, append
from trygg.operations.models import Event, LogEntry, Shift
from trygg.registry.models import Plan, Point


def _entry_dict(e: LogEntry) -> dict[str, Any]:
    return {"id": str(e.id), "kind": e.kind, "occurred_at": e.occurred_at.isoformat(), "text": e.text, "data": e.data,
            "author": e.author.get_username(), "organisation": e.author_org.name,
            "point": e.point_id, "corrects": str(e.corrects_id) if e.corrects_id else None}


def _plan_dict(point: Point) -> dict[str, Any]:
    plan = Plan.objects.filter(point=point).prefetch_related("functions", "staffing", "equipment").first()
    if plan is None:
        return {}
    return {"activation": plan.activation_answers(),
            "functions": [{"function": f.function, "how": f.how} for f in plan.functions.all()],
            "staffing": [{"role": s.role, "needed": s.needed, "overnight": s.overnight, "assigned": s.assigned_people}
                         for s in plan.staffing.all()],
            "equipment": [{"equipment": e.equipment, "quantity": e.quantity} for e in plan.equipment.all()]}


def export_package(event: Event, point: Point, user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    contacts = [{"name": o.name, "role": o.crisis_role, "phone": o.phone, "email": o.email, "rakel": o.rakel,
                 "reachable": o.reachable} for o in access.event_organisations(event)]
    comms = getattr(point, "comms", None)
    return {
        "format": fieldpack.FORMAT, "version": fieldpack.VERSION, "exported_at": timezone.now().isoformat(),
        "issued_to": user.get_username(),
        "event": {"id": event.pk, "name": event.name, "kind": event.kind, "exercise": event.exercise,
                  "starts_at": event.starts_at.isoformat()},
        "point": {"id": point.pk, "name": point.name, "ref": point.ref, "municipality": point.municipality.name,
                  "level": point.level, "capacity_day": point.capacity_day, "capacity_night": point.capacity_night},
        "plan": _plan_dict(point),
        "comms": {"rakel": comms.rakel_talkgroup, "phone": comms.phone, "satellite_phone": comms.satellite_phone,
                  "messenger": comms.messenger} if comms else {},
        "contacts": contacts,
        "roster": [{"role": s.role, "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(),
                    "person": s.person} for s in Shift.objects.filter(point=point, event=event)],
        "log": [_entry_dict(e) for e in access.visible_entries(user, event).filter(point=point)
                .select_related("author", "author_org")],
        "new_entries": [],
    }


@dataclass(frozen=True)
class MergeResult:
    created: int
    already_known: int


def merge_package(package: Any, event: Event, user) -> MergeResult:  # type: ignore[no-untyped-def]
    """Merge ``new_entries`` into the log, all or nothing, idempotently by UUID."""
    fieldpack.check(package)
    if package["event"]["id"] != event.pk:
        raise ValidationError(f"The package belongs to event {package['event']['id']}, not {event.pk}.")
    point = access.get_reportable_point(user, event, package["point"]["id"])
    users = get_user_model().objects
    created = known = 0
    with transaction.atomic():
        for i, raw in enumerate(package["new_entries"], start=1):
            author = users.filter(username=raw.get("author") or user.get_username()).first()
            if author is None or not access.reportable_points(author, event).filter(pk=point.pk).exists():
                raise PermissionDenied(f"new_entries[{i}]: {raw.get('author')!r} may not report for {point}.")
            corrects = LogEntry.objects.filter(pk=raw["corrects"], event=event).first() if raw.get("corrects") else None
            try:
                _entry, was_new = append(NewEntry(
                    event=event, author_id=author.pk, author_org=access.user_org(author),  # type: ignore[arg-type]
                    kind=raw["kind"], occurred_at=dt.datetime.fromisoformat(raw["occurred_at"]), point=point,
                    text=raw.get("text", ""), data=raw.get("data", {}), corrects=corrects,
                    entry_id=uuid.UUID(raw["id"]), source="offline"))
            except ValidationError as exc:
                raise ValidationError(f"new_entries[{i}]: {'; '.join(m for ms in exc.message_dict.values() for m in ms)}") from None
            created += int(was_new)
            known += int(not was_new)
    return MergeResult(created, known)
