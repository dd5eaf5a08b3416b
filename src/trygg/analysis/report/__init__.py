"""The needs-analysis report: coverage now, recommended new points, maps and charts.

:func:`analyse_needs` computes (pure numpy/scipy on Demand and Sites);
:func:`trygg.formats.needs_report.write_report` draws the PNGs and writes a self-contained ``index.html``.
See docs/needs-analysis.md.
"""

from trygg.analysis.report.common import ReportError, place_name
from trygg.analysis.report.needs import NeedsAnalysis, analyse_needs, jamtland_access
from trygg.analysis.report.recommend import (
    ALL_CANDIDATES_RULE,
    BACKUP_POWER_RULE,
    NewPoint,
    Recommendation,
    recommend_new_points,
)

__all__ = [
    "ALL_CANDIDATES_RULE",
    "BACKUP_POWER_RULE",
    "NeedsAnalysis",
    "NewPoint",
    "Recommendation",
    "ReportError",
    "analyse_needs",
    "jamtland_access",
    "place_name",
    "recommend_new_points",
]
