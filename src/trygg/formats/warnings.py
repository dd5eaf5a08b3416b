"""Warnings from outside: SMHI's impact-based weather warnings (JSON) and CAP 1.2 alerts (XML).

Both become :class:`WarningRecord` values: one per warned area, with its level,
event, Swedish text, approximate start and end, and the area as a GeoJSON
geometry in WGS 84 ([longitude, latitude]). Nothing here touches a database.

SMHI's feed (``https://opendata-download-warnings.smhi.se/ibww/api/version/1/warning.json``)
is a list of warnings; each has an ``event`` (``sv``/``en``/``code``) and
``warningAreas``, each with ``warningLevel.code`` (MESSAGE, YELLOW, ORANGE,
RED), ``approximateStart``, an optional ``approximateEnd``, ``published``,
``areaName``, ``eventDescription``, ``descriptions`` (title and text) and
``area`` (a GeoJSON Feature, FeatureCollection or bare geometry).

A CAP 1.2 alert (OASIS, e.g. VMA from Sveriges Radio) has one or more
``info`` blocks, each with ``area`` elements whose ``polygon`` is
"lat,lon lat,lon …" and whose ``circle`` is "lat,lon radius_km". A
``msgType`` of ``Cancel`` withdraws the alerts it ``references``.

Every problem raises :class:`WarningInputError` naming where it is
(``warningAreas[2].warningLevel.code``) and what is wrong; nothing is
partly read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from trygg.text import N_, TextError

#: Largest warning file or response read (bytes): SMHI's whole national feed is well under 5 MB.
MAX_WARNING_BYTES = 20_000_000

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"


class WarningInputError(TextError):
    """A warning file or feed that cannot be read; the message (a :class:`trygg.text.Text`) says where and why.

    ``str()`` is the English; ``describe(language)`` and ``render(translation)`` say it in the user's language.
    """


class WarningLevel(StrEnum):
    """SMHI's four levels; CAP severities map onto them (see ``_CAP_LEVEL``)."""

    MESSAGE = "message"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"


LEVEL_ORDER = (WarningLevel.MESSAGE, WarningLevel.YELLOW, WarningLevel.ORANGE, WarningLevel.RED)

_CAP_LEVEL = {"Extreme": WarningLevel.RED, "Severe": WarningLevel.ORANGE, "Moderate": WarningLevel.YELLOW,
              "Minor": WarningLevel.MESSAGE, "Unknown": WarningLevel.MESSAGE}


@dataclass(frozen=True)
class WarningRecord:
    """One warned area of one warning, as trygg keeps it."""

    source: str  # "smhi" or "cap"
    identifier: str  # stable across updates of the same warning area
    event: str  # Swedish event name, e.g. "Vind" or "Viktigt meddelande till allmänheten"
    event_code: str  # SMHI's event code (WIND, …) or CAP's event text
    level: WarningLevel
    headline: str
    description: str
    area_name: str
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, [lon, lat]
    starts_at: datetime | None
    ends_at: datetime | None
    published_at: datetime | None
    cancelled: bool = False
    references: tuple[str, ...] = field(default_factory=tuple)  # identifiers a CAP Cancel withdraws


# ---------------------------------------------------------------- reading files


def read_warning_file(path: str | Path) -> list[WarningRecord]:
    """Read an SMHI JSON file or a CAP 1.2 XML file (by content, not by name)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise WarningInputError(N_("{path}: cannot read the file ({strerror})", path=str(path),
                                   strerror=str(err.strerror))) from None
    if size > MAX_WARNING_BYTES:
        raise WarningInputError(N_("{path}: {size:,} bytes is more than the limit of {limit:,} bytes for a warning file",
                                   path=str(path), size=size, limit=MAX_WARNING_BYTES))
    return parse_warnings(path.read_bytes(), str(path))


def parse_warnings(body: bytes, source: str) -> list[WarningRecord]:
    """Parse a body whose format is told by its first character: ``<`` CAP, otherwise SMHI JSON."""
    if len(body) > MAX_WARNING_BYTES:
        raise WarningInputError(N_("{source}: more than the limit of {limit:,} bytes for warnings", source=source,
                                   limit=MAX_WARNING_BYTES))
    if b"\x00" in body:
        raise WarningInputError(N_("{source}: contains a NUL byte; this is not a warning file", source=source))
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return _prefixed(source, lambda: parse_cap(text))
    try:
        data = json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise WarningInputError(N_("{source}: is neither UTF-8 JSON (SMHI) nor XML (CAP 1.2)", source=source)) from None
    except json.JSONDecodeError as err:
        raise WarningInputError(N_("{source}: is not valid JSON (line {line}, column {column}: {detail})",
                                   source=source, line=err.lineno, column=err.colno, detail=err.msg)) from None
    except RecursionError:
        raise WarningInputError(N_("{source}: is nested too deeply to be a warning file", source=source)) from None
    return _prefixed(source, lambda: parse_smhi(data))


def _prefixed(source: str, parse: Any) -> list[WarningRecord]:
    try:
        records: list[WarningRecord] = parse()
    except WarningInputError as err:
        raise WarningInputError(N_("{source}: {problem}", source=source, problem=err.message)) from None
    return records


# ---------------------------------------------------------------- SMHI


def parse_smhi(data: Any) -> list[WarningRecord]:
    """SMHI impact-based warnings: a list of warnings (or ``{"warnings": [...]}``)."""
    if isinstance(data, Mapping) and isinstance(data.get("warnings"), list):
        data = data["warnings"]
    if not isinstance(data, list):
        raise WarningInputError(N_("expected a list of SMHI warnings at the top level"))
    records = []
    for i, warning in enumerate(data):
        records.extend(_smhi_warning(warning, f"[{i}]"))
    return records


def _smhi_warning(warning: Any, where: str) -> list[WarningRecord]:
    _require_mapping(warning, where)
    warning_id = _scalar_id(warning.get("id"), f"{where}.id")
    event = warning.get("event")
    _require_mapping(event, f"{where}.event")
    event_sv = _text(event, "sv", f"{where}.event") or _text(event, "en", f"{where}.event")
    code = _text(event, "code", f"{where}.event") or "UNKNOWN"
    areas = warning.get("warningAreas")
    if not isinstance(areas, list):
        raise WarningInputError(N_("{where}.warningAreas: expected a list of warned areas", where=where))
    return [_smhi_area(area, f"{where}.warningAreas[{j}]", warning_id, event_sv, code)
            for j, area in enumerate(areas)]


def _smhi_area(area: Any, where: str, warning_id: str, event: str, code: str) -> WarningRecord:
    _require_mapping(area, where)
    area_id = _scalar_id(area.get("id"), f"{where}.id")
    level_code = _text(_mapping(area, "warningLevel", where), "code", f"{where}.warningLevel").upper()
    try:
        level = WarningLevel(level_code.lower())
    except ValueError:
        raise WarningInputError(N_("{where}.warningLevel.code: {code!r} is not MESSAGE, YELLOW, ORANGE or RED",
                                   where=where, code=level_code)) from None
    description = _mapping(area, "eventDescription", where, required=False)
    name = _mapping(area, "areaName", where, required=False)
    texts = []
    for k, item in enumerate(area.get("descriptions") or []):
        _require_mapping(item, f"{where}.descriptions[{k}]")
        title = _text(_mapping(item, "title", f"{where}.descriptions[{k}]", required=False), "sv", where)
        body = _text(_mapping(item, "text", f"{where}.descriptions[{k}]", required=False), "sv", where)
        texts.append(f"{title}: {body}" if title and body else title or body)
    return WarningRecord(
        source="smhi", identifier=f"smhi:{warning_id}:{area_id}", event=event, event_code=code, level=level,
        headline=_text(description, "sv", where) if description else event,
        description="\n".join(t for t in texts if t), area_name=_text(name, "sv", where) if name else "",
        geometry=_smhi_geometry(area.get("area"), f"{where}.area"),
        starts_at=_time(area.get("approximateStart"), f"{where}.approximateStart"),
        ends_at=_time(area.get("approximateEnd"), f"{where}.approximateEnd"),
        published_at=_time(area.get("published"), f"{where}.published"),
    )


def _smhi_geometry(container: Any, where: str) -> dict[str, Any]:
    """The polygons of a Feature, FeatureCollection or bare geometry, as one (Multi)Polygon."""
    if not isinstance(container, Mapping):
        raise WarningInputError(N_("{where}: expected a GeoJSON Feature or geometry for the warned area", where=where))
    kind = container.get("type")
    if kind == "FeatureCollection":
        features = container.get("features")
        if not isinstance(features, list):
            raise WarningInputError(N_("{where}.features: expected a list", where=where))
        geometries = [_geometry_of(f, f"{where}.features[{i}]") for i, f in enumerate(features)]
    elif kind == "Feature":
        geometries = [_geometry_of(container, where)]
    else:
        geometries = [container]
    return polygons_geometry(geometries, where)


def _geometry_of(feature: Any, where: str) -> Any:
    if not isinstance(feature, Mapping) or not isinstance(feature.get("geometry"), Mapping):
        raise WarningInputError(N_("{where}.geometry: expected a GeoJSON geometry", where=where))
    return feature["geometry"]


def polygons_geometry(geometries: Iterable[Any], where: str) -> dict[str, Any]:
    """Merge GeoJSON Polygons and MultiPolygons into one, checking every position."""
    polygons: list[list[list[list[float]]]] = []
    for i, geometry in enumerate(geometries):
        if not isinstance(geometry, Mapping):
            raise WarningInputError(N_("{where}[{i}]: expected a GeoJSON geometry", where=where, i=i))
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon":
            polygons.append(_rings(coordinates, f"{where}.coordinates"))
        elif kind == "MultiPolygon":
            if not isinstance(coordinates, list):
                raise WarningInputError(N_("{where}.coordinates: expected a list of polygons", where=where))
            polygons.extend(_rings(p, f"{where}.coordinates[{j}]") for j, p in enumerate(coordinates))
        else:
            raise WarningInputError(N_("{where}: a warned area must be a Polygon or MultiPolygon, not {kind}",
                                       where=where, kind=repr(kind)))
    if not polygons:
        raise WarningInputError(N_("{where}: the warned area has no polygon", where=where))
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _rings(coordinates: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(coordinates, list) or not coordinates:
        raise WarningInputError(N_("{where}: expected the rings of a polygon", where=where))
    rings = []
    for r, ring in enumerate(coordinates):
        if not isinstance(ring, list) or len(ring) < 4:
            raise WarningInputError(N_("{where}[{r}]: a ring needs at least four positions", where=where, r=r))
        positions = [_position(p, f"{where}[{r}][{k}]") for k, p in enumerate(ring)]
        if positions[0] != positions[-1]:
            raise WarningInputError(N_("{where}[{r}]: the ring does not close (first and last positions differ)",
                                       where=where, r=r))
        rings.append(positions)
    return rings


def _position(value: Any, where: str) -> list[float]:
    if (not isinstance(value, list) or len(value) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])):
        raise WarningInputError(N_("{where}: expected [longitude, latitude]", where=where))
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise WarningInputError(N_("{where}: {position} is not a position on Earth ([longitude, latitude])",
                                   where=where, position=str(value[:2])))
    return [lon, lat]


# ---------------------------------------------------------------- CAP 1.2


def parse_cap(body: bytes) -> list[WarningRecord]:
    """A CAP 1.2 ``alert``: one record per ``info`` block with an area."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as err:
        raise WarningInputError(N_("is not well-formed XML ({detail})", detail=str(err.msg))) from None
    if root.tag != f"{{{CAP_NS}}}alert":
        raise WarningInputError(N_("the root element is {tag!r}, not a CAP 1.2 alert ({namespace})", tag=str(root.tag),
                                   namespace=CAP_NS))
    sender = _cap_text(root, "sender", "alert", required=True)
    identifier = _cap_text(root, "identifier", "alert", required=True)
    msg_type = _cap_text(root, "msgType", "alert", required=True)
    sent = _time(_cap_text(root, "sent", "alert", required=True), "alert.sent")
    references = tuple(_cap_reference(r) for r in (_cap_text(root, "references", "alert") or "").split())
    infos = root.findall(f"{{{CAP_NS}}}info")
    chosen = _cap_swedish_infos(infos)
    records = []
    for index, info in chosen:
        where = f"alert.info[{index}]"
        event = _cap_text(info, "event", where, required=True)
        severity = _cap_text(info, "severity", where, required=True)
        if severity not in _CAP_LEVEL:
            raise WarningInputError(N_("{where}.severity: {severity!r} is not a CAP severity ({severities})",
                                       where=where, severity=severity, severities=", ".join(_CAP_LEVEL)))
        areas = info.findall(f"{{{CAP_NS}}}area")
        if not areas:
            continue
        geometry = polygons_geometry([_cap_area_geometry(a, f"{where}.area[{k}]") for k, a in enumerate(areas)],
                                     f"{where}.area")
        records.append(WarningRecord(
            source="cap", identifier=f"cap:{sender}:{identifier}:{index}", event=event, event_code=event,
            level=_CAP_LEVEL[severity], headline=_cap_text(info, "headline", where) or event,
            description="\n".join(t for t in (_cap_text(info, "description", where),
                                              _cap_text(info, "instruction", where)) if t),
            area_name=", ".join(filter(None, (_cap_text(a, "areaDesc", where) for a in areas))),
            geometry=geometry,
            starts_at=_time(_cap_text(info, "onset", where) or _cap_text(info, "effective", where), f"{where}.onset"),
            ends_at=_time(_cap_text(info, "expires", where), f"{where}.expires"),
            published_at=sent, cancelled=msg_type == "Cancel", references=references,
        ))
    if msg_type == "Cancel" and not records:
        # A cancellation need not repeat the area: it withdraws what it references.
        records.append(WarningRecord(
            source="cap", identifier=f"cap:{sender}:{identifier}:cancel", event="", event_code="", level=WarningLevel.MESSAGE,
            headline="", description="", area_name="", geometry={}, starts_at=None, ends_at=None,
            published_at=sent, cancelled=True, references=references))
    return records


def _cap_swedish_infos(infos: list[Any]) -> list[tuple[int, Any]]:
    """The Swedish info blocks when the alert has any, else all (a VMA comes in sv and en)."""
    def language(info: Any) -> str:
        return (_cap_text(info, "language", "info") or "en-US").lower()

    indexed = list(enumerate(infos))
    swedish = [(i, info) for i, info in indexed if language(info).startswith("sv")]
    return swedish or indexed


def _cap_reference(reference: str) -> str:
    """``sender,identifier,sent`` → the identifier prefix our records of that alert carry."""
    parts = reference.split(",")
    return f"cap:{parts[0]}:{parts[1]}:" if len(parts) >= 2 else reference


def _cap_area_geometry(area: Any, where: str) -> dict[str, Any]:
    polygons = []
    for k, element in enumerate(area.findall(f"{{{CAP_NS}}}polygon")):
        ring = [_cap_pair(pair, f"{where}.polygon[{k}]") for pair in (element.text or "").split()]
        polygons.append(_rings([ring], f"{where}.polygon[{k}]"))
    for k, element in enumerate(area.findall(f"{{{CAP_NS}}}circle")):
        polygons.append(_circle(element.text or "", f"{where}.circle[{k}]"))
    if not polygons:
        raise WarningInputError(N_("{where}: has no polygon or circle (a geocode alone cannot be placed on the map)",
                                   where=where))
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _cap_pair(pair: str, where: str) -> list[float]:
    """CAP writes "latitude,longitude"; GeoJSON wants [longitude, latitude]."""
    try:
        lat, lon = (float(v) for v in pair.split(","))
    except ValueError:
        raise WarningInputError(N_("{where}: {pair!r} is not 'latitude,longitude'", where=where, pair=pair)) from None
    return _position([lon, lat], where)


def _circle(text: str, where: str, sides: int = 32) -> list[list[list[float]]]:
    try:
        centre, radius = text.split()
        lat, lon = (float(v) for v in centre.split(","))
        radius_km = float(radius)
    except ValueError:
        raise WarningInputError(N_("{where}: {text!r} is not 'latitude,longitude radius_km'", where=where,
                                   text=text)) from None
    _position([lon, lat], where)
    if not (math.isfinite(radius_km) and 0 <= radius_km <= 2000):
        raise WarningInputError(N_("{where}: the radius {radius!r} km is not between 0 and 2,000", where=where,
                                   radius=radius))
    radius_km = max(radius_km, 0.05)  # a point alert still covers its spot
    d_lat = radius_km / 111.32
    d_lon = radius_km / (111.32 * max(math.cos(math.radians(lat)), 1e-6))
    ring = [[lon + d_lon * math.cos(2 * math.pi * k / sides), lat + d_lat * math.sin(2 * math.pi * k / sides)]
            for k in range(sides)]
    return [[*ring, ring[0]]]


def _cap_text(element: Any, name: str, where: str, required: bool = False) -> str:
    child = element.find(f"{{{CAP_NS}}}{name}")
    value = (child.text or "").strip() if child is not None else ""
    if required and not value:
        raise WarningInputError(N_("{where}.{name}: is missing", where=where, name=name))
    return value


# ---------------------------------------------------------------- small readers


def _require_mapping(value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise WarningInputError(N_("{where}: expected an object, got {kind}", where=where, kind=type(value).__name__))


def _mapping(parent: Mapping[str, Any], key: str, where: str, required: bool = True) -> Mapping[str, Any]:
    value = parent.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise WarningInputError(N_("{where}.{key}: expected an object", where=where, key=key))
    return value


def _text(parent: Mapping[str, Any], key: str, where: str) -> str:
    value = parent.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WarningInputError(N_("{where}.{key}: expected text, got {kind}", where=where, key=key,
                                   kind=type(value).__name__))
    return value.strip()


def _scalar_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str) or str(value).strip() == "":
        raise WarningInputError(N_("{where}: expected a number or text identifying the warning", where=where))
    return str(value).strip()


def _time(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise WarningInputError(N_("{where}: expected an ISO 8601 time", where=where))
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise WarningInputError(N_("{where}: {value!r} is not an ISO 8601 time", where=where, value=value)) from None
    if moment.tzinfo is None:
        raise WarningInputError(N_("{where}: {value!r} has no time zone", where=where, value=value))
    return moment
