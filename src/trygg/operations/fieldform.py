"""The one definition of the field report: what staff at a point report, in which order.

The same list drives the offline field page (``trygg.operations.views.fieldapp``) and the
paper form in the printed binder (``public/binder.html``), so the two never drift apart.
Each field says which log entry it goes into: a status report field, a state change, or
a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trygg.operations.lifecycle import (
    INDOOR_TEMP_RANGE_C,
    MAX_PEOPLE_ABSOLUTE,
    MAX_REPORT_TEXT,
    MAX_STAFF_ON_SITE,
    POWER_LABELS,
    STATE_LABELS,
    WATER_LABELS,
    OpState,
)
from trygg.registry.choices import FUNCTION_CHOICES
from trygg.rules.levels import MAX_FUEL_L


class Widget(StrEnum):
    NUMBER = "number"  # a number, written on a line on paper
    CHOICE = "choice"  # one of a few, big radio tiles / boxes to tick
    MULTI = "multi"  # any of several, checkboxes / boxes to tick
    TEXT = "text"  # free text, several lines on paper


class Goes(StrEnum):
    """Which log entry a field's value is sent in."""

    STATUS = "status"
    STATE = "state"
    NOTE = "note"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: Promise
    widget: Widget
    goes: Goes = Goes.STATUS
    choices: tuple[tuple[str, str | Promise], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    step: str = "1"
    max_length: int = MAX_REPORT_TEXT
    paper_lines: int = 1


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("state", _("State change"), Widget.CHOICE, goes=Goes.STATE,
              choices=tuple((s.value, STATE_LABELS[s]) for s in OpState)),
    FieldSpec("people_present", _("People present"), Widget.NUMBER, minimum=0, maximum=MAX_PEOPLE_ABSOLUTE),
    FieldSpec("staff_on_site", _("Staff on site"), Widget.NUMBER, minimum=0, maximum=MAX_STAFF_ON_SITE),
    FieldSpec("power_source", _("Power"), Widget.CHOICE, choices=tuple(POWER_LABELS.items())),
    FieldSpec("fuel_l", _("Fuel left (litres)"), Widget.NUMBER, minimum=0, maximum=MAX_FUEL_L, step="any"),
    FieldSpec("indoor_temp_c", _("Indoor temperature (°C)"), Widget.NUMBER, minimum=INDOOR_TEMP_RANGE_C[0],
              maximum=INDOOR_TEMP_RANGE_C[1], step="any"),
    FieldSpec("water", _("Water"), Widget.CHOICE, choices=tuple(WATER_LABELS.items())),
    FieldSpec("functions_available", _("Services available now"), Widget.MULTI, choices=tuple(FUNCTION_CHOICES)),
    FieldSpec("needs", _("Needs"), Widget.TEXT, paper_lines=2),
    FieldSpec("problems", _("Problems"), Widget.TEXT, paper_lines=2),
    FieldSpec("note", _("Note to the log"), Widget.TEXT, goes=Goes.NOTE, max_length=20_000, paper_lines=3),
)


def status_field_names() -> tuple[str, ...]:
    """The fields that go into a status report (the API's status report fields)."""
    return tuple(f.name for f in FIELDS if f.goes == Goes.STATUS)


def choice_label(spec: FieldSpec, value: str) -> str:
    return next((str(label) for code, label in spec.choices if code == value), value)
