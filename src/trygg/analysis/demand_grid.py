"""Demand from stored SCB grid squares, and weights for vulnerable groups.

A stored square is SCB's south-west corner (SWEREF 99 TM, m), its side and
its residents; the demand point is the square's centre. A *group weight*
makes each person in one group count ``factor`` times::

    weighted_i = population_i + (factor − 1) × count_{g,i}

so "elderly 80+ ×2" adds each square's 80+ residents once more. One group is
weighted at a time: the groups overlap (every 80-year-old is also 65+), and
weighing two of them would count the same person twice over. SCB protects
small counts, so a group can exceed a square's total by a person or two; the
weighted figure is never below the unweighted one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.demand import Demand
from trygg.analysis.errors import AnalysisError
from trygg.text import N_

FloatArray = NDArray[np.float64]

#: The finest to coarsest cells squares are gathered into for a map, m.
MAP_CELL_SIZES_M = (1_000, 2_000, 5_000, 10_000, 20_000)

#: The largest factor a page accepts (a person counting ten times is already extreme).
MAX_FACTOR = 10.0


@dataclass(frozen=True)
class GroupWeight:
    """Each person in ``group`` counts ``factor`` times (``factor`` in 1..10).

    Examples
    --------
    >>> GroupWeight("elderly_80", 2.0).apply(np.array([10.0]), np.array([3.0]))
    array([13.])
    """

    group: str
    factor: float

    def __post_init__(self) -> None:
        if not (isinstance(self.factor, int | float) and math.isfinite(self.factor)
                and 1.0 <= self.factor <= MAX_FACTOR):
            raise AnalysisError(N_("weight for {group}: {factor!r} must be a number from 1 to {MAX_FACTOR:g}", group=self.group, factor=self.factor, MAX_FACTOR=MAX_FACTOR))

    def apply(self, population: FloatArray, counts: FloatArray) -> FloatArray:
        """The weighted population per point."""
        return population + (self.factor - 1.0) * np.asarray(counts, dtype=np.float64)


def grid_demand(
    square_ids: Sequence[str],
    x_corner: Sequence[int] | NDArray[np.int64],
    y_corner: Sequence[int] | NDArray[np.int64],
    cell_size_m: int,
    population: Sequence[float] | FloatArray,
    municipality: Sequence[str],
    source: str,
) -> Demand:
    """One demand point per square, at the square's centre (SWEREF 99 TM).

    Examples
    --------
    >>> d = grid_demand(["4810007005000"], [481000], [7005000], 1000, [12], ["2380"], "test")
    >>> float(d.x_m[0]), float(d.y_m[0]), d.modelled
    (481500.0, 7005500.0, False)
    """
    if cell_size_m not in (250, 1000):
        raise AnalysisError(N_("{source}: square size {cell_size_m} m is not SCB's 250 or 1000 m", source=source, cell_size_m=cell_size_m))
    half = cell_size_m / 2.0
    x = np.asarray(x_corner, dtype=np.float64) + half
    y = np.asarray(y_corner, dtype=np.float64) + half
    return Demand.from_xy(list(square_ids), x, y, population, list(municipality), source=source,
                          note="SCB population grid: one point per square at the square's centre.")


def weighted_demand(demand: Demand, weight: GroupWeight, counts: FloatArray) -> Demand:
    """A copy of ``demand`` whose population is the weighted population."""
    if len(counts) != demand.n:
        raise AnalysisError(N_("{source}: {counts_count} group counts for {n} points", source=demand.source, counts_count=len(counts), n=demand.n))
    return replace(demand, population=weight.apply(demand.population, counts))


@dataclass(frozen=True)
class Gathered:
    """Points gathered into square cells: the cell of each point and per-cell sums."""

    cell_of_point: NDArray[np.intp]
    n_cells: int
    population: FloatArray
    x_m: FloatArray
    y_m: FloatArray
    points: NDArray[np.intp]

    def mean(self, values: FloatArray, weights: FloatArray) -> FloatArray:
        """The ``weights``-weighted mean of ``values`` per cell (NaN where a cell weighs nothing)."""
        total = np.bincount(self.cell_of_point, weights=weights, minlength=self.n_cells)
        summed = np.bincount(self.cell_of_point, weights=weights * values, minlength=self.n_cells)
        with np.errstate(invalid="ignore", divide="ignore"):
            return summed / total

    def sum(self, values: FloatArray) -> FloatArray:
        return np.bincount(self.cell_of_point, weights=values, minlength=self.n_cells).astype(np.float64)


def gather_in_cells(x_m: FloatArray, y_m: FloatArray, population: FloatArray, max_cells: int,
                    sizes_m: Sequence[float] = MAP_CELL_SIZES_M) -> tuple[Gathered, float]:
    """Gather points into the finest square cells (of ``sizes_m``) that make at most ``max_cells`` cells.

    Each cell sits at its residents' centre of gravity (SWEREF 99 TM).

    Examples
    --------
    >>> g, size = gather_in_cells(np.array([100.0, 900.0, 5_500.0]), np.array([100.0, 300.0, 100.0]),
    ...                           np.array([1.0, 3.0, 2.0]), max_cells=2)
    >>> size, g.n_cells, g.population.tolist(), g.x_m.tolist()
    (1000, 2, [4.0, 2.0], [700.0, 5500.0])
    """
    for size in sizes_m:
        keys = (np.floor(x_m / size).astype(np.int64) << 32) + np.floor(y_m / size).astype(np.int64)
        unique, inverse = np.unique(keys, return_inverse=True)
        if len(unique) <= max_cells or size == sizes_m[-1]:
            break
    inverse = inverse.astype(np.intp)
    n = len(unique)
    pop = np.bincount(inverse, weights=population, minlength=n).astype(np.float64)
    count = np.bincount(inverse, minlength=n)
    w = np.where(pop[inverse] > 0, population, 1.0)
    x = np.bincount(inverse, weights=w * x_m, minlength=n) / np.bincount(inverse, weights=w, minlength=n)
    y = np.bincount(inverse, weights=w * y_m, minlength=n) / np.bincount(inverse, weights=w, minlength=n)
    return Gathered(inverse, n, pop, x, y, count.astype(np.intp)), size
