"""What sets alerts off: entries in the operations log, warnings arriving, and points going silent.

Entries and warnings are picked up after their transaction commits (a rolled-back report alerts
nobody); silence is found by `check_silent`, run on a schedule by `trygg alerts run`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.alerts.dispatch import Trigger, dispatch
from trygg.alerts.models import AlertKind, Subscription
from trygg.operations import access, picture
from trygg.operations.lifecycle import OpState, state_label
from trygg.operations.models import EntryKind, Event, LogEntry
from trygg.registry import scope
from trygg.registry.models import Point
from trygg.warnings.models import ExternalWarning

#: The state changes people are told about (R5: activated, opened, full, closed).
ALERTED_STATES = {OpState.STANDBY, OpState.OPEN, OpState.FULL, OpState.CLOSED}


def connect() -> None:
    post_save.connect(_entry_saved, sender=LogEntry, dispatch_uid="trygg.alerts.entry")
    post_save.connect(_warning_saved, sender=ExternalWarning, dispatch_uid="trygg.alerts.warning")


def _entry_saved(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        entry_id = instance.pk
        transaction.on_commit(lambda: on_entry(entry_id))


def _warning_saved(sender, instance: ExternalWarning, created: bool, **kwargs) -> None:
    if not kwargs.get("raw") and not instance.cancelled:
        warning_id = instance.pk
        transaction.on_commit(lambda: on_warning(warning_id))


def _n(value: object) -> str:
    """A figure as the reader writes it: 20, 4,5 (Swedish decimal comma under translation.override)."""
    from django.utils.formats import number_format

    number = round(float(value), 1)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else number_format(number, 1)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _entry_visible_to(entry: LogEntry):
    return lambda user: access.visible_entries(user, entry.event).filter(pk=entry.pk).exists()


def on_entry(entry_id: uuid.UUID) -> None:
    entry = LogEntry.objects.select_related("event", "point", "point__municipality").filter(pk=entry_id).first()
    if entry is None or entry.event.exercise and not settings.ALERTS_FOR_EXERCISES:
        return
    if not Subscription.objects.filter(user__is_active=True).exists():
        return  # nobody to tell: spare every report the power model's fuel reckoning
    with translation.override(settings.LANGUAGE_CODE):
        trigger = _entry_trigger(entry)
    if trigger is not None:
        dispatch(trigger)


def _scope(entry: LogEntry) -> dict[str, object]:
    municipalities = ({entry.point.municipality_id} if entry.point
                      else set(entry.event.municipalities.values_list("pk", flat=True)))
    return {"municipality_ids": frozenset(municipalities), "point_id": entry.point_id, "event_id": entry.event_id,
            "may_see": _entry_visible_to(entry)}


def _entry_trigger(entry: LogEntry) -> Trigger | None:
    prefix = "ÖVNING – " if entry.event.exercise else ""
    if entry.kind == EntryKind.STATE and entry.point and entry.data.get("state") in ALERTED_STATES:
        state = entry.data["state"]
        return Trigger(AlertKind.STATE, f"state:{entry.event_id}:{entry.point_id}:{state}",
                       f"{prefix}{entry.point.name}: {state_label(state)}",
                       _("%(point)s is now %(state)s (%(event)s, %(time)s).") % {
                           "point": entry.point.name, "state": state_label(state).lower(), "event": entry.event.name,
                           "time": _local(entry.occurred_at)}, **_scope(entry))  # type: ignore[arg-type]
    if entry.kind == EntryKind.DECISION:
        action = _("activate") if entry.data.get("action") == "activate" else _("close")
        title = _("Decision")
        return Trigger(AlertKind.DECISION, f"decision:{entry.pk}", f"{prefix}{title}: {action} – {entry.event.name}",
                       _("Decided by %(who)s at %(time)s: %(action)s %(n)s point(s). %(reason)s") % {
                           "who": entry.data.get("decided_by", ""), "time": _local(entry.occurred_at), "action": action,
                           "n": len(entry.data.get("points", [])), "reason": entry.text}, **_scope(entry))  # type: ignore[arg-type]
    if entry.kind == EntryKind.STATUS and entry.point and entry.data.get("fuel_l") is not None:
        hours = picture.fuel_hours(entry.point, _number(entry.data.get("fuel_l")))
        if hours is not None and hours < settings.ALERTS_FUEL_HOURS:
            left = _("fuel for %(hours)s h") % {"hours": _n(hours)}
            return Trigger(AlertKind.FUEL_LOW, f"fuel:{entry.event_id}:{entry.point_id}",
                           f"{prefix}{entry.point.name}: {left}",
                           _("%(point)s reported %(litres)s l of fuel at %(time)s: %(hours)s hours at the planned "
                             "load (alert below %(limit)s h).") % {
                               "point": entry.point.name, "litres": _n(entry.data["fuel_l"]),
                               "time": _local(entry.occurred_at), "hours": _n(hours),
                               "limit": _n(settings.ALERTS_FUEL_HOURS)}, **_scope(entry))  # type: ignore[arg-type]
    return None


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def on_warning(warning_id: int) -> None:
    warning = ExternalWarning.objects.filter(pk=warning_id).first()
    if warning is None:
        return
    municipality_ids = frozenset(warning.municipalities.values_list("pk", flat=True))
    if not municipality_ids:
        return
    with translation.override(settings.LANGUAGE_CODE):
        trigger = Trigger(
            AlertKind.WARNING, f"warning:{warning.identifier}:{warning.level}",
            f"{warning.get_level_display()}: {warning.headline or warning.event}",
            "\n".join(filter(None, [warning.area_name, warning.description, _("From %(start)s to %(end)s.") % {
                "start": _local(warning.starts_at) if warning.starts_at else "–",
                "end": _local(warning.ends_at) if warning.ends_at else _("further notice")}])),
            lambda user: scope.readable_municipalities(user).filter(pk__in=municipality_ids).exists(),
            municipality_ids=municipality_ids)
    dispatch(trigger)


def check_silent(now: dt.datetime | None = None) -> int:
    """Alert on every point that is silent now; returns how many silent points were found."""
    now = now or timezone.now()
    found = 0
    with translation.override(settings.LANGUAGE_CODE):
        for event in Event.objects.filter(ends_at__isnull=True).prefetch_related("municipalities"):
            if event.exercise and not settings.ALERTS_FOR_EXERCISES:
                continue
            points = Point.objects.filter(op_statuses__event=event).select_related("municipality")
            for row in picture.rows(event, points, now):
                if row.silent:
                    found += 1
                    dispatch(_silent_trigger(event, row, now), now)
    return found


def _silent_trigger(event: Event, row: picture.Row, now: dt.datetime) -> Trigger:
    point = row.status.point
    last = row.status.last_contact_at or row.status.since
    minutes = int((now - last).total_seconds() // 60) if last else None
    silent = _("silent")
    return Trigger(
        AlertKind.SILENT, f"silent:{event.pk}:{point.pk}:{last.isoformat() if last else ''}",
        f"{'ÖVNING – ' if event.exercise else ''}{point.name}: {silent}",
        _("%(point)s has not reported for %(minutes)s minutes (%(event)s). Call the point.") % {
            "point": point.name, "minutes": minutes if minutes is not None else "–", "event": event.name},
        lambda user: access.situation_points(user, event).filter(pk=point.pk).exists(),
        municipality_ids=frozenset({point.municipality_id}), point_id=point.pk, event_id=event.pk, once=True)
