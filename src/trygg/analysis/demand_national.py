"""Modelled demand anywhere in Sweden from SCB's 2,017 tätorter, when no grid is stored.

Outside Jämtland trygg bundles no municipal population totals, so the
countryside between tätorter cannot be modelled: this demand is the
residents of the municipality's tätorter (SCB, 2020-12-31), one point per
tätort at SCB's own point, and says so. In Sweden about 88 % of residents
live in a tätort; the rest are missing from every figure until SCB's
population grid is imported, and every page says that too. A municipality
with no tätort has no modelled demand at all (an :class:`AnalysisError` that
names it).

Pure layer: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from trygg.analysis.demand import Demand
from trygg.analysis.demand_model import Locality
from trygg.analysis.errors import AnalysisError
from trygg.text import N_

SOURCE = "modelled demand: SCB tätorter 2020 only (no countryside)"
NOTE = ("One point per SCB tätort (2020-12-31) at SCB's own point, with its population. Residents outside "
        "tätorter (about 12 % nationally) are not in this model: import SCB's population grid for them.")


def tatort_demand(localities: Iterable[Locality], municipality_codes: Iterable[str]) -> Demand:
    """The tätorter of the given municipalities as demand points (``tatort:<code>:<name>`` ids)."""
    codes = set(municipality_codes)
    chosen = [loc for loc in localities if loc.municipality in codes]
    if not chosen:
        raise AnalysisError(N_("{SOURCE}: no tätort in municipality {value}: import SCB's population grid to analyse it", SOURCE=SOURCE, value=', '.join(sorted(codes))))
    return Demand.from_xy([f"tatort:{loc.code}:{loc.name}" for loc in chosen],
                          np.array([loc.x_m for loc in chosen]), np.array([loc.y_m for loc in chosen]),
                          np.array([loc.population for loc in chosen]),
                          municipality=[loc.municipality for loc in chosen],
                          modelled=True, note=NOTE, source=SOURCE)
