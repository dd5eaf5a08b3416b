"""The needs-analysis report as files: a self-contained ``index.html`` and its PNG map and charts.

:func:`trygg.analysis.report.analyse_needs` computes the analysis; :func:`write_report` draws and
writes it. See docs/needs-analysis.md.
"""

from trygg.formats.needs_report.page import (
    BUNDLED_BOUNDARIES_SOURCE,
    ReportFiles,
    render_html,
    write_report,
)

__all__ = ["BUNDLED_BOUNDARIES_SOURCE", "ReportFiles", "render_html", "write_report"]
