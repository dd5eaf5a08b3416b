"""Read CSV files the way Swedish municipalities really have them.

A register of premises usually leaves a municipality as an Excel export: with
Swedish regional settings that is Windows-1252, semicolon-separated, with
decimal commas ("63,1792") and spaces as thousand separators ("1 234").
Newer tools write UTF-8, with or without a byte-order mark, comma-separated;
Excel's "Unicode text" is UTF-16 and tab-separated. This module reads all of
them into plain rows of strings and leaves the meaning of each column to the
schema (:mod:`trygg.formats.point_schema`). The bytes and their encoding are
:mod:`trygg.formats.textfile`'s, the numbers :mod:`trygg.formats.numbers`'.

Rows keep the number a spreadsheet shows for them (the header is row 1, the
first data row row 2, blank rows still count), so an error message points at
the row the user sees when opening the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from trygg.formats.csvfile import restore
from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.limits import (
    MAX_CELL_CHARS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
)

# Numbers and the file's bytes have their own modules; the readers import them from here too.
from trygg.formats.numbers import NumberError as NumberError
from trygg.formats.numbers import parse_integer as parse_integer
from trygg.formats.numbers import parse_number as parse_number
from trygg.formats.numbers import row_number as row_number
from trygg.formats.textfile import Readable as Readable
from trygg.formats.textfile import Source as Source
from trygg.formats.textfile import decode as decode
from trygg.formats.textfile import limit_exceeded as limit_exceeded
from trygg.formats.textfile import limit_name
from trygg.formats.textfile import read_source as read_source
from trygg.text import N_

DELIMITERS = (",", ";", "\t")
# Enough rows for csv.Sniffer to see a consistent pattern, cheap on any file.
_SNIFF_CHARS = 64 * 1024


@dataclass(frozen=True)
class TableRow:
    """One data row: its spreadsheet row number and its cells by canonical field name."""

    row: int
    cells: dict[str, str]


@dataclass
class Table:
    """A decoded, split CSV file.

    Attributes
    ----------
    header_row : int
        The header's row number (1 unless blank rows come first).
    header : list of str
        The column names as written in the file.
    fields : list of str or None
        The canonical field of each column, ``None`` for an unknown column.
    rows : list of TableRow
        The non-blank data rows whose cells line up with the header.
    encoding : str
        ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a byte-order mark),
        ``"utf-16"`` or ``"cp1252"`` (Windows-1252).
    delimiter : str
        ``","``, ``";"`` or ``"\\t"``.
    errors : list of RowError
        Rows that do not line up with the header, duplicate columns.
    warnings : list of RowWarning
        Unknown columns, which are ignored.
    """

    header_row: int
    header: list[str]
    fields: list[str | None]
    rows: list[TableRow]
    encoding: str
    delimiter: str
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)


# --- delimiter ----------------------------------------------------------------


def detect_delimiter(text: str) -> str:
    """The separator of a CSV text: comma, semicolon or tab.

    :class:`csv.Sniffer` (restricted to those three) decides when its answer
    also occurs in the header line; otherwise the separator that occurs most
    often outside quotes in the header line wins. A one-column file gets a
    comma.
    """
    header = _first_nonblank_line(text)
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut row would look inconsistent
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in DELIMITERS and sniffed in header:
        return sniffed
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_nonblank_line(text: str) -> str:
    for line in _lines(text):
        if line.strip():
            return line.rstrip("\r\n")
    return ""


_LONE_CR = re.compile(r"\r(?!\n)")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line ends, one at a time.

    Neither ``splitlines()`` nor a ``StringIO`` copy of the whole file is
    made, so splitting a file near the byte limit costs no more than one line.
    A file with old Mac line ends (a CR alone) is split by ``StringIO``.
    """
    if _LONE_CR.search(text):
        yield from io.StringIO(text, newline="")
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


# --- header -------------------------------------------------------------------


def header_key(name: str) -> str:
    """A column name reduced for matching: lower case, no accents, ``_`` for the rest.

    ``"Nivå"`` and ``"niva"`` both give ``"niva"``; ``"Reservkraft (kW)"``
    gives ``"reservkraft_kw"``; ``" Kommun-kod "`` gives ``"kommun_kod"``.
    Aliases are compared after the same reduction, so spelling, case and
    diacritics in headers do not matter.
    """
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "_", plain).strip("_")


# --- the table ----------------------------------------------------------------


def read_table(
    source: Source,
    *,
    aliases: Mapping[str, str],
    source_name: str | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
    max_rows: int = MAX_IMPORT_ROWS,
) -> Table:
    """Read a CSV file into rows of strings keyed by canonical field name.

    Parameters
    ----------
    source : path, bytes or binary file
        The CSV file.
    aliases : mapping of str to str
        :func:`header_key` of every accepted column name → canonical field name.
    source_name : str, optional
        The name used in messages (default: the file name).
    max_bytes, max_rows : int
        The file's limits (default: those of every register import).

    Returns
    -------
    Table
        Structural errors (misaligned rows, duplicate columns) are in
        ``Table.errors`` so the caller can report them with the field errors.

    Raises
    ------
    ImportRejected
        If the file is empty, cannot be decoded, or has a header but no rows.
    """
    data, name = read_source(source, source_name, max_bytes)
    text, encoding = decode(data, name)
    delimiter = detect_delimiter(text)
    records = _records(text, delimiter, name, max_rows)
    header_row, header = _header(records, name)
    fields, errors, warnings = _map_columns(header, header_row, aliases)
    unnamed = {i for i, name in enumerate(header) if not name}
    unnamed_with_data: set[int] = set()
    rows: list[TableRow] = []
    for row, cells in records:
        _check_width(row, cells, header, delimiter, errors)
        unnamed_with_data.update(i for i in unnamed if i < len(cells) and cells[i])
        # A short row leaves its last columns blank: the column is still there.
        values = {f: (cells[i] if i < len(cells) else "") for i, f in enumerate(fields) if f is not None}
        rows.append(TableRow(row, values))
    warnings.extend(_unnamed_column(header_row, i + 1) for i in sorted(unnamed_with_data))
    if not rows:
        error = RowError(None, "", "", N_("The file has a header but no data rows."))
        raise ImportRejected([error], name)
    return Table(header_row, header, fields, rows, encoding, delimiter, errors, warnings)


@dataclass
class Rows:
    """A decoded, split CSV file with its own column names (no schema).

    For files whose columns the caller picks by name (demand, sites, weights):
    the same decoding, separator detection, row numbers and limits as
    :func:`read_table`, the cells keyed by the header as written.
    """

    source: str
    header: list[str]
    rows: list[TableRow]
    encoding: str
    delimiter: str
    errors: list[RowError] = field(default_factory=list)


def read_rows(source: Source, *, source_name: str | None = None,
              max_bytes: int = MAX_IMPORT_BYTES, max_rows: int = MAX_IMPORT_ROWS) -> Rows:
    """Read a CSV file (any encoding, separator and row layout :func:`read_table` reads) into rows.

    A file with a header and no data rows gives no rows (the caller says what
    it needed); rows with more values than the header has columns are listed
    in ``Rows.errors``.

    Raises
    ------
    ImportRejected
        If the file cannot be read or decoded, is empty, or passes a limit.
    """
    data, name = read_source(source, source_name, max_bytes)
    text, encoding = decode(data, name)
    delimiter = detect_delimiter(text)
    records = _records(text, delimiter, name, max_rows)
    _, header = _header(records, name)
    errors: list[RowError] = []
    rows: list[TableRow] = []
    for row, cells in records:
        _check_width(row, cells, header, delimiter, errors)
        # A short row leaves its last columns blank; a repeated heading keeps its last value.
        rows.append(TableRow(row, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    return Rows(name, header, rows, encoding, delimiter, errors)


def _records(text: str, delimiter: str, source_name: str,
             max_rows: int = MAX_IMPORT_ROWS) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with their spreadsheet row numbers, cells stripped and restored.

    A cell that trygg's own export guarded against formulas (``'=…``) gets
    its text back (:func:`trygg.formats.csvfile.restore`). The row, column
    and cell limits are checked while the file is split, so a file past one
    is refused at the first row that passes it.
    """
    reader = csv.reader(_lines(text), delimiter=delimiter)
    row = 0
    records = 0
    try:
        for cells in reader:
            row += 1  # a quoted value spanning lines is still one spreadsheet row
            stripped = [restore(c.strip()) for c in cells]
            if not any(stripped):  # ";;;;" is how Excel writes an empty row
                continue
            records += 1
            _check_row_limits(row, records, stripped, source_name, max_rows)
            yield row, stripped
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(source_name, row + 1, "") from exc
        error = RowError(row + 1, "", "", N_("The row cannot be read as CSV ({exc}).", exc=str(exc)))
        raise ImportRejected([error], source_name) from exc


def _check_row_limits(row: int, records: int, cells: list[str], source_name: str,
                      max_rows: int = MAX_IMPORT_ROWS) -> None:
    if records > max_rows + 1:  # the header is a record too
        raise limit_exceeded(
            source_name, row, "",
            N_("The file has more than {max_rows} data rows ({limit_name}); split it.", max_rows=max_rows, limit_name=limit_name(max_rows, 'rows')),
        )
    if len(cells) > MAX_IMPORT_COLUMNS:
        raise limit_exceeded(
            source_name, row, "",
            N_("The row has {cells_count} columns; the limit is {MAX_IMPORT_COLUMNS} (MAX_IMPORT_COLUMNS).", cells_count=len(cells), MAX_IMPORT_COLUMNS=MAX_IMPORT_COLUMNS),
        )
    for number, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise _cell_too_long(source_name, row, f"column {number}")


def _cell_too_long(source_name: str, row: int, field_name: str) -> ImportRejected:
    return limit_exceeded(
        source_name, row, field_name,
        N_("A value is longer than {MAX_CELL_CHARS} characters (MAX_CELL_CHARS).", MAX_CELL_CHARS=MAX_CELL_CHARS),
    )


def _header(records: Iterator[tuple[int, list[str]]], source_name: str) -> tuple[int, list[str]]:
    first = next(records, None)
    if first is None:
        raise ImportRejected([RowError(None, "", "", N_("The file is empty."))], source_name)
    return first


def _map_columns(
    header: list[str], header_row: int, aliases: Mapping[str, str]
) -> tuple[list[str | None], list[RowError], list[RowWarning]]:
    fields: list[str | None] = []
    errors: list[RowError] = []
    warnings: list[RowWarning] = []
    seen: dict[str, str] = {}
    for name in header:
        canonical = aliases.get(header_key(name))
        if canonical is None:
            fields.append(None)
            if name:
                warnings.append(_unknown_column(header_row, name))
            continue
        if canonical in seen:
            errors.append(
                RowError(
                    header_row, canonical, name,
                    N_("Columns '{seen}' and '{name}' both mean '{canonical}'; remove one of them.", seen=seen[canonical], name=name, canonical=canonical),
                )
            )
            fields.append(None)
            continue
        seen[canonical] = name
        fields.append(canonical)
    return fields, errors, warnings


def _unknown_column(row: int, name: str) -> RowWarning:
    return RowWarning(
        row, name,
        N_("Unknown column '{name}' was ignored.", name=name),
    )


def _unnamed_column(row: int, number: int) -> RowWarning:
    return RowWarning(
        row, f"column {number}",
        N_("Column {number} has no heading; its values were ignored.", number=number),
    )


def _check_width(row: int, cells: list[str], header: list[str], delimiter: str, errors: list[RowError]) -> None:
    extra = [c for c in cells[len(header) :] if c]
    if not extra:
        return
    if delimiter == ",":
        message = N_("The row has {values} values but the header has {columns} columns. "
                     "Numbers with a decimal comma must be quoted in a comma-separated file.",
                     values=len(cells), columns=len(header))
    else:
        message = N_("The row has {values} values but the header has {columns} columns.",
                     values=len(cells), columns=len(header))
    errors.append(RowError(row, "", _delimiter_name(delimiter).join(extra), message))
    del cells[len(header) :]


def _delimiter_name(delimiter: str) -> str:
    return " | " if delimiter == "\t" else delimiter
