"""TSPLIB 95 node files (``*.tsp`` with ``EDGE_WEIGHT_TYPE : EUC_2D``) as p-median instances.

TSPLIB (G. Reinelt, "TSPLIB - A Traveling Salesman Problem Library", ORSA
Journal on Computing 3 (1991) 376-384) is the other benchmark family of the
p-median literature: every node is a demand point of weight 1 and a candidate
site, and the cost between two nodes is their Euclidean distance made integral.

Two conventions for making it integral are in use:

* ``"nint"`` - TSPLIB's own definition for EUC_2D, the nearest integer
  (``int(d + 0.5)``);
* ``"floor"`` - the distance rounded down, the convention of the p-median papers
  (García, Labbé and Marín 2011; Durán-Mateluna, Alès and Elloumi 2023) whose
  published optima are quoted in the benchmarks.

File layout read here: header lines ``KEY : VALUE`` (``NAME``, ``TYPE``,
``DIMENSION``, ``EDGE_WEIGHT_TYPE``; ``COMMENT`` and other keys are kept but not
used), then ``NODE_COORD_SECTION`` with one line ``id x y`` per node (ids
1..DIMENSION, each once), then an optional ``EOF``. Anything else is an error
naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.locate.validation import LocationInputError
from trygg.text import N_, Text

if TYPE_CHECKING:
    from trygg.analysis.locate.geo import LocationTable

ROUNDINGS = ("nint", "floor")
_SUPPORTED_TYPES = ("TSP",)
_SUPPORTED_WEIGHTS = ("EUC_2D",)
_REQUIRED_KEYS = ("DIMENSION", "EDGE_WEIGHT_TYPE")
_SECTION = "NODE_COORD_SECTION"


@dataclass(frozen=True)
class TsplibInstance:
    """The nodes of a TSPLIB file: ``coordinates[k]`` is node ``k + 1``."""

    name: str
    coordinates: NDArray[np.float64]
    edge_weight_type: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def dimension(self) -> int:
        return len(self.coordinates)

    def costs(self, rounding: str = "nint") -> NDArray[np.float64]:
        """The dense node-by-node cost matrix under ``rounding`` (``"nint"`` or ``"floor"``)."""
        return euclidean_costs(self.coordinates, rounding)


def euclidean_costs(coordinates: NDArray[np.float64], rounding: str = "nint") -> NDArray[np.float64]:
    """Integral Euclidean distances between all rows of ``coordinates`` (shape (n, 2))."""
    if rounding not in ROUNDINGS:
        raise LocationInputError(
            N_("rounding must be one of {choices}, got {rounding!r}", choices=", ".join(ROUNDINGS), rounding=rounding)
        )
    from scipy.spatial.distance import cdist

    distances = cdist(coordinates, coordinates)
    if rounding == "floor":
        return np.floor(distances, out=distances)
    distances += 0.5
    return np.floor(distances, out=distances)


def read_tsplib(path: str | Path) -> TsplibInstance:
    """Read a TSPLIB ``EUC_2D`` node file.

    Raises
    ------
    LocationInputError
        On a missing or unsupported header key, a malformed coordinate line, a
        node id out of range or repeated, or a node count that differs from
        ``DIMENSION``; the message names the file and the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LocationInputError(
            N_("{file}: not a text file (TSPLIB files are plain ASCII)", file=path.name)
        ) from None
    lines = text.splitlines()
    header, section_line = _read_header(path.name, lines)
    dimension = _check_header(path.name, header, section_line)
    coordinates = _read_coordinates(path.name, lines, section_line, dimension)
    return TsplibInstance(header.get("NAME", path.stem), coordinates, header["EDGE_WEIGHT_TYPE"], header)


def _read_header(file_name: str, lines: list[str]) -> tuple[dict[str, str], int]:
    """Header keys up to the coordinate section, and the (0-based) line index of that section."""
    header: dict[str, str] = {}
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        key, colon, value = line.partition(":")
        key = key.strip().upper()
        if key == _SECTION and not value.strip():
            return header, index
        if key == "EOF":
            break
        if not colon:
            raise LocationInputError(
                N_("{where}: expected a header line 'KEY : VALUE' or {section}, got {text!r}",
                   where=_line(file_name, index + 1), section=_SECTION, text=line[:60])
            )
        if key != "COMMENT":
            header[key] = value.strip()
    raise LocationInputError(
        N_("{file}: no {section} (only EUC_2D node files are supported)", file=file_name, section=_SECTION)
    )


def _line(file_name: str, number: int) -> Text:
    """Where in a file: "a280.tsp line 7"."""
    return N_("{file} line {line}", file=file_name, line=number)


def _check_header(file_name: str, header: dict[str, str], section_line: int) -> int:
    where = N_("{file} (header, before line {line})", file=file_name, line=section_line + 1)
    for key in _REQUIRED_KEYS:
        if key not in header:
            raise LocationInputError(N_("{where}: missing {key}", where=where, key=key))
    problem_type = header.get("TYPE", "TSP").upper()
    if problem_type not in _SUPPORTED_TYPES:
        raise LocationInputError(
            N_("{where}: TYPE {type} is not supported (only TSP)", where=where, type=problem_type)
        )
    weight_type = header["EDGE_WEIGHT_TYPE"].upper()
    if weight_type not in _SUPPORTED_WEIGHTS:
        raise LocationInputError(
            N_("{where}: EDGE_WEIGHT_TYPE {type} is not supported (only {supported})",
               where=where, type=weight_type, supported=", ".join(_SUPPORTED_WEIGHTS))
        )
    header["EDGE_WEIGHT_TYPE"] = weight_type
    try:
        dimension = int(header["DIMENSION"])
    except ValueError:
        raise LocationInputError(
            N_("{where}: DIMENSION must be a whole number, got {value!r}", where=where, value=header["DIMENSION"])
        ) from None
    if dimension < 1:
        raise LocationInputError(
            N_("{where}: DIMENSION must be at least 1, got {dimension}", where=where, dimension=dimension)
        )
    return dimension


def _read_coordinates(
    file_name: str, lines: list[str], section_line: int, dimension: int
) -> NDArray[np.float64]:
    coordinates = np.full((dimension, 2), np.nan)
    seen = np.zeros(dimension, dtype=bool)
    for index in range(section_line + 1, len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        if line.upper() == "EOF":
            break
        node, x, y = _coordinate_line(file_name, index + 1, line, dimension)
        if seen[node - 1]:
            raise LocationInputError(
                N_("{where}: node {node} appears twice", where=_line(file_name, index + 1), node=node)
            )
        seen[node - 1] = True
        coordinates[node - 1] = (x, y)
    if not seen.all():
        missing = np.flatnonzero(~seen)[:5] + 1
        raise LocationInputError(
            N_("{file}: DIMENSION is {dimension} but {missing} node(s) have no coordinates (first: {first})",
               file=file_name, dimension=dimension, missing=int((~seen).sum()),
               first=", ".join(str(node) for node in missing))
        )
    return coordinates


def _coordinate_line(file_name: str, number: int, line: str, dimension: int) -> tuple[int, float, float]:
    where = _line(file_name, number)
    parts = line.split()
    if len(parts) != 3:
        raise LocationInputError(N_("{where}: expected 'node x y', got {text!r}", where=where, text=line[:60]))
    try:
        node = int(parts[0])
        x, y = float(parts[1]), float(parts[2])
    except ValueError:
        raise LocationInputError(
            N_("{where}: expected a node number and two numbers, got {text!r}", where=where, text=line[:60])
        ) from None
    if not 1 <= node <= dimension:
        raise LocationInputError(
            N_("{where}: node {node} is outside 1..{dimension} (DIMENSION)", where=where, node=node, dimension=dimension)
        )
    if not (np.isfinite(x) and np.isfinite(y)):
        raise LocationInputError(
            N_("{where}: coordinates must be finite numbers, got {text!r}", where=where, text=line[:60])
        )
    return node, x, y


def tsplib_table(instance: TsplibInstance, rounding: str = "nint") -> LocationTable:
    """The p-median table of a TSPLIB instance: node ``k`` (1-based id ``"k"``) is demand of weight 1 and a site."""
    from trygg.analysis.locate.geo import LocationTable

    ids = tuple(str(node) for node in range(1, instance.dimension + 1))
    return LocationTable(ids, ids, instance.costs(rounding), np.ones(instance.dimension))
