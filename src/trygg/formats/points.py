"""The point and site readers: CSV or GeoJSON in, every row checked, all records or nothing out.

:func:`read_points` and :func:`read_sites` read CSV (see
:mod:`trygg.formats.tabular`) or GeoJSON (:mod:`trygg.formats.point_geojson`),
validate every value of every row against the one declared schema
(:data:`~trygg.formats.point_schema.POINT_SCHEMA`,
:data:`~trygg.formats.point_schema.SITE_SCHEMA`; the values are parsed by
:mod:`trygg.formats.point_values`, the positions checked by
:mod:`trygg.formats.point_coordinates`), and either return all records
(:mod:`trygg.formats.point_records`) or raise :class:`ImportRejected` listing
every problem: they never return part of a file.

Coordinates may come as WGS 84 degrees (``lat``/``lon``) or SWEREF 99 TM
metres (``n``/``e``, EPSG:3006); they are stored as WGS 84 rounded to
7 decimals (about 1 cm).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic

from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.point_coordinates import RowContext, resolve_position
from trygg.formats.point_geojson import geojson_rows
from trygg.formats.point_records import (
    POINT_COLUMNS,
    SITE_COLUMNS,
    PointRecord,
    R,
    ReadResult,
    SiteRecord,
)
from trygg.formats.point_schema import (
    COORDINATE_NAMES,
    POINT_SCHEMA,
    SITE_SCHEMA,
    FieldSpec,
    alias_map,
)
from trygg.formats.point_values import PARSERS, Invalid, as_text, is_blank
from trygg.formats.tabular import (
    Source,
    decode,
    read_source,
    read_table,
)
from trygg.rules.levels import BackupPower
from trygg.text import N_

# --- rows -------------------------------------------------------------------------


def _parse_cells(
    schema: tuple[FieldSpec, ...], cells: Mapping[str, object], ctx: RowContext, errors: list[RowError]
) -> tuple[dict[str, Any], set[str]]:
    """Each field's typed value (default when blank), and the fields that were invalid."""
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    for spec in schema:
        raw = cells.get(spec.name)
        if is_blank(raw):
            if spec.required:
                errors.append(ctx.error(spec.name, "", N_("Missing; this field is required.")))
                invalid.add(spec.name)
            values[spec.name] = spec.default
            continue
        try:
            values[spec.name] = PARSERS[spec.type](spec, raw)
        except Invalid as exc:
            errors.append(ctx.error(spec.name, as_text(raw), exc.message))
            values[spec.name] = None
            invalid.add(spec.name)
    return values, invalid


def _check_backup_power(
    values: Mapping[str, Any], cells: Mapping[str, object], invalid: set[str], ctx: RowContext
) -> list[RowError]:
    """generator_kw and tank_l must fit backup_power (fixed needs kW; none has no generator)."""
    if invalid & {"backup_power", "generator_kw", "tank_l"}:
        return []  # already reported; a cross-field message would only repeat it
    power, kw, tank = values.get("backup_power"), values.get("generator_kw"), values.get("tank_l")
    errors: list[RowError] = []
    if power == BackupPower.FIXED and kw is None:
        errors.append(ctx.error(
            "generator_kw", "",
            N_("generator_kw is required when backup_power is fixed."),
        ))
    if power == BackupPower.NONE and kw is not None:
        errors.append(ctx.error(
            "generator_kw", as_text(cells.get("generator_kw")),
            N_("generator_kw must be blank when backup_power is none."),
        ))
    if power is None and kw is not None:
        errors.append(ctx.error(
            "backup_power", "",
            N_("generator_kw is given but backup_power is blank; set it to fixed or connection_point."),
        ))
    if tank is not None and power != BackupPower.FIXED:
        errors.append(ctx.error(
            "tank_l", as_text(cells.get("tank_l")),
            N_("tank_l is only allowed when backup_power is fixed (here: {power}).", power=power) if power
            else N_("tank_l is only allowed when backup_power is fixed (here: blank)."),
        ))
    return errors


@dataclass(frozen=True)
class _Target(Generic[R]):
    """What a reader builds: its schema, record type and whether coordinates are required."""

    schema: tuple[FieldSpec, ...]
    record_type: type[R]
    columns: tuple[str, ...]
    coordinates_required: bool


_POINTS = _Target(POINT_SCHEMA, PointRecord, POINT_COLUMNS, coordinates_required=True)
_SITES = _Target(SITE_SCHEMA, SiteRecord, SITE_COLUMNS, coordinates_required=False)


def _record(target: _Target[R], cells: Mapping[str, object], ctx: RowContext, errors: list[RowError]) -> R | None:
    """One row's record, or None after appending its errors."""
    before = len(errors)
    values, invalid = _parse_cells(target.schema, cells, ctx, errors)
    errors.extend(_check_backup_power(values, cells, invalid, ctx))
    position = None
    if not invalid & COORDINATE_NAMES:  # a bad number is already reported; no "other half missing"
        position = resolve_position(values, target.coordinates_required, ctx, errors)
    if len(errors) > before:
        return None
    if position is not None:
        values["lat"], values["lon"] = position
    if values.get("backup_power") is not None:
        values["backup_power"] = BackupPower(values["backup_power"])
    if "site_name" in target.columns and values.get("site_name") is None:
        values["site_name"] = values["name"]
    kwargs: dict[str, Any] = {name: values.get(name) for name in target.columns}
    if "languages" in kwargs and kwargs["languages"] is None:
        kwargs["languages"] = ()
    present, blank = _presence(target, cells, position is not None)
    return target.record_type(**kwargs, row=ctx.row, present=present, blank=blank)


def _presence(target: _Target[Any], cells: Mapping[str, object], located: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The record fields the row had a column for, and those it left blank.

    Any coordinate column stands for ``lat`` and ``lon``: they are blank when
    the row gave no position.
    """
    present = {name for name in target.columns if name in cells}
    blank = {name for name in present if is_blank(cells.get(name))}
    if cells.keys() & COORDINATE_NAMES:
        present |= {"lat", "lon"}
        blank = (blank - {"lat", "lon"}) | (set() if located else {"lat", "lon"})
    return frozenset(present), frozenset(blank)


def _duplicate_refs(refs: Iterable[tuple[int, str]], unit: str) -> list[RowError]:
    """One error per repeated ref, naming the row where it first appeared (bad rows count too)."""
    first_row: dict[str, int] = {}
    errors: list[RowError] = []
    for row, ref in refs:
        if ref not in first_row:
            first_row[ref] = row
            continue
        first = first_row[ref]
        errors.append(RowError(
            row, "ref", ref,
            N_("ref '{ref}' is used in both feature {first} and feature {row}.", ref=ref, first=first, row=row)
            if unit == "feature"
            else N_("ref '{ref}' is used in both row {first} and row {row}.", ref=ref, first=first, row=row),
            unit,
        ))
    return errors


def _missing_columns(target: _Target[Any], columns: set[str], header_row: int) -> tuple[list[RowError], set[str]]:
    """One error per required field that has no column at all (instead of one per row)."""
    errors: list[RowError] = []
    missing: set[str] = set()
    for spec in target.schema:
        if spec.required and spec.name not in columns:
            names = ", ".join((spec.name, *spec.aliases[:3]))
            errors.append(RowError(
                header_row, spec.name, "",
                N_("The file has no '{name}' column (accepted names: {names} …).", name=spec.name, names=names),
            ))
            missing.add(spec.name)
    if target.coordinates_required and not columns & COORDINATE_NAMES:
        errors.append(RowError(
            header_row, "lat", "",
            N_("The file has no coordinate columns: give lat and lon (WGS 84) or n and e (SWEREF 99 TM)."),
        ))
        missing.add("lat")
    return errors, missing


def _validate_rows(
    target: _Target[R],
    rows: Iterable[tuple[int, Mapping[str, object]]],
    unit: str,
    in_geometry: bool,
    errors: list[RowError],
    skip_fields: set[str],
) -> list[R]:
    records: list[R] = []
    refs: list[tuple[int, str]] = []
    for row, cells in rows:
        if not is_blank(cells.get("ref")):
            refs.append((row, as_text(cells.get("ref"))))
        ctx = RowContext(row, unit, in_geometry)
        row_errors: list[RowError] = []
        record = _record(target, cells, ctx, row_errors)
        errors.extend(e for e in row_errors if e.field not in skip_fields)
        if record is not None:
            records.append(record)
    errors.extend(_duplicate_refs(refs, unit))
    return records

# --- readers ------------------------------------------------------------------------

_GEOJSON_SUFFIXES = frozenset({".geojson", ".json"})
_CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab"})


def _is_geojson(source_name: str, text: str) -> bool:
    suffix = Path(source_name).suffix.lower()
    if suffix in _GEOJSON_SUFFIXES:
        return True
    if suffix in _CSV_SUFFIXES:
        return False
    return text.lstrip().startswith("{")  # no CSV header starts with a brace


def _read(target: _Target[R], source: Source, source_name: str | None) -> ReadResult[R]:
    data, name = read_source(source, source_name)
    text, encoding = decode(data, name)
    aliases = alias_map(target.schema)
    errors: list[RowError] = []
    warnings: list[RowWarning] = []
    if _is_geojson(name, text):
        features = geojson_rows(text, name, aliases, errors, warnings)
        records = _validate_rows(target, features, "feature", True, errors, set())
        delimiter, file_format = None, "geojson"
    else:
        table = read_table(data, aliases=aliases, source_name=name)
        errors.extend(table.errors)
        warnings.extend(table.warnings)
        column_errors, missing = _missing_columns(target, {f for f in table.fields if f}, table.header_row)
        errors.extend(column_errors)
        bad_width = {e.row for e in table.errors if e.field == ""}
        rows: list[tuple[int, Mapping[str, object]]] = [
            (r.row, r.cells) for r in table.rows if r.row not in bad_width
        ]
        records = _validate_rows(target, rows, "row", False, errors, missing)
        delimiter, file_format = table.delimiter, "csv"
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row or 0), name)
    return ReadResult(records, warnings, name, file_format, encoding, delimiter)


def read_points(source: Source, *, source_name: str | None = None) -> ReadResult[PointRecord]:
    """Read a CSV or GeoJSON file of points, all or nothing.

    Parameters
    ----------
    source : path, bytes or binary file
        The file. GeoJSON is recognised by a ``.geojson``/``.json`` name or by
        content starting with ``{``; anything else is read as CSV.
    source_name : str, optional
        The name used in messages (default: the file name; ``"<input>"`` for bytes).

    Returns
    -------
    ReadResult of PointRecord
        Every row as a validated record, the ignored columns as warnings, and
        the encoding and separator that were detected.

    Raises
    ------
    ImportRejected
        If any row has any bad value, or the file is empty or unreadable. The
        exception lists every error with its row (GeoJSON: feature) and field;
        no records are returned.

    Examples
    --------
    >>> data = "namn;kommunkod;nivå;lat;lon\\nKalls lanthandel;2321;Nivå 2;63,4711;13,2622\\n"
    >>> result = read_points(data.encode("cp1252"), source_name="punkter.csv")
    >>> result.records[0].municipality_code, result.records[0].level, result.encoding, result.delimiter
    ('2321', <Level.TWO: 2>, 'cp1252', ';')
    """
    return _read(_POINTS, source, source_name)


def read_sites(source: Source, *, source_name: str | None = None) -> ReadResult[SiteRecord]:
    """Read a CSV or GeoJSON file of sites (premises), all or nothing.

    Same formats and rules as :func:`read_points` with :data:`SITE_SCHEMA`:
    ``name`` is the site's name, ``kind`` (or ``typ``) means ``site_kind``,
    and coordinates are optional.

    Raises
    ------
    ImportRejected
        If any row has any bad value; no records are returned.
    """
    return _read(_SITES, source, source_name)
