"""What residents are told about a point (R9): help categories, status, messages.

One place decides which help a point offers the public, from the plan's
function and equipment codes in :mod:`trygg.rules.catalogue`; the finder
page, the feeds, the posters, the CAP messages and the radio text all read
it from here. The shapes below (:class:`PublicPoint`, :class:`PublicMessage`)
are what the web layer hands to the pure writers in :mod:`trygg.formats`.

Pure layer: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from trygg.rules.catalogue import EQUIPMENT, FUNCTIONS


class HelpCategory(StrEnum):
    """Help a resident can get at a point, in the words of the handbook (R9).

    ``overnight`` and ``fuel`` are added to the handbook's eight because a
    resident needs to know them too (a level 3 point takes people overnight;
    a SOT-punkt sells fuel).
    """

    WARMTH = "warmth"
    CHARGING = "charging"
    WATER = "water"
    FOOD = "food"
    TOILETS = "toilets"
    INFORMATION = "information"
    FIRST_AID = "first_aid"
    CRISIS_SUPPORT = "crisis_support"
    OVERNIGHT = "overnight"
    FUEL = "fuel"


@dataclass(frozen=True)
class HelpSource:
    """The plan codes that each on their own let a point promise a help category."""

    functions: frozenset[str] = frozenset()
    equipment: frozenset[str] = frozenset()


def _source(functions: Iterable[str] = (), equipment: Iterable[str] = ()) -> HelpSource:
    return HelpSource(frozenset(functions), frozenset(equipment))


# The one mapping from plan codes to what residents are promised. Conservative
# on purpose: charging needs the charging station in the equipment list, not
# just the "electricity" function, because a public promise must hold.
HELP_FROM_PLAN: dict[HelpCategory, HelpSource] = {
    HelpCategory.WARMTH: _source(functions=["heating"]),
    HelpCategory.CHARGING: _source(equipment=["phone_charging"]),
    HelpCategory.WATER: _source(functions=["drinking_water"], equipment=["emergency_water_tank"]),
    HelpCategory.FOOD: _source(functions=["food"]),
    HelpCategory.TOILETS: _source(functions=["hygiene_sanitation"], equipment=["latrine"]),
    HelpCategory.INFORMATION: _source(functions=["info_comms"]),
    HelpCategory.FIRST_AID: _source(functions=["basic_health_care"], equipment=["first_aid_kit", "defibrillator"]),
    HelpCategory.CRISIS_SUPPORT: _source(functions=["crisis_support"]),
    HelpCategory.OVERNIGHT: _source(functions=["overnight"]),
    HelpCategory.FUEL: _source(functions=["fuel"]),
}


def _check_codes_exist() -> None:
    for category, source in HELP_FROM_PLAN.items():
        unknown = (source.functions - FUNCTIONS.keys()) | (source.equipment - EQUIPMENT.keys())
        if unknown:
            raise RuntimeError(f"help category {category.value} names unknown catalogue codes {sorted(unknown)}")


_check_codes_exist()


def help_offered(functions: Iterable[str], equipment: Iterable[str]) -> tuple[HelpCategory, ...]:
    """The help categories a plan lets a point promise, in :class:`HelpCategory` order.

    Parameters
    ----------
    functions : iterable of str
        Function codes of the plan (``trygg.rules.catalogue.FUNCTIONS``).
    equipment : iterable of str
        Equipment codes the plan lists (quantity above zero).

    Examples
    --------
    >>> [c.value for c in help_offered({"heating", "info_comms"}, {"first_aid_kit"})]
    ['warmth', 'information', 'first_aid']
    """
    have_functions, have_equipment = set(functions), set(equipment)
    return tuple(
        category for category, source in HELP_FROM_PLAN.items()
        if source.functions & have_functions or source.equipment & have_equipment
    )


class PointStatus(StrEnum):
    """What a resident needs to know about a point right now."""

    PLANNED = "planned"  # no event: the point opens when the municipality decides
    OPEN = "open"
    FULL = "full"  # open, but takes no more people
    CLOSED = "closed"  # was open in this event and has closed


OPEN_STATUSES = frozenset({PointStatus.OPEN, PointStatus.FULL})


@dataclass(frozen=True)
class DailyHours:
    """Opening hours within a day, in minutes after midnight; ``(0, 1440)`` is around the clock."""

    open_min: int
    close_min: int

    @property
    def around_the_clock(self) -> bool:
        return self.open_min == 0 and self.close_min == 24 * 60


_AROUND_THE_CLOCK = re.compile(r"^\s*(dygnet runt|dygnet om|around the clock|24/7|24 h|00[:.]?00?\s*[–-]\s*24(?:[:.]00)?)\b",
                               re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:kl(?:ockan|\.)?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*[–—-]\s*(\d{1,2})(?:[:.](\d{2}))?(?!\d)")


def parse_daily_hours(text: str) -> DailyHours | None:
    """Daily hours from a municipality's free text, when it starts with a plain range.

    Understands "08–22 vid aktivering", "kl. 10.00-16.00", "Dygnet runt …" and
    "around the clock"; anything else (e.g. "Vardagar 10–18, helger 10–15")
    gives ``None`` so the text is shown as written rather than guessed at.

    Examples
    --------
    >>> parse_daily_hours("08–22 vid aktivering")
    DailyHours(open_min=480, close_min=1320)
    >>> parse_daily_hours("Dygnet runt vid aktivering").around_the_clock
    True
    >>> parse_daily_hours("Vardagar 10–18") is None
    True
    """
    if _AROUND_THE_CLOCK.match(text):
        return DailyHours(0, 24 * 60)
    match = _RANGE.match(text)
    if not match:
        return None
    open_h, open_m, close_h, close_m = (int(g) if g else 0 for g in match.groups())
    if open_h > 24 or close_h > 24 or open_m > 59 or close_m > 59:
        return None
    start, end = open_h * 60 + open_m, close_h * 60 + close_m
    if not 0 <= start < end <= 24 * 60:
        return None
    return DailyHours(start, end)


@dataclass(frozen=True)
class PublicPoint:
    """One point as residents see it: only what may be published.

    Every text field is free text entered by staff and must be escaped by
    whatever renders it (HTML, XML, PDF); nothing here is markup.
    ``updated`` is when the point's record last changed (time zone aware).
    """

    id: int
    name: str
    kind: str
    municipality_code: str
    municipality_name: str
    level: int
    status: PointStatus
    updated: datetime
    ref: str = ""
    lat: float | None = None
    lon: float | None = None
    site_name: str = ""
    address: str = ""
    postal_code: str = ""
    locality: str = ""
    location_approximate: bool = False
    opening_hours: str = ""
    daily_hours: DailyHours | None = None
    help: tuple[HelpCategory, ...] = ()
    accessible: bool | None = None
    accessibility_notes: str = ""
    languages: tuple[str, ...] = ()
    capacity_day: int = 0
    capacity_night: int = 0
    note: str = ""  # a public note on the current status, e.g. "Full: go to Föllinge instead"
    status_since: datetime | None = None
    alarms_112_in_outage: bool = False  # staff can reach SOS Alarm here without mains power or mobile network

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MessageKind(StrEnum):
    """What a public message announces (CAP msgType in brackets)."""

    OPENING = "opening"  # points open (Alert)
    UPDATE = "update"  # points changed: opened, full, closed, new hours (Update)
    CLOSING = "closing"  # every point of the event has closed (Cancel of the earlier messages)


@dataclass(frozen=True)
class MessageRef:
    """An earlier message, as CAP ``references`` names it: sender, identifier and time sent."""

    sender: str
    identifier: str
    sent: datetime


@dataclass(frozen=True)
class PublicMessage:
    """One public announcement about points in one municipality.

    The operations layer creates these when points open, change or close;
    :mod:`trygg.formats.cap`, :mod:`trygg.formats.atom` and
    :mod:`trygg.formats.radio` turn each into CAP XML, an Atom entry and the
    text a P4 presenter reads.

    Parameters
    ----------
    identifier : str
        Unique for the sender; no spaces, commas, ``<`` or ``&`` (CAP).
    sender : str
        The CAP sender id, e.g. ``kommun-2309@trygg.example.se``.
    sent : datetime
        Time zone aware.
    reason : str
        Why, in one or two sentences ("Strömavbrott i stora delar av kommunen.").
        Swedish; ``reason_en`` is the English version (empty: none given).
    points : tuple of PublicPoint
        The points the message is about, each with its status at ``sent``.
    exercise : bool
        An exercise: CAP status ``Exercise``, and the radio text says so.
    references : tuple of MessageRef
        The earlier messages an update or closing follows.
    """

    identifier: str
    kind: MessageKind
    sender: str
    sent: datetime
    municipality_code: str
    municipality_name: str
    reason: str
    points: tuple[PublicPoint, ...]
    county_name: str = ""
    reason_en: str = ""
    exercise: bool = False
    references: tuple[MessageRef, ...] = ()
    expires: datetime | None = None
    event_name: str = ""
    web: str = ""  # a page with more information (the municipality's public page)

    @property
    def ref(self) -> MessageRef:
        return MessageRef(self.sender, self.identifier, self.sent)


@dataclass(frozen=True)
class Locality:
    """A locality (SCB tätort) a resident can pick instead of sharing their position."""

    code: str
    name: str
    municipality_code: str
    lon: float
    lat: float
    population: int = 0
