"""Export a point's signed working package and merge what was recorded offline (by UUID).

The package is signed with a key derived from SECRET_KEY (docs/field.md). On merge the
signature, the event and the point are checked before anything is stored; every merged
entry is written by the user who uploads the package, whatever the file says.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

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


SIGNING_SALT = "trygg.operations.offline.field-package"


def signing_key() -> bytes:
    """The server's key for field packages: derived from SECRET_KEY, used for nothing else."""
    return salted_hmac(SIGNING_SALT, "signing key", algorithm="sha256").digest()


class PackageRefused(ValueError):
    """The package is well formed but may not be merged here; the message says why (translated)."""


def export_package(event: Event, point: Point, user) -> dict[str, Any]:
    """The point's working package for ``user``, as plain JSON values, signed."""
    package = json.loads(json.dumps(_package_content(event, point, user), default=str))
    fieldpack.sign(package, signing_key())
    return package


def _package_content(event: Event, point: Point, user) -> dict[str, Any]:
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


def check_issued(package: dict[str, Any], event: Event, user) -> Point:
    """The package's point, once its signature, event and point hold for ``user``; else PackageRefused."""
    state = fieldpack.signature_state(package, signing_key())
    if state == "missing":
        raise PackageRefused(_("The package is not signed, so it cannot be shown to come from this server. "
                               "Download a new package from the point's page."))
    if state == "invalid":
        raise PackageRefused(_("The package's signature does not match: it was changed after it was issued "
                               "(event, point, issued to or the log) or was not issued by this server."))
    if package["event"]["id"] != event.pk:
        raise PackageRefused(_("The package was issued for another event (%(other)s), not %(event)s.")
                             % {"other": package["event"].get("name") or package["event"]["id"], "event": event.name})
    point = access.reportable_points(user, event).filter(pk=package["point"]["id"]).first()
    if point is None:
        raise PackageRefused(_("The package was issued for a point (%(point)s) you may not report for in this event.")
                             % {"point": package["point"].get("name") or package["point"]["id"]})
    return point


def merge_package(package: Any, event: Event, user) -> MergeResult:
    """Merge ``new_entries`` into the log as written by ``user``, all or nothing, idempotently by UUID.

    ``user`` is the authenticated uploader. A package issued to someone else who may report for the
    same point is accepted; its entries note whom the package was issued to.
    """
    fieldpack.check(package)
    point = check_issued(package, event, user)
    issued_to = package.get("issued_to", "")
    other_holder = issued_to if issued_to != user.get_username() else ""
    created = known = 0
    with transaction.atomic():
        for i, raw in enumerate(package["new_entries"], start=1):
            was_new = _merge_entry(raw, i, event, point, user, other_holder)
            created += int(was_new)
            known += int(not was_new)
    return MergeResult(created, known)


def _merge_entry(raw: dict[str, Any], i: int, event: Event, point: Point, user, issued_to: str) -> bool:
    corrects = LogEntry.objects.filter(pk=raw["corrects"], event=event).first() if raw.get("corrects") else None
    if raw.get("corrects") and corrects is None:
        raise ValidationError(_("new_entries[%(i)s]: the corrected entry %(id)s is not in this event.")
                              % {"i": i, "id": raw["corrects"]})
    refusal = access.entry_refusal(user, event, raw["kind"], point, corrects)
    if refusal:
        raise PackageRefused(f"new_entries[{i}]: {refusal}")
    try:
        _entry, was_new = append(NewEntry(
            event=event, author_id=user.pk, author_org=access.user_org(user),  # type: ignore[arg-type]
            kind=raw["kind"], occurred_at=dt.datetime.fromisoformat(raw["occurred_at"]), point=point,
            text=raw.get("text", ""), data=raw.get("data", {}), corrects=corrects,
            entry_id=uuid.UUID(raw["id"]), source="offline", noted_by=raw.get("noted_by", ""),
            package_issued_to=issued_to))
    except ValidationError as exc:
        raise ValidationError(f"new_entries[{i}]: {'; '.join(m for ms in exc.message_dict.values() for m in ms)}") from None
    return was_new
