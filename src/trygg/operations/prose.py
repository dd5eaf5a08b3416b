"""Log entries as sentences a duty officer reads: labels and units, never internal keys.

`entry_sentence` is the one place that says how an entry of each kind reads; the event page,
the timeline and the alerts use it. Text a person wrote is kept as written.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.operations.decisions import MANDATES
from trygg.operations.lifecycle import (
    OpState,
    PowerSource,
    Water,
    power_label,
    state_label,
    water_label,
)
from trygg.operations.models import EntryKind, LogEntry
from trygg.registry.choices import label
from trygg.rules.catalogue import FUNCTIONS


def figure(value: Any) -> str:
    """20 or 4,5: whole numbers without decimals, others with one, in the active language's style."""
    try:
        number = round(float(value), 1)
    except (TypeError, ValueError):
        return str(value)
    return number_format(int(number) if number.is_integer() else number, 0 if number.is_integer() else 1)


def _status_parts(data: dict[str, Any]) -> list[str]:
    parts = []
    if data.get("people_present") is not None:
        n = int(data["people_present"])
        parts.append(ngettext("%(n)s person present", "%(n)s people present", n) % {"n": figure(n)})
    if data.get("staff_on_site") is not None:
        n = int(data["staff_on_site"])
        parts.append(ngettext("%(n)s staff member on site", "%(n)s staff on site", n) % {"n": figure(n)})
    if data.get("power_source") in PowerSource.__members__.values():
        parts.append(power_label(data["power_source"]))
    if data.get("fuel_l") is not None:
        parts.append(_("%(litres)s l of fuel left") % {"litres": figure(data["fuel_l"])})
    if data.get("indoor_temp_c") is not None:
        parts.append(_("%(degrees)s °C indoors") % {"degrees": figure(data["indoor_temp_c"])})
    if data.get("water") in Water.__members__.values():
        parts.append(water_label(data["water"]))
    functions = [str(label(FUNCTIONS[c].label)) for c in data.get("functions_available") or [] if c in FUNCTIONS]
    if functions:
        parts.append(_("available: %(functions)s") % {"functions": ", ".join(functions)})
    return parts


def _status_sentence(data: dict[str, Any]) -> str:
    parts = _status_parts(data)
    sentence = (_("Report: %(facts)s.") % {"facts": "; ".join(parts)}) if parts else _("Report without figures.")
    for key, title in (("needs", _("Needs")), ("problems", _("Problems"))):
        if data.get(key):
            sentence += f" {title}: {data[key]}"
    return sentence


def _state_sentence(data: dict[str, Any]) -> str:
    state = data.get("state")
    if state not in OpState.__members__.values():
        return _("State change.")
    sentence = _("New state: %(state)s.") % {"state": state_label(state)}
    if data.get("level"):
        sentence += " " + _("Level %(level)s.") % {"level": data["level"]}
    if data.get("decision"):
        sentence += " " + _("By decision.")
    return sentence


def _decision_sentence(entry: LogEntry) -> str:
    data = entry.data
    n = len(data.get("points") or [])
    if data.get("action") == "activate":
        what = ngettext("Activate %(n)s point.", "Activate %(n)s points.", n) % {"n": n}
    elif data.get("action") == "close":
        what = ngettext("Close %(n)s point.", "Close %(n)s points.", n) % {"n": n}
    else:
        return entry.text
    who = ", ".join(filter(None, [data.get("decided_by", ""), str(MANDATES.get(data.get("mandate", ""), ""))]))
    decided = _("Decided by %(who)s.") % {"who": who}
    sentence = f"{what} {decided}" if who else what
    if data.get("level"):
        sentence += " " + _("Level %(level)s.") % {"level": data["level"]}
    why = _("Why")
    return f"{sentence} {why}: {entry.text}" if entry.text else sentence


def _provenance(entry: LogEntry) -> str:
    """Who noted an offline entry in the field, and whose package it came in: notes, never the author."""
    parts = []
    if entry.noted_by:
        parts.append(_("Noted by %(name)s.") % {"name": entry.noted_by})
    if entry.package_issued_to:
        parts.append(_("From a field package issued to %(user)s.") % {"user": entry.package_issued_to})
    return " ".join(parts)


def entry_sentence(entry: LogEntry) -> str:
    """What the entry says, as one or two sentences in the active language."""
    return " ".join(filter(None, (_what(entry), _provenance(entry))))


def _what(entry: LogEntry) -> str:
    if entry.kind == EntryKind.STATUS:
        sentence = _status_sentence(entry.data)
        return f"{sentence} {entry.text}".strip() if entry.text else sentence
    if entry.kind == EntryKind.STATE:
        sentence = _state_sentence(entry.data)
        return f"{sentence} {entry.text}".strip() if entry.text else sentence
    if entry.kind == EntryKind.DECISION:
        return _decision_sentence(entry)
    return entry.text
