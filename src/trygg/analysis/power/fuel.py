"""Diesel consumption and fuel endurance.

The reference table (REFERENCE.md, "Backup power and fuel": a vendor chart
repeated by several suppliers) gives litres per hour at ¼, ½, ¾ and full load
for sets of 20, 60, 100, 250 and 500 kW. :func:`litres_per_hour` interpolates
it bilinearly and matches every table point exactly:

* on rated power, linearly between table rows; below 20 kW and above 500 kW
  the nearest row is scaled in proportion to the rating (a 10 kW set burns
  half of a 20 kW set at the same load fraction);
* on load fraction, linearly between ¼ and full load; below ¼ load linearly
  toward a no-load figure found by extending the ¼–½ segment to zero load
  (2 × ¼-load − ½-load: 1.2 l/h for the 20 kW set, 13.2 l/h for the 500 kW
  set, 10–20 % of full-load consumption, typical for idling diesels); above
  full load the set cannot deliver more, so the fraction is capped at 1;
* zero load means the set is stopped and burns nothing.

A data sheet's own figures (:class:`ConsumptionCurve`) override the table for
one generator, with the same rules below its lowest point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trygg.analysis.power.errors import PowerInputError, require, require_positive
from trygg.text import N_

TABLE_RATED_KW = np.array([20.0, 60.0, 100.0, 250.0, 500.0])
TABLE_LOAD_FRACTIONS = np.array([0.25, 0.5, 0.75, 1.0])
TABLE_L_PER_H = np.array(
    [
        [2.3, 3.4, 4.9, 6.1],
        [6.8, 11.0, 14.4, 18.2],
        [9.8, 15.5, 22.0, 28.0],
        [21.6, 36.0, 51.5, 68.1],
        [41.6, 70.0, 99.9, 135.1],
    ]
)
# Load-fraction knots of the extended table: no load, then ¼ … full.
KNOTS = np.concatenate([[0.0], TABLE_LOAD_FRACTIONS])


@dataclass(frozen=True)
class ConsumptionCurve:
    """A generator's own consumption from its data sheet.

    Parameters
    ----------
    load_fraction : sequence of float
        Load as a fraction of rated power, strictly increasing, 0 ≤ f ≤ 1.
    l_per_h : sequence of float
        Litres per hour at each fraction, above zero.

    Examples
    --------
    >>> curve = ConsumptionCurve((0.25, 0.5, 0.75, 1.0), (2.0, 3.0, 4.2, 5.5))
    >>> float(curve.at(np.array([0.5]))[0])
    3.0
    """

    load_fraction: tuple[float, ...]
    l_per_h: tuple[float, ...]

    def __post_init__(self) -> None:
        fractions = np.asarray(self.load_fraction, dtype=np.float64)
        litres = np.asarray(self.l_per_h, dtype=np.float64)
        require(
            len(fractions) >= 2 and len(fractions) == len(litres),
            N_("needs at least two points, as many load fractions as l/h figures"),
            "consumption_curve",
            {"load_fraction": list(self.load_fraction), "l_per_h": list(self.l_per_h)},
        )
        require(
            bool(np.all(np.diff(fractions) > 0) and fractions[0] >= 0 and fractions[-1] <= 1),
            N_("must rise strictly within 0–1"),
            "consumption_curve.load_fraction",
            list(self.load_fraction),
        )
        for i, value in enumerate(self.l_per_h):
            require_positive(value, f"consumption_curve.l_per_h[{i}]")

    def knots(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Knots extended to 0 and 1 load by the first and last segments (l/h ≥ 0)."""
        x = np.asarray(self.load_fraction, dtype=np.float64)
        y = np.asarray(self.l_per_h, dtype=np.float64)
        if x[0] > 0:
            slope = (y[1] - y[0]) / (x[1] - x[0])
            x, y = np.concatenate([[0.0], x]), np.concatenate([[max(y[0] - slope * x[0], 0.0)], y])
        if x[-1] < 1:
            slope = (y[-1] - y[-2]) / (x[-1] - x[-2])
            x, y = np.concatenate([x, [1.0]]), np.concatenate([y, [y[-1] + slope * (1 - x[-1])]])
        return x, y

    def at(self, load_fraction: NDArray[np.float64]) -> NDArray[np.float64]:
        """Litres per hour at each load fraction (0 → stopped → 0 l/h)."""
        x, y = self.knots()
        fraction = np.clip(load_fraction, 0.0, 1.0)
        return np.where(fraction > 0, np.interp(fraction, x, y), 0.0)


def table_rows(rated_kw: ArrayLike) -> NDArray[np.float64]:
    """Reference-table rows for each rating: l/h at no load, ¼, ½, ¾ and full load.

    Returns
    -------
    ndarray, shape (n, 5)
        Litres per hour at load fractions ``KNOTS`` for each rated kW.
    """
    rated = np.atleast_1d(np.asarray(rated_kw, dtype=np.float64))
    if np.any(~np.isfinite(rated) | (rated <= 0)):
        bad = rated[~np.isfinite(rated) | (rated <= 0)][0]
        raise PowerInputError(N_("must be a number above zero"), field="rated_kw", value=float(bad))
    clipped = np.clip(rated, TABLE_RATED_KW[0], TABLE_RATED_KW[-1])
    columns = [np.interp(clipped, TABLE_RATED_KW, TABLE_L_PER_H[:, j]) for j in range(4)]
    rows = np.stack(columns, axis=1) * (rated / clipped)[:, None]
    no_load = np.maximum(2 * rows[:, 0] - rows[:, 1], 0.0)
    return np.concatenate([no_load[:, None], rows], axis=1)


def _interp_rows(rows: NDArray[np.float64], fraction: NDArray[np.float64]) -> NDArray[np.float64]:
    """Piecewise-linear interpolation on the common ``KNOTS``, row by row (vectorised)."""
    f = np.clip(fraction, 0.0, 1.0)
    segment = np.minimum((f * 4).astype(np.intp), 3)
    weight = f * 4 - segment
    low = np.take_along_axis(rows, segment, axis=1)
    high = np.take_along_axis(rows, segment + 1, axis=1)
    return np.where(f > 0, low + (high - low) * weight, 0.0)


def litres_per_hour(
    rated_kw: ArrayLike,
    load_kw: ArrayLike,
    curves: Sequence[ConsumptionCurve | None] | None = None,
) -> NDArray[np.float64]:
    """Diesel consumption in l/h of sets of ``rated_kw`` carrying ``load_kw``.

    Parameters
    ----------
    rated_kw : array_like, shape (n,)
        Rated real power of each set, kW.
    load_kw : array_like, shape (n,) or (n, m)
        Load on each set, kW; a second axis is time.
    curves : sequence of ConsumptionCurve or None, optional
        Per-set data-sheet curves that replace the reference table.

    Returns
    -------
    ndarray
        Litres per hour, the shape of ``load_kw``.

    Examples
    --------
    >>> float(litres_per_hour(20.0, 10.0)[0])
    3.4
    >>> float(litres_per_hour(40.0, 10.0)[0])  # ¼ load, halfway 20 → 60 kW
    4.55
    """
    rated = np.atleast_1d(np.asarray(rated_kw, dtype=np.float64))
    load = np.asarray(load_kw, dtype=np.float64)
    flat = load.ndim <= 1
    load2 = load.reshape(rated.shape[0], -1)
    fraction = load2 / rated[:, None]
    result = _interp_rows(table_rows(rated), fraction)
    for i, curve in enumerate(curves or ()):
        if curve is not None:
            result[i] = curve.at(fraction[i])
    return result.reshape(-1) if flat else result


def endurance_h(usable_l: float, l_per_h_by_hour: ArrayLike, start_hour: int = 0) -> float:
    """Hours until ``usable_l`` litres are burnt on a repeating 24-hour profile.

    Parameters
    ----------
    usable_l : float
        Usable fuel in the tank, l.
    l_per_h_by_hour : array_like, shape (24,)
        Consumption in each hour of the day, l/h.
    start_hour : int
        Hour of day the outage (or the count) starts, 0–23.

    Returns
    -------
    float
        Endurance in hours; ``inf`` if the profile burns nothing.

    Examples
    --------
    >>> round(endurance_h(200.0, [3.4] * 24), 1)  # 20 kW set at half load
    58.8
    """
    profile = np.roll(np.asarray(l_per_h_by_hour, dtype=np.float64), -int(start_hour))
    require(profile.shape == (24,), N_("needs 24 hourly values"), "l_per_h_by_hour", profile.shape)
    if usable_l <= 0:
        return 0.0
    daily = float(profile.sum())
    if daily <= 0:
        return float("inf")
    # Skip whole days first, then walk the last two days hour by hour.
    whole_days = max(int(usable_l // daily) - 1, 0)
    remaining = usable_l - whole_days * daily
    two_days = np.tile(profile, 2)
    cumulative = np.concatenate([[0.0], np.cumsum(two_days)])
    k = int(np.searchsorted(cumulative, remaining, side="left"))
    hour = k - 1
    within = (remaining - cumulative[hour]) / two_days[hour]
    return whole_days * 24 + hour + float(within)


def runs_dry_at(start: datetime, endurance: float) -> datetime | None:
    """The moment the tank runs dry, or None when it never does."""
    if not np.isfinite(endurance):
        return None
    return start + timedelta(hours=float(endurance))
