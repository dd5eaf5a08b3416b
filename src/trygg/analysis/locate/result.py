"""The result every location model returns: sites, assignment, objective, bound and gap."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Sense = Literal["min", "max"]

#: Gaps below this are floating-point noise in a proven optimum and are reported as 0.
_GAP_NOISE = 1e-9


@dataclass(frozen=True)
class LocationResult:
    """What a location model found and how good it provably is.

    Attributes
    ----------
    model : str
        ``"lscp"``, ``"lscpb"``, ``"mclp"``, ``"pmedian"`` or ``"pcenter"``.
    sites : ndarray of int
        Chosen candidate columns (fixed sites included), sorted.
    assignment : ndarray of int
        For each demand row, the chosen site that serves it: the nearest chosen
        site (for covering models, the nearest chosen site within the radius);
        ``-1`` when no chosen site serves the row.
    objective : float
        Value of the solution: number of sites (LSCP), weight with backup cover
        (LSCP-B), covered weight (MCLP), weighted cost sum (p-median) or the
        largest cost (p-center).
    bound : float
        Best proven bound on the optimum: a lower bound when ``sense`` is
        ``"min"``, an upper bound when it is ``"max"``.
    sense : {"min", "max"}
        Whether the model minimises or maximises ``objective``.
    status : str
        ``"optimal"`` (gap 0), ``"time_limit"`` (stopped with a gap) or
        ``"feasible"`` (a bounded solution without a full proof).
    solve_time_s : float
        Wall-clock time of ``solve()``, in seconds.
    method : str
        ``"exact-highs"`` (HiGHS MILP proved it) or ``"heuristic+bound"``.
    covered_weight : float or None
        Weight within the radius of at least one chosen site (covering models).
    uncovered : ndarray of int or None
        Demand rows with positive weight that no chosen site covers (covering models).
    backup_weight : float or None
        Weight within the radius of at least two chosen sites (LSCP-B).
    cover_count : ndarray of int or None
        For each demand row, how many chosen sites lie within the radius (covering models).
    details : dict
        Model-specific figures (problem size after reduction, iterations, ...).
    """

    model: str
    sites: NDArray[np.intp]
    assignment: NDArray[np.intp]
    objective: float
    bound: float
    sense: Sense
    status: str
    solve_time_s: float
    method: str
    covered_weight: float | None = None
    uncovered: NDArray[np.intp] | None = None
    backup_weight: float | None = None
    cover_count: NDArray[np.intp] | None = None
    details: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Proven relative gap between ``objective`` and ``bound`` (0 when optimal)."""
        return relative_gap(self.objective, self.bound)

    @property
    def lower_bound(self) -> float:
        """A proven lower bound on the optimal objective."""
        return self.bound if self.sense == "min" else self.objective

    @property
    def upper_bound(self) -> float:
        """A proven upper bound on the optimal objective."""
        return self.objective if self.sense == "min" else self.bound


def relative_gap(objective: float, bound: float) -> float:
    """Relative distance ``|objective - bound| / |objective|``; 0 within float noise."""
    difference = abs(objective - bound)
    scale = max(abs(objective), abs(bound))
    if scale == 0 or difference <= _GAP_NOISE * scale:
        return 0.0
    if abs(objective) == 0:
        return float("inf")
    return difference / abs(objective)


def round_up_bound(bound: float, integral: bool) -> float:
    """A lower bound raised to the next whole number when every objective is whole.

    (A tiny tolerance keeps float noise on a whole-number bound from adding 1.)
    """
    if not integral or not math.isfinite(bound):
        return bound
    return float(math.ceil(bound - 1e-9 * max(1.0, abs(bound))))
