"""Registry history read as changes: who changed which field of what, when, old → new.

django-simple-history stores a full copy of a record per save; this module
compares each copy with the one before it and words the difference the way a
reader sees the record (choice labels, Yes/No, related records by name).
The queries are one per history table, one per m2m snapshot table and one per
kind of related record named, however many rows there are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from trygg.accounts.models import Membership
from trygg.formats.csvfile import csv_text
from trygg.registry.models import (
    Agreement,
    Exercise,
    Organisation,
    Plan,
    PlanEquipment,
    PlanFunction,
    Point,
    Routine,
    Site,
    StaffNeed,
)
from trygg.shared.history import BASELINE_REASON, DEMO_LOAD_REASON

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ACTION_LABELS = {"created": gettext_lazy("created"), "changed": gettext_lazy("changed"),
                 "deleted": gettext_lazy("deleted")}
# Who wrote a row that carries no user but a reason.
REASON_LABELS = {DEMO_LOAD_REASON: gettext_lazy("Demo load"),
                 BASELINE_REASON: gettext_lazy("Before history was recorded")}
# Relations a record's name reads (Plan: "Plan for <point>"), fetched with the records.
_LABEL_RELATIONS: dict[type[models.Model], list[str]] = {
    Plan: ["point"], Routine: ["point"], Membership: ["user", "organisation"]}


@dataclass(frozen=True)
class Change:
    """One changed field of one record (or its creation or deletion)."""

    when: dt.datetime
    who: str
    record_kind: str
    record: str
    action: str
    field: str
    old: str
    new: str
    history_id: int

    def as_row(self) -> dict[str, str]:
        return {**asdict(self), "when": timezone.localtime(self.when).isoformat(timespec="seconds"),
                "history_id": str(self.history_id)}


@dataclass
class _RawChange:
    row: Any
    field: models.Field[Any, Any] | None
    old: Any
    new: Any


def _tracked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    historical = model.history.model  # type: ignore[attr-defined]
    names = {f.name for f in historical._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name in names and f.name != "id"]


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    historical = model.history.model  # type: ignore[attr-defined]
    return list(getattr(historical, "_history_m2m_fields", []))


def _m2m_sets(model: type[models.Model], history_ids: list[int]) -> dict[tuple[str, int], frozenset[int]]:
    """Each history row's m2m snapshot: (field name, history id) → target ids."""
    sets: dict[tuple[str, int], set[int]] = defaultdict(set)
    for field in _m2m_fields(model):
        table = HistoricalRecords.m2m_models[field]
        target = table._meta.get_field(field.m2m_reverse_field_name()).attname
        for history_id, target_id in table.objects.filter(history_id__in=history_ids).values_list("history_id", target):
            sets[(field.name, history_id)].add(target_id)
    return {key: frozenset(value) for key, value in sets.items()}


def _raw_changes(model: type[models.Model], rows: list[Any]) -> list[_RawChange]:
    """Compare each history row with the previous row of the same record."""
    fields = _tracked_fields(model)
    m2m = _m2m_fields(model)
    sets = _m2m_sets(model, [r.history_id for r in rows]) if m2m else {}
    previous: dict[int, Any] = {}
    found: list[_RawChange] = []
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        previous[row.id] = row
        if row.history_type != "~" or before is None:
            found.append(_RawChange(row, None, None, None))
            continue
        for field in fields:
            old, new = getattr(before, field.attname), getattr(row, field.attname)
            if old != new:
                found.append(_RawChange(row, field, old, new))
        for field in m2m:
            old = sets.get((field.name, before.history_id), frozenset())
            new = sets.get((field.name, row.history_id), frozenset())
            if old != new:
                found.append(_RawChange(row, field, old, new))
    return found


class _Names:
    """Names of related records, fetched once per model for all changes."""

    def __init__(self, raw: Iterable[_RawChange]) -> None:
        wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        for change in raw:
            if change.field is not None and change.field.is_relation:
                for value in (change.old, change.new):
                    wanted[_related(change.field)].update(_ids(value))
        self._names = {model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(ids).items()}
                       for model, ids in wanted.items()}

    def of(self, model: type[models.Model], pk: int) -> str:
        return self._names.get(model, {}).get(pk) or _("#%(id)s (removed)") % {"id": pk}


def _related(field: models.Field[Any, Any]) -> type[models.Model]:
    """The model a relation points to ("self" and lazy names are resolved once the apps are loaded)."""
    model = field.related_model
    if not isinstance(model, type):
        raise TypeError(f"{field} is not a resolved relation")
    return model


def _ids(value: Any) -> set[int]:
    if value is None:
        return set()
    return set(value) if isinstance(value, frozenset) else {value}


def display_value(field: models.Field[Any, Any], value: Any, names: _Names) -> str:
    """A stored value as a reader sees it."""
    if value is None or value == "":
        return "–"
    if field.many_to_many:
        return ", ".join(sorted(names.of(_related(field), pk) for pk in value)) or "–"
    if field.is_relation:
        return names.of(_related(field), value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _who(row: Any) -> str:
    user = row.history_user
    if user is not None:
        return str(user.get_full_name() or user.get_username())
    reason = row.history_change_reason
    if reason:
        return str(REASON_LABELS.get(reason, reason))
    return _("system")


class _Labels:
    """Names of the changed records: the record as it is now, or its last copy when it is gone."""

    def __init__(self, model: type[models.Model], rows: list[Any]) -> None:
        self.model = model
        query = model._default_manager.select_related(*_LABEL_RELATIONS.get(model, []))
        self._current = {pk: str(obj) for pk, obj in query.in_bulk({r.id for r in rows}).items()}

    def of(self, row: Any) -> str:
        if row.id in self._current:
            return self._current[row.id]
        if self.model in _LABEL_RELATIONS:  # its name reads a row that may be gone too
            return f"{self.model._meta.verbose_name} #{row.id}"
        return str(row.instance)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize() would lower "kW"


def _worded(model: type[models.Model], raw: list[_RawChange]) -> list[Change]:
    names = _Names(raw)
    labels = _Labels(model, [change.row for change in raw])
    kind = _sentence_case(str(model._meta.verbose_name))
    changes = []
    for change in raw:
        row, field = change.row, change.field
        if row.history_change_reason == BASELINE_REASON:
            continue  # only the state later changes are compared with, not a change itself
        changes.append(Change(
            when=row.history_date, who=_who(row), record_kind=kind, record=labels.of(row),
            action=ACTIONS[row.history_type],
            field=_sentence_case(str(field.verbose_name)) if field is not None else "",
            old=display_value(field, change.old, names) if field is not None else "",
            new=display_value(field, change.new, names) if field is not None else "",
            history_id=row.history_id,
        ))
    return changes


def _history_rows(model: type[models.Model], **filters: Any) -> list[Any]:
    return list(model.history.filter(**filters).select_related("history_user"))  # type: ignore[attr-defined]


def changes_of(sources: Iterable[tuple[type[models.Model], dict[str, Any]]],
               since: dt.datetime | None = None) -> list[Change]:
    """The changes of each (model, history filter) source, newest first.

    A record's first row in the window is compared with nothing, so the
    filters select whole records and ``since`` is applied after comparing.
    """
    changes: list[Change] = []
    for model, filters in sources:
        changes += _worded(model, _raw_changes(model, _history_rows(model, **filters)))
    if since is not None:
        changes = [c for c in changes if c.when >= since]
    return sorted(changes, key=lambda c: (c.when, c.history_id), reverse=True)


def _ever_linked(model: type[models.Model], m2m_name: str, target_pk: int) -> list[int]:
    """Records whose m2m field holds or once held ``target_pk`` (a link removed still shows)."""
    field = model._meta.get_field(m2m_name)
    if not isinstance(field, models.ManyToManyField):
        raise TypeError(f"{model.__name__}.{m2m_name} is not a many-to-many field")
    table = HistoricalRecords.m2m_models[field]
    target = table._meta.get_field(field.m2m_reverse_field_name()).attname
    source = table._meta.get_field(field.m2m_field_name()).attname
    return list(table.objects.filter(**{target: target_pk}).values_list(source, flat=True).distinct())


def point_sources(point: Point) -> list[tuple[type[models.Model], dict[str, Any]]]:
    """What the point's page counts as its own: the point, its sites, plan and records."""
    plan_ids = list(Plan.history.filter(point_id=point.pk).values_list("id", flat=True).distinct())
    site_ids = set(point.sites.values_list("pk", flat=True))
    site_ids.update(HistoricalRecords.m2m_models[Point._meta.get_field("sites")].objects
                    .filter(point_id=point.pk).values_list("site_id", flat=True))
    return [
        (Point, {"id": point.pk}),
        (Site, {"id__in": sorted(site_ids)}),
        (Plan, {"point_id": point.pk}),
        (PlanFunction, {"plan_id__in": plan_ids}),
        (StaffNeed, {"plan_id__in": plan_ids}),
        (PlanEquipment, {"plan_id__in": plan_ids}),
        (Routine, {"point_id": point.pk}),
        (Agreement, {"id__in": _ever_linked(Agreement, "points", point.pk)}),
        (Exercise, {"id__in": _ever_linked(Exercise, "points", point.pk)}),
        (Membership, {"id__in": _ever_linked(Membership, "points", point.pk)}),
    ]


def municipality_sources(municipality: Organisation) -> list[tuple[type[models.Model], dict[str, Any]]]:
    """Everything of one municipality: its organisations, sites, points, plans, records, members."""
    mun = municipality.pk
    point_ids = list(Point.history.filter(municipality_id=mun).values_list("id", flat=True).distinct())
    plan_ids = list(Plan.history.filter(point_id__in=point_ids).values_list("id", flat=True).distinct())
    org_ids = list(Organisation.history.filter(
        models.Q(id=mun) | models.Q(parent_id=mun)).values_list("id", flat=True).distinct())
    return [
        (Organisation, {"id__in": org_ids}),
        (Site, {"municipality_id": mun}),
        (Point, {"id__in": point_ids}),
        (Plan, {"id__in": plan_ids}),
        (PlanFunction, {"plan_id__in": plan_ids}),
        (StaffNeed, {"plan_id__in": plan_ids}),
        (PlanEquipment, {"plan_id__in": plan_ids}),
        (Routine, {"point_id__in": point_ids}),
        (Agreement, {"municipality_id": mun}),
        (Exercise, {"municipality_id": mun}),
        (Membership, {"organisation_id__in": org_ids}),
    ]


def all_sources() -> list[tuple[type[models.Model], dict[str, Any]]]:
    """Every history table, whole."""
    return [(model, {}) for model in (Organisation, Site, Point, Plan, PlanFunction, StaffNeed, PlanEquipment,
                                      Routine, Agreement, Exercise, Membership)]


CSV_COLUMNS = ("when", "who", "record_kind", "record", "action", "field", "old", "new", "history_id")


def changes_csv(changes: Iterable[Change]) -> str:
    """One row per changed field; cells a spreadsheet would run as formulas get a leading apostrophe.

    Written by trygg's one CSV writer (:mod:`trygg.formats.csvfile`).
    """
    return csv_text(CSV_COLUMNS, ([change.as_row()[name] for name in CSV_COLUMNS] for change in changes))


def changes_json(changes: Iterable[Change]) -> str:
    return json.dumps([change.as_row() for change in changes], ensure_ascii=False, indent=1)
