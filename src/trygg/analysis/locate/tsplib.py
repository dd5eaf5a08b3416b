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
        raise LocationInputError(f"rounding must be one of {', '.join(ROUNDINGS)}, got {rounding!r}")
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
        raise LocationInputError(f"{path.name}: not a text file (TSPLIB files are plain ASCII)") from None
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
                f"{file_name} line {index + 1}: expected a header line 'KEY : VALUE' or "
                f"{_SECTION}, got {line[:60]!r}"
            )
        if key != "COMMENT":
            header[key] = value.strip()
    raise LocationInputError(f"{file_name}: no {_SECTION} (only EUC_2D node files are supported)")


def _check_header(file_name: str, header: dict[str, str], section_line: int) -> int:
    where = f"{file_name} (header, before line {section_line + 1})"
    for key in _REQUIRED_KEYS:
        if key not in header:
            raise LocationInputError(f"{where}: missing {key}")
    problem_type = header.get("TYPE", "TSP").upper()
    if problem_type not in _SUPPORTED_TYPES:
        raise LocationInputError(f"{where}: TYPE {problem_type} is not supported (only TSP)")
    weight_type = header["EDGE_WEIGHT_TYPE"].upper()
    if weight_type not in _SUPPORTED_WEIGHTS:
        raise LocationInputError(
            f"{where}: EDGE_WEIGHT_TYPE {weight_type} is not supported (only {', '.join(_SUPPORTED_WEIGHTS)})"
        )
    header["EDGE_WEIGHT_TYPE"] = weight_type
    try:
        dimension = int(header["DIMENSION"])
    except ValueError:
        raise LocationInputError(f"{where}: DIMENSION must be a whole number, got {header['DIMENSION']!r}") from None
    if dimension < 1:
        raise LocationInputError(f"{where}: DIMENSION must be at least 1, got {dimension}")
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
            raise LocationInputError(f"{file_name} line {index + 1}: node {node} appears twice")
        seen[node - 1] = True
        coordinates[node - 1] = (x, y)
    if not seen.all():
        missing = np.flatnonzero(~seen)[:5] + 1
        raise LocationInputError(
            f"{file_name}: DIMENSION is {dimension} but {int((~seen).sum())} node(s) have no "
            f"coordinates (first: {', '.join(str(node) for node in missing)})"
        )
    return coordinates


def _coordinate_line(file_name: str, number: int, line: str, dimension: int) -> tuple[int, float, float]:
    where = f"{file_name} line {number}"
    parts = line.split()
    if len(parts) != 3:
        raise LocationInputError(f"{where}: expected 'node x y', got {line[:60]!r}")
    try:
        node = int(parts[0])
        x, y = float(parts[1]), float(parts[2])
    except ValueError:
        raise LocationInputError(f"{where}: expected a node number and two numbers, got {line[:60]!r}") from None
    if not 1 <= node <= dimension:
        raise LocationInputError(f"{where}: node {node} is outside 1..{dimension} (DIMENSION)")
    if not (np.isfinite(x) and np.isfinite(y)):
        raise LocationInputError(f"{where}: coordinates must be finite numbers, got {line[:60]!r}")
    return node, x, y


def tsplib_table(instance: TsplibInstance, rounding: str = "nint") -> LocationTable:
    """The p-median table of a TSPLIB instance: node ``k`` (1-based id ``"k"``) is demand of weight 1 and a site."""
    from trygg.analysis.locate.geo import LocationTable

    ids = tuple(str(node) for node in range(1, instance.dimension + 1))
    return LocationTable(ids, ids, instance.costs(rounding), np.ones(instance.dimension))
