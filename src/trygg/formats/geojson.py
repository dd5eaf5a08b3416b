"""Writers for points and sites: RFC 7946 GeoJSON and CSV.

What they write, :func:`trygg.formats.points.read_points` and
:func:`~trygg.formats.points.read_sites` read back to equal records: the
columns and properties carry the canonical names of the import schema, codes
rather than display names, and WGS 84 coordinates rounded to 7 decimals
(about 1 cm, the RFC's recommendation).

Both writers take records or plain mappings with canonical keys (what a
database row turns into), so exports need no record objects.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from trygg.analysis.geo import round_lonlat
from trygg.formats.csvfile import CsvWriter, Literal
from trygg.formats.errors import ExportError
from trygg.formats.point_records import (
    POINT_COLUMNS,
    RECORD_META_FIELDS,
    SITE_COLUMNS,
    PointRecord,
    SiteRecord,
)

Item = PointRecord | SiteRecord | Mapping[str, Any]
"""A record, or a mapping with canonical keys (``lat``, ``lon``, ``name`` …)."""

_COORDINATE_KEYS = ("lat", "lon")


def _as_mapping(item: Item) -> Mapping[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in fields(item) if f.name not in RECORD_META_FIELDS}
    if isinstance(item, Mapping):
        return item
    raise ExportError(f"cannot export {type(item).__name__}: give a record or a mapping")


def _json_value(value: Any) -> Any:
    """A value as JSON: enums as their code, tuples as lists, decimals as floats."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def _geometry(row: Mapping[str, Any], number: int) -> dict[str, Any] | None:
    lat, lon = row.get("lat"), row.get("lon")
    if lat is None and lon is None:
        return None  # RFC 7946 allows a feature without a place (e.g. a site not yet located)
    if lat is None or lon is None:
        raise ExportError(f"item {number}: lat and lon must both be given or both be blank (lat={lat!r}, lon={lon!r})")
    return {"type": "Point", "coordinates": [round_lonlat(lon), round_lonlat(lat)]}


def _feature(row: Mapping[str, Any], columns: tuple[str, ...], number: int) -> dict[str, Any]:
    ordered = [c for c in columns if c in row] + [k for k in row if k not in columns]
    properties = {k: _json_value(row[k]) for k in ordered if k not in _COORDINATE_KEYS}
    feature: dict[str, Any] = {"type": "Feature"}
    if row.get("ref") is not None:
        feature["id"] = str(row["ref"])
    feature["geometry"] = _geometry(row, number)
    feature["properties"] = properties
    return feature


def _feature_collection(items: Iterable[Item], columns: tuple[str, ...]) -> dict[str, Any]:
    features = [_feature(_as_mapping(item), columns, n) for n, item in enumerate(items, start=1)]
    return {"type": "FeatureCollection", "features": features}


def points_to_feature_collection(records_or_dicts: Iterable[Item]) -> dict[str, Any]:
    """Points as an RFC 7946 FeatureCollection (a dict ready for :func:`json.dumps`).

    Parameters
    ----------
    records_or_dicts : iterable of PointRecord or mapping
        Points; mappings use the canonical names and may carry extra keys
        (e.g. ``readiness_score``), which are written after the canonical ones.

    Returns
    -------
    dict
        WGS 84, ``[lon, lat]`` with at most 7 decimals, no ``crs`` member;
        ``properties`` hold every other field under its canonical name, codes
        for kinds and states, ``level`` as 1–3, ``languages`` as a list.
        A feature's ``id`` is its ``ref`` when it has one.

    Examples
    --------
    >>> from trygg.rules.levels import Level
    >>> point = PointRecord(name="Kalls lanthandel", kind="sot_punkt", municipality_code="2321",
    ...                     level=Level.TWO, lat=63.47111114, lon=13.2622, site_name="Lanthandeln")
    >>> feature = points_to_feature_collection([point])["features"][0]
    >>> feature["geometry"], feature["properties"]["level"]
    ({'type': 'Point', 'coordinates': [13.2622, 63.4711111]}, 2)
    """
    return _feature_collection(records_or_dicts, POINT_COLUMNS)


def sites_to_feature_collection(records_or_dicts: Iterable[Item]) -> dict[str, Any]:
    """Sites as an RFC 7946 FeatureCollection; sites without coordinates get a null geometry."""
    return _feature_collection(records_or_dicts, SITE_COLUMNS)


# --- CSV --------------------------------------------------------------------------


def _format_float(value: float, decimal_comma: bool) -> str:
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:f}"
    text = text.removesuffix(".0")
    return text.replace(".", ",") if decimal_comma else text


def _csv_value(value: Any, decimal_comma: bool) -> str:
    """A cell: numbers and yes/no as :class:`Literal` (never guarded), text as text (guarded by the writer)."""
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return Literal("true" if value else "false")
    if isinstance(value, float):
        return Literal(_format_float(value, decimal_comma))
    if isinstance(value, int):
        return Literal(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _write_csv(
    items: Iterable[Item],
    file: TextIO | str | os.PathLike[str],
    columns: tuple[str, ...],
    delimiter: str,
    decimal_comma: bool,
) -> None:
    if delimiter not in (",", ";", "\t"):
        raise ExportError(f"delimiter must be ',', ';' or a tab, not {delimiter!r}")
    if decimal_comma and delimiter == ",":
        raise ExportError("a decimal comma needs ';' or a tab as the delimiter")
    if isinstance(file, str | os.PathLike):
        with Path(file).open("w", encoding="utf-8", newline="") as stream:
            _write_rows(items, stream, columns, delimiter, decimal_comma)
    else:
        _write_rows(items, file, columns, delimiter, decimal_comma)


def _write_rows(items: Iterable[Item], stream: TextIO, columns: tuple[str, ...], delimiter: str, decimal_comma: bool) -> None:
    writer = CsvWriter(stream, delimiter)  # text that could run as a formula gets a leading apostrophe
    writer.writerow(columns)
    for item in items:
        row = _as_mapping(item)
        writer.writerow([_csv_value(row.get(c), decimal_comma) for c in columns])


def write_points_csv(
    records: Iterable[Item],
    file: TextIO | str | os.PathLike[str],
    *,
    delimiter: str = ",",
    decimal_comma: bool = False,
) -> None:
    """Write points as CSV with the canonical column names as header.

    Parameters
    ----------
    records : iterable of PointRecord or mapping
        The points; mapping keys outside the schema are not written.
    file : text stream or path
        A path is written as UTF-8; a stream gets text and its own encoding
        (open it with ``newline=""``).
    delimiter : {",", ";", "\\t"}
        The separator.
    decimal_comma : bool
        Write ``63,1792`` rather than ``63.1792``, for Excel with Swedish
        settings; needs ``";"`` or a tab as the separator.

    Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@``, tab, CR) gets a leading apostrophe, which the CSV reader takes off
    again (:mod:`trygg.formats.csvfile`); numbers are written as they are.

    Raises
    ------
    ExportError
        For an unsupported separator or a decimal comma with ``","``.
    """
    _write_csv(records, file, POINT_COLUMNS, delimiter, decimal_comma)


def write_sites_csv(
    records: Iterable[Item],
    file: TextIO | str | os.PathLike[str],
    *,
    delimiter: str = ",",
    decimal_comma: bool = False,
) -> None:
    """Write sites as CSV; same options as :func:`write_points_csv`."""
    _write_csv(records, file, SITE_COLUMNS, delimiter, decimal_comma)
