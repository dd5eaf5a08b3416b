"""Location models: which sites to open so that demand is covered or served best.

Array-first core (a demand x candidate cost matrix and weights in, a
:class:`LocationResult` out) and a geo layer with ids on top:

* :class:`LSCP` - fewest sites covering all demand within a radius;
* :class:`LSCPB` - among those minimum covers, the most demand covered twice;
* :class:`MCLP` - ``p`` sites covering the most demand weight;
* :class:`PMedian` - ``p`` sites minimising total weighted travel cost;
* :class:`PCenter` - ``p`` sites minimising the largest travel cost.

Every model takes fixed (already decided) and eligible sites, and reports its
objective, a proven bound and the gap between them. See docs/location-models.md.
"""

from trygg.analysis.locate.covering import LSCP, LSCPB, MCLP
from trygg.analysis.locate.geo import (
    MODELS,
    LocationTable,
    SiteSelection,
    check_swedish_lonlat,
    make_model,
    optimize_sites,
    project_to_sweref,
    straight_line_costs,
)
from trygg.analysis.locate.pcenter import PCenter
from trygg.analysis.locate.pmedian import PMedian
from trygg.analysis.locate.result import LocationResult
from trygg.analysis.locate.validation import InfeasibleCoverageError, LocationInputError

__all__ = [
    "LSCP",
    "LSCPB",
    "MCLP",
    "MODELS",
    "InfeasibleCoverageError",
    "LocationInputError",
    "LocationResult",
    "LocationTable",
    "PCenter",
    "PMedian",
    "SiteSelection",
    "check_swedish_lonlat",
    "make_model",
    "optimize_sites",
    "project_to_sweref",
    "straight_line_costs",
]
