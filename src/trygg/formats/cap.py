"""CAP 1.2 (OASIS Common Alerting Protocol) messages for point openings, updates and closings.

Two layers: plain dataclasses for a CAP alert (:class:`CapAlert`,
:class:`CapInfo`, :class:`CapArea`) with a writer that refuses anything the
standard forbids and validates every document against the official schema
(``schemas/cap-1.2.xsd``, bundled); and :func:`message_to_alert`, which
turns a :class:`~trygg.rules.public_info.PublicMessage` into an alert with a
Swedish and an English ``info`` block.

Choices (no Swedish CAP profile exists, see ``docs/public.md``):

* opening → ``msgType`` Alert, update → Update, closing → Cancel of the
  earlier messages (so a consumer removes them); ``responseType`` Shelter
  while points are open, AllClear on closing;
* ``category`` Safety and Infra; ``urgency`` Expected (Past on closing);
  ``severity`` Moderate (Minor on closing); ``certainty`` Observed;
* one ``area`` per point: a circle around it (``"lat,lon radius_km"``,
  latitude first) and the SCB municipality code as ``geocode`` with
  ``valueName`` :data:`SCB_GEOCODE`;
* an exercise is ``status`` Exercise and says so in ``note`` and headline.

Pure layer: lxml, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from trygg.formats.public_text import HELP_NAMES, STATUS_NAMES, join_words
from trygg.rules.public_info import MessageKind, MessageRef, PointStatus, PublicMessage, PublicPoint
from trygg.text import N_, Text, TextError

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_MIME_TYPE = "application/cap+xml"
SCHEMA_PATH = Path(__file__).with_name("schemas") / "cap-1.2.xsd"
SCB_GEOCODE = "SE-SCB-kommunkod"  # the valueName of the SCB municipality code (4 digits)
DEFAULT_RADIUS_KM = 2.0  # the circle around a point: the village or town part it serves

STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES = ("Public", "Restricted", "Private")
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra",
              "CBRNE", "Other")
RESPONSE_TYPES = ("Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

# Characters XML 1.0 forbids (control characters a paste from another program may carry).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CAP_ID_FORBIDDEN = re.compile(r"[\s,<&]")


class CapError(TextError):
    """An alert that would not be valid CAP 1.2; the message (a translatable text) names the element and value."""


@dataclass(frozen=True)
class Geocode:
    value_name: str
    value: str


@dataclass(frozen=True)
class Circle:
    """A circle: centre in WGS 84 degrees, radius in km."""

    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class CapArea:
    description: str
    circles: tuple[Circle, ...] = ()
    geocodes: tuple[Geocode, ...] = ()


@dataclass(frozen=True)
class CapParameter:
    value_name: str
    value: str


@dataclass(frozen=True)
class CapInfo:
    """One ``info`` block: one language's text about the event."""

    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    response_types: tuple[str, ...] = ()
    sender_name: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    web: str = ""
    contact: str = ""
    effective: datetime | None = None
    expires: datetime | None = None
    parameters: tuple[CapParameter, ...] = ()
    areas: tuple[CapArea, ...] = ()


@dataclass(frozen=True)
class CapAlert:
    """A CAP ``alert``; ``references`` are earlier messages this one updates or cancels."""

    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    infos: tuple[CapInfo, ...]
    scope: str = "Public"
    note: str = ""
    references: tuple[MessageRef, ...] = ()


# --- writing -------------------------------------------------------------------


def cap_datetime(value: datetime, element: str = "sent") -> str:
    """``2026-01-05T14:00:00+01:00``: explicit offset, whole seconds, never ``Z`` (CAP 1.2 §3.3.2).

    Examples
    --------
    >>> from datetime import timezone
    >>> cap_datetime(datetime(2026, 1, 5, 13, 0, 0, 512, tzinfo=timezone.utc))
    '2026-01-05T13:00:00+00:00'
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise CapError(N_("<{element}> {time} has no time zone: CAP needs an explicit offset", element=element,
                          time=value.isoformat()))
    return value.replace(microsecond=0).isoformat()


def xml_text(value: str) -> str:
    """``value`` without the control characters XML 1.0 cannot carry (they come with pasted text)."""
    return _XML_ILLEGAL.sub("", value)


def _check_choice(value: str, allowed: tuple[str, ...], element: str) -> None:
    if value not in allowed:
        raise CapError(N_("<{element}> must be one of {allowed}, not {value!r}", element=element,
                          allowed=", ".join(allowed), value=value))


def _check_token(value: str, element: str) -> None:
    if not value or _CAP_ID_FORBIDDEN.search(value):
        raise CapError(N_("<{element}> must be non-empty without spaces, commas, '<' or '&': {value!r}",
                          element=element, value=value))


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
    if text is not None:
        element.text = xml_text(text)
    return element


def _coordinate(value: float, low: float, high: float, what: Text) -> str:
    if not low <= value <= high:
        raise CapError(N_("<circle> {what} {value!r} is outside {low}…{high}", what=what, value=value, low=low,
                          high=high))
    return f"{value:.5f}".rstrip("0").rstrip(".")


def circle_text(circle: Circle) -> str:
    """``"lat,lon radius"``: latitude first, the opposite of GeoJSON.

    Examples
    --------
    >>> circle_text(Circle(63.3296, 14.4611, 2.0))
    '63.3296,14.4611 2.0'
    """
    if not circle.radius_km > 0:
        raise CapError(N_("<circle> radius must be above 0 km, not {radius!r}", radius=circle.radius_km))
    lat = _coordinate(circle.lat, -90, 90, N_("latitude"))
    lon = _coordinate(circle.lon, -180, 180, N_("longitude"))
    return f"{lat},{lon} {round(circle.radius_km, 3)}"


def _write_area(parent: etree._Element, area: CapArea) -> None:
    element = _sub(parent, "area")
    _sub(element, "areaDesc", area.description or "-")
    for circle in area.circles:
        _sub(element, "circle", circle_text(circle))
    for code in area.geocodes:
        geocode = _sub(element, "geocode")
        _sub(geocode, "valueName", code.value_name)
        _sub(geocode, "value", code.value)


def _write_info(parent: etree._Element, info: CapInfo) -> None:
    if not info.categories:
        raise CapError(N_("<info> needs at least one <category>"))
    for category in info.categories:
        _check_choice(category, CATEGORIES, "category")
    for response in info.response_types:
        _check_choice(response, RESPONSE_TYPES, "responseType")
    _check_choice(info.urgency, URGENCIES, "urgency")
    _check_choice(info.severity, SEVERITIES, "severity")
    _check_choice(info.certainty, CERTAINTIES, "certainty")
    element = _sub(parent, "info")
    _sub(element, "language", info.language)
    for category in info.categories:
        _sub(element, "category", category)
    _sub(element, "event", info.event)
    for response in info.response_types:
        _sub(element, "responseType", response)
    _sub(element, "urgency", info.urgency)
    _sub(element, "severity", info.severity)
    _sub(element, "certainty", info.certainty)
    if info.effective:
        _sub(element, "effective", cap_datetime(info.effective, "effective"))
    if info.expires:
        _sub(element, "expires", cap_datetime(info.expires, "expires"))
    optional = (("senderName", info.sender_name), ("headline", info.headline), ("description", info.description),
                ("instruction", info.instruction), ("web", info.web), ("contact", info.contact))
    for name, value in optional:
        if value:
            _sub(element, name, value)
    for parameter in info.parameters:
        p = _sub(element, "parameter")
        _sub(p, "valueName", parameter.value_name)
        _sub(p, "value", parameter.value)
    for area in info.areas:
        _write_area(element, area)


def references_text(references: tuple[MessageRef, ...]) -> str:
    """CAP ``references``: "sender,identifier,sent" for each, separated by spaces."""
    for ref in references:
        _check_token(ref.sender, "references sender")
        _check_token(ref.identifier, "references identifier")
    return " ".join(f"{r.sender},{r.identifier},{cap_datetime(r.sent, 'references')}" for r in references)


def alert_to_xml(alert: CapAlert) -> bytes:
    """The alert as a CAP 1.2 document (UTF-8), checked against the official schema.

    Raises
    ------
    CapError
        For a value CAP forbids (named in the message), or if the document
        does not validate.
    """
    _check_token(alert.identifier, "identifier")
    _check_token(alert.sender, "sender")
    _check_choice(alert.status, STATUSES, "status")
    _check_choice(alert.msg_type, MSG_TYPES, "msgType")
    _check_choice(alert.scope, SCOPES, "scope")
    if alert.msg_type in ("Update", "Cancel") and not alert.references:
        raise CapError(N_("a {msg_type} must name the earlier message(s) in <references>", msg_type=alert.msg_type))
    root = etree.Element(f"{{{CAP_NAMESPACE}}}alert", nsmap={None: CAP_NAMESPACE})
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", alert.sender)
    _sub(root, "sent", cap_datetime(alert.sent))
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", alert.scope)
    if alert.note:
        _sub(root, "note", alert.note)
    if alert.references:
        _sub(root, "references", references_text(alert.references))
    for info in alert.infos:
        _write_info(root, info)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate_cap(xml)
    return bytes(xml)


@lru_cache(maxsize=1)
def cap_schema() -> etree.XMLSchema:
    """The official OASIS CAP 1.2 schema, compiled once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate_cap(xml: bytes) -> None:
    """Raise :class:`CapError` listing the schema's complaints unless ``xml`` is valid CAP 1.2."""
    schema = cap_schema()
    document = etree.fromstring(xml)
    if not schema.validate(document):
        problems = "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise CapError(N_("not valid CAP 1.2: {problems}", problems=problems))


# --- from a public message -------------------------------------------------------

_WORDS = {
    "sv": {
        "event": "Trygghetspunkt",
        "opening": "Trygghetspunkter har öppnat i {place}",
        "opening_one": "Trygghetspunkt har öppnat i {place}: {name}",
        "update": "Ändrat läge för trygghetspunkter i {place}",
        "closing": "Trygghetspunkterna i {place} har stängt",
        "exercise": "ÖVNING: ",
        "hours": "Öppet",
        "help": "Hjälp",
        "instruction": ("Gå till en trygghetspunkt om du behöver värme, vatten, information eller hjälp att larma. "
                        "Ta med dina mediciner, varma kläder, telefon och laddare. "
                        "Stanna hemma om du kan hålla värmen där."),
        "instruction_closing": "Trygghetspunkterna har stängt. Mer information: krisinformation.se och 113 13.",
        "contact": "113 13 (information om allvarliga händelser)",
    },
    "en": {
        "event": "Safety point (trygghetspunkt)",
        "opening": "Safety points have opened in {place}",
        "opening_one": "A safety point has opened in {place}: {name}",
        "update": "Safety points in {place}: changes",
        "closing": "The safety points in {place} have closed",
        "exercise": "EXERCISE: ",
        "hours": "Open",
        "help": "Help",
        "instruction": ("Go to a safety point if you need warmth, water, information or to call emergency services. "
                        "Bring your medicines, warm clothes, your phone and charger. "
                        "Stay at home if you can keep warm there."),
        "instruction_closing": "The safety points have closed. More information: krisinformation.se and 113 13.",
        "contact": "113 13 (Sweden's information number for serious events)",
    },
}

_MSG_TYPE = {MessageKind.OPENING: "Alert", MessageKind.UPDATE: "Update", MessageKind.CLOSING: "Cancel"}


def _point_line(point: PublicPoint, language: str) -> str:
    w = _WORDS[language]
    where = ", ".join(part for part in (point.address, point.locality) if part)
    parts = [f"{point.name} ({STATUS_NAMES[language][point.status]})"]
    if where:
        parts.append(where)
    if point.opening_hours and point.status is not PointStatus.CLOSED:
        parts.append(f"{w['hours']}: {point.opening_hours}")
    if point.help and point.status is not PointStatus.CLOSED:
        parts.append(f"{w['help']}: {join_words([HELP_NAMES[language][c] for c in point.help], language)}")
    if point.note:
        parts.append(point.note)
    return ". ".join(p.rstrip(". ") for p in parts) + "."


def _headline(message: PublicMessage, language: str) -> str:
    w = _WORDS[language]
    place = message.municipality_name
    if message.kind is MessageKind.OPENING:
        headline = (w["opening_one"].format(place=place, name=message.points[0].name) if len(message.points) == 1
                    else w["opening"].format(place=place))
    else:
        headline = w[message.kind.value].format(place=place)
    headline = (w["exercise"] if message.exercise else "") + headline
    return headline if len(headline) <= 160 else headline[:159] + "…"  # CAP: keep it under 160 characters


def _areas(message: PublicMessage, radius_km: float) -> tuple[CapArea, ...]:
    code = Geocode(SCB_GEOCODE, message.municipality_code)
    areas = tuple(
        CapArea(", ".join(x for x in (p.name, p.locality) if x),
                (Circle(p.lat, p.lon, radius_km),) if p.lat is not None and p.lon is not None else (),
                (Geocode(SCB_GEOCODE, p.municipality_code),))
        for p in message.points
    )
    return areas or (CapArea(message.municipality_name, (), (code,)),)


def _info(message: PublicMessage, language: str, radius_km: float) -> CapInfo:
    w = _WORDS[language]
    closing = message.kind is MessageKind.CLOSING
    reason = message.reason if language == "sv" else message.reason_en
    lines = [reason.strip()] if reason and reason.strip() else []
    lines += [_point_line(p, language) for p in message.points]
    return CapInfo(
        language="sv-SE" if language == "sv" else "en-GB",
        categories=("Safety", "Infra"),
        event=w["event"],
        response_types=("AllClear",) if closing else ("Shelter",),
        urgency="Past" if closing else "Expected",
        severity="Minor" if closing else "Moderate",
        certainty="Observed",
        expires=message.expires,
        sender_name=message.municipality_name,
        headline=_headline(message, language),
        description="\n".join(lines),
        instruction=w["instruction_closing" if closing else "instruction"],
        web=message.web,
        contact=w["contact"],
        areas=_areas(message, radius_km),
    )


def message_to_alert(message: PublicMessage, *, radius_km: float = DEFAULT_RADIUS_KM) -> CapAlert:
    """The CAP alert for a public message: Swedish and English ``info``, one area per point.

    Parameters
    ----------
    message : PublicMessage
    radius_km : float
        Radius of the circle around each point, km.

    Raises
    ------
    CapError
        An update or closing without ``references`` (CAP needs to know
        which earlier message it follows).
    """
    if message.kind is not MessageKind.OPENING and not message.references:
        raise CapError(N_("message {identifier}: a {kind} must reference the earlier message(s) it follows",
                          identifier=message.identifier, kind=message.kind.value))
    msg_type = _MSG_TYPE[message.kind]
    if message.kind is MessageKind.OPENING and message.references:
        msg_type = "Update"  # an opening that follows earlier messages of the same event
    return CapAlert(
        identifier=message.identifier,
        sender=message.sender,
        sent=message.sent,
        status="Exercise" if message.exercise else "Actual",
        msg_type=msg_type,
        note="Övning / Exercise" if message.exercise else "",
        references=message.references,
        infos=(_info(message, "sv", radius_km), _info(message, "en", radius_km)),
    )


def message_to_cap_xml(message: PublicMessage, *, radius_km: float = DEFAULT_RADIUS_KM) -> bytes:
    """:func:`message_to_alert` written as validated CAP 1.2 XML."""
    return alert_to_xml(message_to_alert(message, radius_km=radius_km))
