"""The one exception base of the analysis layer.

Every module in ``trygg.analysis`` raises a subclass of :class:`AnalysisError`
for bad input, so callers (the CLI, the web app) can catch one type and show
its message, which names the field, row or value at fault.

The message is a translatable text (:mod:`trygg.text`): ``str(error)`` is the
English (logs, JSON), :meth:`AnalysisError.describe` gives it in a language
(the command line's ``--lang``) and :meth:`AnalysisError.render` through a
catalogue (the web's ``django.utils.translation``).
"""

from __future__ import annotations

from trygg.text import TextError


class AnalysisError(TextError):
    """Input that an analysis cannot use; the message (a :class:`trygg.text.TextError` text) says what and where."""
