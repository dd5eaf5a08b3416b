"""The one exception base of the analysis layer.

Every module in ``trygg.analysis`` raises a subclass of :class:`AnalysisError`
for bad input, so callers (the CLI, the web app) can catch one type and show
its message, which names the field, row or value at fault.
"""

from __future__ import annotations


class AnalysisError(ValueError):
    """Input that an analysis cannot use; the message says what and where."""
