"""Readers for the plain files a location model can start from.

* a long-form cost table ``demand_id,site_id,cost`` (any metric: metres, minutes, ...);
* a demand table ``id,weight``;
* a list of site ids (eligible or fixed sites), one per line or in an ``id``/``site_id`` column.

Every error names the file, the line and the field. Numbers are read by the project's one parser
(:func:`trygg.formats.tabular.parse_number`: decimal comma or point, space thousands, ``−``), and the
separator is found as for every other table (``,``, ``;`` or tab). The file is streamed, not held
in memory: a cost table can have millions of rows.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from trygg.analysis.locate.validation import LocationInputError
from trygg.formats.tabular import detect_delimiter, parse_number
from trygg.text import N_

COST_COLUMNS = ("demand_id", "site_id", "cost")
DEMAND_COLUMNS = ("id", "weight")


def read_cost_table(path: str | Path) -> list[tuple[str, str, float]]:
    """Read ``demand_id,site_id,cost`` rows; cost must be a non-negative number.

    Raises
    ------
    LocationInputError
        If a column is missing, a cost is not a non-negative number, an id is
        empty, or the file has no rows.
    """
    rows = []
    for line, record in _records(path, COST_COLUMNS):
        demand, site = _id(record, "demand_id", path, line), _id(record, "site_id", path, line)
        rows.append((demand, site, _number(record["cost"], "cost", path, line)))
    if not rows:
        raise LocationInputError(N_("{path}: no cost rows", path=str(path)))
    return rows


def read_demand_table(path: str | Path) -> dict[str, float]:
    """Read ``id,weight`` rows into {demand id: weight}; weights are non-negative numbers.

    Raises
    ------
    LocationInputError
        If a column is missing, an id repeats or is empty, a weight is not a
        non-negative number, or the file has no rows.
    """
    weights: dict[str, float] = {}
    for line, record in _records(path, DEMAND_COLUMNS):
        demand = _id(record, "id", path, line)
        if demand in weights:
            raise LocationInputError(N_("{path}, line {line}: demand id {demand!r} appears more than once", path=str(path), line=line, demand=demand))
        weights[demand] = _number(record["weight"], "weight", path, line)
    if not weights:
        raise LocationInputError(N_("{path}: no demand rows", path=str(path)))
    return weights


def read_site_list(path: str | Path) -> list[str]:
    """Read site ids: one per line, or the ``site_id``/``id`` column of a CSV with a header."""
    with _open(path) as handle:
        lines = [line.strip() for line in handle if line.strip()]
    if not lines:
        raise LocationInputError(N_("{path}: no site ids", path=str(path)))
    header = [name.strip() for name in next(csv.reader([lines[0]]))]
    for column in ("site_id", "id"):
        if column in header:
            position = header.index(column)
            return [next(csv.reader([line]))[position].strip() for line in lines[1:]]
    return lines


def _records(path: str | Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with _open(path) as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=detect_delimiter(sample))
        header = [name.strip() for name in (reader.fieldnames or [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise LocationInputError(
                N_("{path}: missing column(s) {value} (found: {value2})", path=str(path), value=', '.join(missing), value2=', '.join(header) or 'nothing')
            )
        reader.fieldnames = header
        for record in reader:
            yield reader.line_num, record


def _open(path: str | Path) -> TextIO:
    try:
        return open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - used as a context manager by callers
    except OSError as error:
        raise LocationInputError(N_("{path}: cannot read the file ({strerror})", path=str(path), strerror=str(error.strerror))) from error


def _id(record: dict[str, str], field: str, path: str | Path, line: int) -> str:
    value = (record.get(field) or "").strip()
    if not value:
        raise LocationInputError(N_("{path}, line {line}: {field} is empty", path=str(path), line=line, field=field))
    return value


def _number(text: str | None, field: str, path: str | Path, line: int) -> float:
    try:
        value = parse_number((text or "").strip())
    except ValueError:
        raise LocationInputError(N_("{path}, line {line}: {field} {text} is not a number", path=str(path), line=line, field=field, text=repr(text))) from None
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise LocationInputError(N_("{path}, line {line}: {field} is {text}; it must be a finite number >= 0", path=str(path), line=line, field=field, text=repr(text)))
    return value
