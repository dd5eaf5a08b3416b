"""Read SCB's open population grid (*befolkning per rutnät*) for storing, all or nothing.

SCB publishes the grid as a GeoPackage (layer ``befolkning_1km_<year>``, SWEREF 99
TM, one polygon per populated square) and the same attributes as CSV. The
columns, as SCB writes them:

``rutid_scb``
    13 digits: the 6-digit easting and the 7-digit northing of the square's
    south-west (lower-left) corner in SWEREF 99 TM, e.g. ``3940006133000``.
``rutid_inspire``
    The INSPIRE id of the same square, ``SE_CRS3006RES1000mN6133000E394000``
    (used only when ``rutid_scb`` is missing).
``rutstorl``
    Square side, m: 1000 or 250.
``beftotalt``
    Registered residents of the square (total; SCB protects small counts,
    so sub-groups need not add up to it).
``ald0_4`` … ``ald95_99``, ``ald100w``
    Residents per five-year age class (``w`` = and older).
``man``, ``kvinna``, any other numeric column
    Kept by name as extra group columns (e.g. a foreign-born count).
``referenstid``
    The reference date, ``20231231``: the year of the statistics.

Derived groups (what the pages weigh):

* **children** 0–14 = ``ald0_4 + ald5_9 + ald10_14``. SCB's classes are five
  years wide, so 15-year-olds sit in ``ald15_19`` with 16–19-year-olds and are
  *not* counted; nothing is estimated by splitting a class.
* **elderly 65+** = every class from ``ald65_69`` up; **elderly 80+** = every
  class from ``ald80_84`` up.

A group whose boundary falls inside one of the file's classes (e.g. a class
``ald60_69``) is left unknown rather than estimated. An empty age or group
cell counts as 0 (SCB leaves classes without residents empty). Everything
wrong in the file is collected as :class:`~trygg.formats.errors.RowError` (row,
field, problem) and raised once as :class:`~trygg.formats.errors.ImportRejected`.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import SWEDEN_X_RANGE_M, SWEDEN_Y_RANGE_M, read_gpkg_layer
from trygg.formats.demand_columns import parse_age_band
from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.limits import MAX_GRID_BYTES, MAX_GRID_SQUARES
from trygg.formats.tabular import Source, header_key, parse_number, read_source, read_table
from trygg.text import N_, Text

#: The most squares one file may hold (:data:`trygg.formats.limits.MAX_GRID_SQUARES`).
MAX_SQUARES = MAX_GRID_SQUARES
#: Errors listed before the rest are summarised (the file is refused either way).
MAX_ERRORS = 50
CELL_SIZES_M = (1000, 250)

#: The derived groups: name → (first age, last age or None for "and older").
DERIVED_GROUPS: dict[str, tuple[int, int | None]] = {
    "children": (0, 14),
    "elderly_65": (65, None),
    "elderly_80": (80, None),
}

_ID_NAMES = ("rutid_scb", "ruta", "rutid", "rut_id", "rutkod")
_ROLES = dict.fromkeys(_ID_NAMES, "square_id") | {
    "rutid_inspire": "inspire_id",
    "rutstorl": "cell_size",
    "beftotalt": "total",
    "befolkning": "total",
    "pop": "total",
    "referenstid": "reference_time",
    "kommunkod": "municipality_code",
    "kommun_kod": "municipality_code",
    "kn_kod": "municipality_code",
}
#: Text columns SCB or GIS tools add that are not counts.
_IGNORED = {"fid", "ogc_fid", "id", "objectid", "lanskod", "lan_kod", "version", "regsonamn", "regsokod",
            "desokod", "kommunnamn", "geometry", "geom", "sp_geometry", "shape"}
_INSPIRE = re.compile(r"^SE_CRS3006RES(\d+)mN(\d{7})E(\d{6})$")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[6-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class GridSquareRecord:
    """One square as the file gives it; groups are ``None`` when unknown."""

    row: int
    square_id: str
    x_corner: int
    y_corner: int
    total: int
    municipality_code: str
    groups: dict[str, int | None]
    extra: dict[str, float]


@dataclass
class GridFile:
    """A validated grid file, ready to store."""

    source_name: str
    cell_size_m: int
    reference_year: int
    squares: list[GridSquareRecord]
    known_groups: list[str]
    extra_columns: list[str]
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def total_population(self) -> int:
        return sum(s.total for s in self.squares)


def read_population_grid(source: Source, *, source_name: str | None = None, year: int | None = None,
                         layer: str | None = None) -> GridFile:
    """Read an SCB grid file (``.csv`` or ``.gpkg``, told apart by content) all or nothing.

    Parameters
    ----------
    source : path, bytes or binary file
    source_name : str, optional
        The name used in messages and stored (default: the file name).
    year : int, optional
        SCB's reference year; must agree with ``referenstid`` when the file has it.
        Without either, a year in the file name (``befolkning_1km_2023.gpkg``) is used.
    layer : str, optional
        The GeoPackage layer, when the file has several.

    Raises
    ------
    ImportRejected
        Listing every bad row and field; nothing is returned then.
    """
    data, name = read_source(source, source_name, MAX_GRID_BYTES)
    if data.startswith(b"SQLite format 3\x00"):
        rows, unit, header = _gpkg_rows(data, name, layer)
    else:
        rows, unit, header = _csv_rows(data, name)
    if len(rows) > MAX_SQUARES:
        raise _rejected([RowError(None, "", str(len(rows)),
                                  N_("The file has {rows_count} squares; at most {MAX_SQUARES} are accepted. Split it by county.", rows_count=len(rows), MAX_SQUARES=MAX_SQUARES))], name)
    return _GridParser(name, unit, header, year).parse(rows)


# --- the two containers -----------------------------------------------------------


class _EveryColumn(dict[str, str]):
    """Aliases for :func:`read_table` that keep every column under its reduced name."""

    def get(self, key: str, default: Any = None) -> str:
        return key


def _csv_rows(data: bytes, name: str) -> tuple[list[tuple[int, dict[str, str]]], str, list[str]]:
    table = read_table(data, aliases=_EveryColumn(), source_name=name, max_bytes=MAX_GRID_BYTES,
                       max_rows=MAX_SQUARES)
    if table.errors:
        raise _rejected(table.errors, name)
    header = [f for f in table.fields if f]
    return [(r.row, r.cells) for r in table.rows], "row", header


def _gpkg_rows(data: bytes, name: str, layer: str | None) -> tuple[list[tuple[int, dict[str, str]]], str, list[str]]:
    handle, path = tempfile.mkstemp(suffix=".gpkg")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            gpkg = read_gpkg_layer(path, layer)
        except (AnalysisError, sqlite3.DatabaseError, ValueError) as exc:  # a damaged file
            message = str(exc).replace(path, name)
            raise _rejected([RowError(None, "", "", N_("The GeoPackage cannot be read: {message}", message=message))], name) from exc
    finally:
        Path(path).unlink(missing_ok=True)
    keys = {c: header_key(c) for c in gpkg.columns}
    header = list(keys.values())
    rows = []
    for number, (record, geometry) in enumerate(zip(gpkg.rows, gpkg.geometries, strict=True), start=1):
        cells = {keys[k]: "" if v is None else _text(v) for k, v in record.items()}
        if geometry is not None and not geometry.is_empty and gpkg.srs_id == 3006:
            minx, miny, _, _ = geometry.bounds
            cells["_corner"] = f"{round(minx)} {round(miny)}"
        rows.append((number, cells))
    if not rows:
        raise _rejected([RowError(None, "", gpkg.name, N_("The layer {name} has no squares.", name=gpkg.name), "feature")], name)
    return rows, "feature", header


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rejected(errors: list[RowError], name: str) -> ImportRejected:
    errors = sorted(errors, key=lambda e: (e.row is not None, e.row or 0))  # file-wide first, then in file order
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        errors = errors[:MAX_ERRORS] + [RowError(None, "", "", N_("… and {more} more errors.", more=more))]
    return ImportRejected(errors, name)


# --- the columns ------------------------------------------------------------------


class _GridParser:
    def __init__(self, name: str, unit: str, header: list[str], year: int | None) -> None:
        self.name, self.unit, self.year = name, unit, year
        self.errors: list[RowError] = []
        self.warnings: list[RowWarning] = []
        self.roles = {c: _ROLES[c] for c in header if c in _ROLES}
        self.bands = {c: band for c in header if c not in self.roles and (band := parse_age_band(c))}
        self.others = [c for c in header if c not in self.roles and c not in self.bands and c not in _IGNORED]
        self.group_bands = {g: _bands_of_group(self.bands, *span) for g, span in DERIVED_GROUPS.items()}

    def error(self, row: int | None, column: str, value: str, message: Text) -> None:
        self.errors.append(RowError(row, column, value, message, self.unit))

    def parse(self, rows: list[tuple[int, dict[str, str]]]) -> GridFile:
        if "total" not in self.roles.values():
            self.error(None, "beftotalt", "", N_("The column 'beftotalt' (total population) is missing."))
        if not ({"square_id", "inspire_id"} & set(self.roles.values())) and "_corner" not in rows[0][1]:
            self.error(None, "rutid_scb", "", N_("The column 'rutid_scb' (the square's id) is missing."))
        if self.errors:
            raise _rejected(self.errors, self.name)
        extra = self._numeric_columns(rows)
        corners = [self._corner(row, cells) for row, cells in rows]
        cell_size = self._cell_size(rows, corners)
        year = self._year(rows)
        squares = []
        seen: dict[str, int] = {}
        for (row, cells), corner in zip(rows, corners, strict=True):
            if corner is None:
                continue
            square = self._square(row, cells, corner, cell_size, extra)
            if square is None:
                continue
            if square.square_id in seen:
                self.error(row, self._column("square_id") or "rutid_scb", square.square_id,
                           N_("The square is already on feature {first}.", first=seen[square.square_id])
                           if self.unit == "feature"
                           else N_("The square is already on row {first}.", first=seen[square.square_id]))
            seen[square.square_id] = row
            squares.append(square)
        if self.errors:
            raise _rejected(self.errors, self.name)
        assert cell_size is not None and year is not None
        known = [g for g, bands in self.group_bands.items() if bands is not None]
        return GridFile(self.name, cell_size, year, squares, known, extra, self.warnings)

    def _column(self, role: str) -> str | None:
        return next((c for c, r in self.roles.items() if r == role), None)

    def _numeric_columns(self, rows: list[tuple[int, dict[str, str]]]) -> list[str]:
        """Other columns are extra groups when their values are numbers; text columns are ignored."""
        kept = []
        for column in self.others:
            values = [cells.get(column, "") for _, cells in rows]
            if all(_is_number(v) for v in values if v):
                kept.append(column)
            else:
                self.warnings.append(RowWarning(None, column, N_("The text column '{column}' was ignored.", column=column)))
        for group, bands in self.group_bands.items():
            if bands is None and self.bands:
                self.warnings.append(RowWarning(None, group, N_("The group {group} cannot be computed exactly from the file's age classes and is left unknown.", group=group)))
        return kept

    def _corner(self, row: int, cells: dict[str, str]) -> tuple[int, int] | None:
        id_column, inspire_column = self._column("square_id"), self._column("inspire_id")
        if id_column and cells.get(id_column):
            corner = self._scb_id(row, id_column, cells[id_column])
        elif inspire_column and cells.get(inspire_column):
            corner = self._inspire_id(row, inspire_column, cells[inspire_column])
        elif cells.get("_corner"):
            east, north = cells["_corner"].split()
            corner = (int(east), int(north))
        else:
            self.error(row, id_column or "rutid_scb", "", N_("The square's id is missing."))
            return None
        if corner and cells.get("_corner") and (id_column or inspire_column):
            x, y = (int(v) for v in cells["_corner"].split())
            if (x, y) != corner:
                self.error(row, id_column or inspire_column or "", f"{corner[0]}{corner[1]}",
                           N_("The square's geometry starts at ({x}, {y}), not at the id's corner.", x=x, y=y))
        return corner

    def _scb_id(self, row: int, column: str, value: str) -> tuple[int, int] | None:
        text = value[:-2] if value.endswith(".0") else value
        if not (len(text) == 13 and text.isdigit()):
            self.error(row, column, value,
                       N_("Not SCB's square id: 13 digits, the 6-digit easting and 7-digit northing (SWEREF 99 TM) of the square's south-west corner."))
            return None
        return self._in_sweden(row, column, value, int(text[:6]), int(text[6:]))

    def _inspire_id(self, row: int, column: str, value: str) -> tuple[int, int] | None:
        match = _INSPIRE.match(value)
        if not match:
            self.error(row, column, value, N_("Not an INSPIRE id of the form SE_CRS3006RES1000mN6133000E394000."))
            return None
        return self._in_sweden(row, column, value, int(match.group(3)), int(match.group(2)))

    def _in_sweden(self, row: int, column: str, value: str, x: int, y: int) -> tuple[int, int] | None:
        if SWEDEN_X_RANGE_M[0] <= x <= SWEDEN_X_RANGE_M[1] and SWEDEN_Y_RANGE_M[0] <= y <= SWEDEN_Y_RANGE_M[1]:
            return x, y
        self.error(row, column, value, N_("The corner ({x}, {y}) is not in Sweden (SWEREF 99 TM).", x=x, y=y))
        return None

    def _cell_size(self, rows: list[tuple[int, dict[str, str]]], corners: list[tuple[int, int] | None]) -> int | None:
        column = self._column("cell_size")
        sizes: set[int] = set()
        if column:
            for row, cells in rows:
                value = cells.get(column, "")
                size = _integer(value)
                if size not in CELL_SIZES_M:
                    self.error(row, column, value, N_("The square size must be 1000 or 250 (metres)."))
                else:
                    sizes.add(size)
            if len(sizes) > 1:
                self.error(None, column, ", ".join(map(str, sorted(sizes))),
                           N_("The file mixes square sizes; import 1 km and 250 m separately."))
                return None
        located = [c for c in corners if c is not None]
        size = sizes.pop() if sizes else (1000 if all(x % 1000 == 0 and y % 1000 == 0 for x, y in located) else 250)
        id_column = self._column("square_id") or self._column("inspire_id") or "rutid_scb"
        for (row, _), corner in zip(rows, corners, strict=True):
            if corner is not None and (corner[0] % size or corner[1] % size):
                self.error(row, id_column, f"{corner[0]}{corner[1]}",
                           N_("The corner ({corner}, {corner2}) is not on SCB's {size} m grid.", corner=corner[0], corner2=corner[1], size=size))
        return size

    def _year(self, rows: list[tuple[int, dict[str, str]]]) -> int | None:
        column = self._column("reference_time")
        years: dict[int, int] = {}
        if column:
            for row, cells in rows:
                value = cells.get(column, "")
                match = re.fullmatch(r"((?:19|20)\d\d)(?:-?\d\d-?\d\d)?", value)
                if match is None:
                    self.error(row, column, value, N_("The reference time must be a date such as 20231231."))
                else:
                    years.setdefault(int(match.group(1)), row)
        if len(years) > 1:
            self.error(None, column or "", ", ".join(map(str, sorted(years))),
                       N_("The file mixes several years; import one year at a time."))
            return None
        file_year = next(iter(years), None)
        if self.year is not None and file_year is not None and self.year != file_year:
            self.error(None, column or "", str(file_year),
                       N_("The file is for {file_year}, but the year was given as {year}.", file_year=file_year, year=self.year))
        year = self.year or file_year
        if year is None:
            found = _YEAR_IN_NAME.findall(self.name)
            year = int(found[-1]) if found else None
        if year is None:
            self.error(None, "referenstid", "", N_("The file names no year; give SCB's reference year."))
        elif not 1960 <= year <= 2100:
            self.error(None, "referenstid", str(year), N_("The year is not plausible."))
            return None
        return year

    def _square(self, row: int, cells: dict[str, str], corner: tuple[int, int], cell_size: int | None,
                extra_columns: list[str]) -> GridSquareRecord | None:
        before = len(self.errors)
        total_column = self._column("total") or "beftotalt"
        total = self._count(row, total_column, cells.get(total_column, ""), required=True)
        bands = {c: self._count(row, c, cells.get(c, "")) for c in self.bands}
        groups: dict[str, int | None] = {}
        for group, columns in self.group_bands.items():
            groups[group] = None if columns is None else sum(bands[c] or 0 for c in columns)
        extra = {c: float(self._count(row, c, cells.get(c, ""), whole=False) or 0) for c in extra_columns}
        mun_column = self._column("municipality_code")
        municipality = cells.get(mun_column, "") if mun_column else ""
        if municipality and not re.fullmatch(r"\d{4}", municipality):
            self.error(row, mun_column or "", municipality, N_("The municipality code must have four digits."))
        if len(self.errors) > before or total is None or cell_size is None:
            return None
        return GridSquareRecord(row, f"{corner[0]:06d}{corner[1]:07d}", corner[0], corner[1], total,
                                municipality, groups, extra)

    def _count(self, row: int, column: str, value: str, required: bool = False, whole: bool = True) -> Any:
        if value.isascii() and value.isdigit():  # how SCB writes nearly every count: the fast path
            return int(value)
        if value == "":
            if required:
                self.error(row, column, value, N_("The value is missing."))
                return None
            return 0
        try:
            number = parse_number(value)
        except ValueError:
            self.error(row, column, value, N_("Not a number."))
            return None
        if number < 0:
            self.error(row, column, value, N_("A number of people cannot be negative."))
            return None
        if whole and not number.is_integer():
            self.error(row, column, value, N_("A number of people must be a whole number."))
            return None
        return int(number) if whole else number


def _bands_of_group(bands: Mapping[str, tuple[int, int | None]], first: int, last: int | None) -> list[str] | None:
    """The columns that make up ages first..last exactly, or None when a class straddles a boundary."""
    if not bands:
        return None
    inside = []
    for column, (low, high) in bands.items():
        top = high if high is not None else 10_000
        group_top = last if last is not None else 10_000
        if low >= first and top <= group_top:
            inside.append(column)
        elif top >= first and low <= group_top:  # overlaps without lying inside
            return None
    covered = sorted((bands[c][0], _top(bands[c][1])) for c in inside)
    expected = first
    for low, high in covered:
        if low != expected:
            return None  # a gap: some ages of the group are in no column
        expected = high + 1
    if last is None:
        return inside if covered and covered[-1][1] == 10_000 else None
    return inside if expected == last + 1 else None


def _top(last: int | None) -> int:
    return 10_000 if last is None else last


def _is_number(value: str) -> bool:
    try:
        parse_number(value)
    except ValueError:
        return False
    return True


def _integer(value: str) -> int | None:
    try:
        number = parse_number(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
