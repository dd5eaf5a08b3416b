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

from trygg.text import Catalogue, Text, catalogue


class AnalysisError(ValueError):
    """Input that an analysis cannot use; the message says what and where.

    Parameters
    ----------
    message : Text or str
        What is wrong: a text marked with :func:`trygg.text.N_` (shown in the user's
        language), or a plain English string (shown as it is).
    """

    def __init__(self, message: Text | str = "") -> None:
        self.message = message if isinstance(message, Text) else Text(str(message))
        super().__init__(str(self.message))

    def describe(self, language: str = "en") -> str:
        """The message in ``language`` ("sv", "en", ...)."""
        return self.render(catalogue(language))

    def render(self, translation: Catalogue) -> str:
        """The message through ``translation`` (a catalogue, or Django's translation module)."""
        return self.message.render(translation)
