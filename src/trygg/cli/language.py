"""The language the command line speaks: Swedish by default, like the web.

``trygg --lang en|sv`` chooses; without it the environment does (``LANGUAGE``, then
``LC_ALL``, ``LC_MESSAGES`` and ``LANG``, as gettext reads them), and a language
trygg has no catalogue for (``C``, ``de_DE``) falls back to Swedish. The texts come
from the same compiled catalogue as the web's (``trygg/locale``), read with the
standard library's :mod:`gettext`, so a text is translated once for both.

Machine output (``--json``, CSV) keeps its codes and English texts: scripts must
not break when a user's language changes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from trygg.text import Joined, Text, catalogue, format_number, language_code

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active = [DEFAULT]


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The first language of ``environ`` that trygg speaks; Swedish if none."""
    for name in ENVIRONMENT:
        for part in environ.get(name, "").split(":"):
            if part and language_code(part) in LANGUAGES:
                return language_code(part)
    return DEFAULT


def activate(language: str | None) -> str:
    """Speak ``language`` (or the environment's) from now on; returns the code chosen."""
    _active[0] = language_code(language) if language else from_environment()
    return _active[0]


def current() -> str:
    return _active[0]


def _(message: str) -> str:
    """``message`` (an English message id) in the active language."""
    return catalogue(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(current()).ngettext(singular, plural, n)


def number(value: float, spec: str) -> str:
    """``value`` formatted by ``spec`` with the active language's separators ("12 345,60" in Swedish for ",.2f")."""
    return format_number(value, spec, current())


def tr(text: Text | Joined) -> str:
    """A rule text in the active language."""
    return text.render(catalogue(current()))


def message(error: BaseException) -> str:
    """An error's message in the active language.

    trygg's own errors (``AnalysisError``, ``ImportRejected``, ``PackageError``, …) carry
    translatable texts and say them through ``describe(language)``; any other error is
    shown as it is.
    """
    describe = getattr(error, "describe", None)
    return str(describe(current())) if callable(describe) else str(error)
