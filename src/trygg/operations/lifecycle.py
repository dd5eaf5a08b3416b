"""The operational lifecycle of a point in an event (R8), and what a status report may say.

Shared by models, forms, API and projection: one source of truth for the
states, their allowed moves, their labels and the sanity bounds of a report.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class OpState(StrEnum):
    STANDBY = "standby"  # activation decided, not yet opening
    OPENING = "opening"
    OPEN = "open"
    FULL = "full"
    CLOSING = "closing"
    CLOSED = "closed"
    READY = "ready"  # back to ready after closing: restocked and reset


# Allowed moves; a correction entry may set any state.
TRANSITIONS: dict[OpState, frozenset[OpState]] = {
    OpState.STANDBY: frozenset({OpState.OPENING, OpState.CLOSED}),
    OpState.OPENING: frozenset({OpState.OPEN, OpState.CLOSING}),
    OpState.OPEN: frozenset({OpState.FULL, OpState.CLOSING}),
    OpState.FULL: frozenset({OpState.OPEN, OpState.CLOSING}),
    OpState.CLOSING: frozenset({OpState.CLOSED}),
    OpState.CLOSED: frozenset({OpState.READY, OpState.STANDBY}),
    OpState.READY: frozenset({OpState.STANDBY}),
}

# States in which the point receives people (public "open").
RECEIVING = frozenset({OpState.OPEN, OpState.FULL})


class PowerSource(StrEnum):
    MAINS = "mains"
    BACKUP = "backup"
    NONE = "none"


class Water(StrEnum):
    OK = "ok"
    LIMITED = "limited"
    NONE = "none"


# Sanity bounds for a status report: beyond these a number is a typo, not a report.
MAX_PEOPLE_FACTOR = 3  # people present may exceed planned capacity in a crisis, but not threefold
MAX_PEOPLE_ABSOLUTE = 5000
INDOOR_TEMP_RANGE_C = (-40.0, 45.0)
MAX_FUTURE_SKEW_MIN = 10  # a clock may run a little fast; an hour ahead is an error
MAX_STAFF_ON_SITE = 500
MAX_REPORT_TEXT = 2000  # characters of needs or problems kept from one report
DEFAULT_REPORT_INTERVAL_MIN = 120


def can_move(current: OpState | None, new: OpState) -> bool:
    if current is None:
        return new in (OpState.STANDBY, OpState.OPENING)
    return new in TRANSITIONS[current]


STATE_LABELS = {
    OpState.STANDBY: _("standby"), OpState.OPENING: _("opening"), OpState.OPEN: _("open"), OpState.FULL: _("full"),
    OpState.CLOSING: _("closing"), OpState.CLOSED: _("closed"), OpState.READY: _("ready"),
}
POWER_LABELS = {PowerSource.MAINS: _("mains"), PowerSource.BACKUP: _("backup power"), PowerSource.NONE: _("no power")}
WATER_LABELS = {Water.OK: _("water works"), Water.LIMITED: _("limited water"), Water.NONE: _("no water")}


def state_label(state: str | None) -> str:
    return str(STATE_LABELS[OpState(state)]) if state else "–"


def water_label(water: str | None) -> str:
    return str(WATER_LABELS[Water(water)]) if water else "–"


def power_label(source: str | None) -> str:
    return str(POWER_LABELS[PowerSource(source)]) if source else "–"
