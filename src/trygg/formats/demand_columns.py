"""The columns of demand files: numbers, populations, age bands and SCB's square ids.

Shared by the demand readers (:mod:`trygg.formats.demand`, :mod:`trygg.formats.population_grid`) and the
point files (:mod:`trygg.formats.site_files`). A number in a cell is read by the one parser of
:func:`trygg.formats.tabular.row_number`; a bad cell is an
:class:`~trygg.analysis.errors.AnalysisError` naming the file, row and field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.demand import CHILD_MAX_AGE, ELDERLY_MIN_AGE, GROUPS, FloatArray
from trygg.analysis.errors import AnalysisError
from trygg.formats.tabular import NumberError, row_number
from trygg.text import N_


@dataclass
class Table:
    """Rows of a CSV (or attribute) table with the row numbers used in messages."""

    source: str
    header: list[str]
    rows: list[dict[str, str]]
    row_numbers: list[int]

    def column(self, candidates: Iterable[str], required: str | None = None) -> str | None:
        """The first header name matching a candidate, case-insensitively."""
        lowered = {h.strip().lower(): h for h in self.header}
        for name in candidates:
            if name.lower() in lowered:
                return lowered[name.lower()]
        if required:
            raise AnalysisError(
                N_("{source}: no {required} column (looked for {value}; found {value2})", source=self.source, required=required, value=', '.join(candidates), value2=', '.join(self.header))
            )
        return None


def cell_number(value: Any, source: str, row: int, field_name: str) -> float:
    """A number from a file: a JSON number as it is, a text by :func:`trygg.formats.tabular.row_number`

    (decimal comma, space, no-break and narrow no-break space thousands, ``−``).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = row_number("" if value is None else str(value), source, row, field_name)
        except NumberError as exc:
            raise AnalysisError(str(exc)) from None
    if not math.isfinite(number):
        raise AnalysisError(N_("{source}, row {row}: {field_name}={value!r} is not a finite number", source=source, row=row, field_name=field_name, value=value))
    return number


def cell_population(value: Any, source: str, row: int, field_name: str) -> float:
    number = cell_number(value, source, row, field_name)
    if number < 0:
        raise AnalysisError(
            N_("{source}, row {row}: {field_name}={value!r} is negative; a population must be ≥ 0", source=source, row=row, field_name=field_name, value=value)
        )
    return number


# --- age bands -> groups --------------------------------------------------------

_AGE_BAND = re.compile(
    r"^(?:ald(?:er)?|age|a|bef)?_?(\d{1,3})(?:\s*[-_–]\s*(\d{1,3})|\s*(\+|plus|w|_?over|_?older))$",
    re.IGNORECASE,
)


def parse_age_band(column: str) -> tuple[int, int | None] | None:
    """The (first, last) ages of a column such as ``ald0_4``, ``65-69``, ``85+``.

    ``last`` is None for an open band (``85+``, ``ald100w``). Returns None when
    the column is not an age band.

    Examples
    --------
    >>> parse_age_band("ald15_19"), parse_age_band("85+"), parse_age_band("kommun")
    ((15, 19), (85, None), None)
    """
    match = _AGE_BAND.match(column.strip())
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else None
    if last is not None and last < first:
        return None
    return first, last


def _band_share(first: int, last: int | None, low: int, high: int | None) -> float:
    """The share of a band [first, last] whose ages fall in [low, high].

    Ages within a band are assumed evenly spread (e.g. 3/5 of ages 15–19 are
    0–17), the usual assumption when SCB's five-year bands are split.
    """
    if last is None:
        return 1.0 if first >= low and high is None else 0.0
    top = last if high is None else min(last, high)
    overlap = top - max(first, low) + 1
    return max(0, overlap) / (last - first + 1)


def groups_from_age_bands(
    table_rows: Sequence[Mapping[str, Any]],
    header: Sequence[str],
    source: str,
    rows: Sequence[int],
    elderly_min_age: int = ELDERLY_MIN_AGE,
) -> dict[str, FloatArray]:
    """Children (0–17) and elderly (``elderly_min_age``+, default 65) counts from age bands."""
    bands = {col: band for col in header if (band := parse_age_band(col)) is not None}
    if not bands:
        return {}
    children = np.zeros(len(table_rows))
    elderly = np.zeros(len(table_rows))
    for col, (first, last) in bands.items():
        child_share = _band_share(first, last, 0, CHILD_MAX_AGE)
        elder_share = _band_share(first, last, elderly_min_age, None)
        if child_share == 0 and elder_share == 0:
            continue
        values = np.array(
            [
                cell_population(r.get(col), source, rows[i], col)
                if r.get(col) not in (None, "")
                else 0.0
                for i, r in enumerate(table_rows)
            ]
        )
        children += child_share * values
        elderly += elder_share * values
    result: dict[str, FloatArray] = {}
    if any(_band_share(f, la, 0, CHILD_MAX_AGE) for f, la in bands.values()):
        result["children"] = children
    if any(_band_share(f, la, elderly_min_age, None) for f, la in bands.values()):
        result["elderly"] = elderly
    return result


def group_columns(
    table_rows: Sequence[Mapping[str, Any]],
    header: Sequence[str],
    source: str,
    rows: Sequence[int],
    group_fields: Mapping[str, str] | None,
) -> dict[str, FloatArray]:
    """Counts from explicit group columns (default names: the group names)."""
    mapping = dict(group_fields) if group_fields else {g: g for g in GROUPS}
    lowered = {h.lower(): h for h in header}
    result: dict[str, FloatArray] = {}
    for group, column in mapping.items():
        if group not in GROUPS:
            raise AnalysisError(N_("{source}: unknown group {group!r} (known: {value})", source=source, group=group, value=', '.join(GROUPS)))
        real = lowered.get(column.lower())
        if real is None:
            if group_fields:
                raise AnalysisError(N_("{source}: no column {column!r} for group {group}", source=source, column=column, group=group))
            continue
        result[group] = np.array(
            [cell_population(r.get(real), source, rows[i], real) for i, r in enumerate(table_rows)]
        )
    return result


# --- SCB population grid squares ---------------------------------------------------

GRID_CELL_SIZES_M = (1000, 250)


def parse_scb_square_id(square_id: str, source: str = "grid", row: int = 0) -> tuple[int, int]:
    """The SWEREF 99 TM south-west corner (easting, northing), m, of an SCB square id.

    SCB names a grid square by the coordinates of its south-west (lower-left)
    corner in SWEREF 99 TM: the 6-digit easting followed by the 7-digit
    northing, 13 digits in all (e.g. ``"4810007005000"`` is the 1 km square
    whose corner is E 481 000, N 7 005 000, in Östersund). This is how the
    ``Ruta`` field of SCB's SWEREF grid files reads in code that uses them
    (e.g. ``rfvcft/gymnasiearbete``, which splits it as ``id // 10**7`` and
    ``id % 10**7``); it matches the INSPIRE/Eurostat convention of naming a
    grid cell by its lower-left corner.

    Examples
    --------
    >>> parse_scb_square_id("4810007005000")
    (481000, 7005000)
    """
    text = str(square_id).strip()
    if text.endswith(".0"):  # a spreadsheet turned the id into a float
        text = text[:-2]
    if not (len(text) == 13 and text.isdigit()):
        raise AnalysisError(
            N_("{source}, row {row}: square id {square_id!r} is not SCB's 13-digit id (6-digit easting + 7-digit northing of the south-west corner, SWEREF 99 TM)", source=source, row=row, square_id=square_id)
        )
    return int(text[:6]), int(text[6:])


def square_centres(
    x: NDArray[np.int64], y: NDArray[np.int64], source: str, cell_size_m: int | None = None
) -> tuple[FloatArray, FloatArray, int]:
    """Square centres (m) and cell size from the coordinates SCB ids or columns give.

    The coordinates are south-west corners when all lie on a 1 km grid;
    when all lie half a cell off it, they are taken to be centres already
    (some derived files name squares by their centre); then the same for
    250 m. A file of 250 m squares whose corners all happen to end in 500
    would read as 1 km centres: give ``cell_size_m`` to rule that out.
    Anything else is rejected, naming the first square that fits neither.
    """
    sizes = (cell_size_m,) if cell_size_m else GRID_CELL_SIZES_M
    for size in sizes:  # largest first: a 1 km centre is also a 250 m corner
        if np.all(x % size == 0) and np.all(y % size == 0):
            return (x + size / 2.0).astype(np.float64), (y + size / 2.0).astype(np.float64), size
        half = size // 2
        if np.all((x - half) % size == 0) and np.all((y - half) % size == 0):
            return x.astype(np.float64), y.astype(np.float64), size
    step = min(sizes)
    off = (x % step != 0) | (y % step != 0)
    bad = int(np.flatnonzero(off)[0]) if off.any() else 0
    raise AnalysisError(
        N_("{source}, square {value}: corner ({x}, {y}) is not on SCB's {value2} grid (neither as south-west corners nor as centres); give cell_size_m or check the id", source=source, value=bad + 1, x=x[bad], y=y[bad], value2=' or '.join(f'{s} m' for s in sorted(sizes)))
    )
