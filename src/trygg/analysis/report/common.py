"""What the parts of the needs-analysis report share: array types, the report's error, place names and sites."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from trygg.analysis.coverage import (
    Sites,
)
from trygg.analysis.demand import (
    MunicipalityBoundaries,
    assign_municipalities,
)
from trygg.analysis.errors import AnalysisError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
class ReportError(AnalysisError):
    """Input the needs-analysis report cannot use; the message says what and where."""


def place_name(demand_id: str) -> str:
    """A readable name for a demand id (``tatort:2380TB108:Östersund`` → ``Östersund``)."""
    return str(demand_id).rsplit(":", 1)[-1]


def finite(value: float) -> float | None:
    """JSON has no infinity: an infinite gap (objective 0) becomes null."""
    return float(value) if np.isfinite(value) else None


def with_site_municipalities(sites: Sites, boundaries: MunicipalityBoundaries | None) -> Sites:
    """A copy of ``sites`` whose missing kommun codes are filled by point-in-polygon."""
    if boundaries is None or all(sites.municipality):
        return sites
    assigned = assign_municipalities(sites.x_m, sites.y_m, boundaries)
    codes = [code or str(found) for code, found in zip(sites.municipality, assigned, strict=True)]
    return Sites(
        list(sites.ids), list(sites.names), sites.lon, sites.lat, codes, list(sites.kind),
        list(sites.approximate), sites.source,
    )


def combine_sites(first: Sites | None, second: Sites | None) -> Sites | None:
    """The points of ``first`` followed by those of ``second`` (either may be None)."""
    parts = [s for s in (first, second) if s is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    a, b = parts
    return Sites(
        a.ids + b.ids, a.names + b.names, np.concatenate([a.lon, b.lon]),
        np.concatenate([a.lat, b.lat]), a.municipality + b.municipality, a.kind + b.kind,
        a.approximate + b.approximate, a.source,
    )
