"""Words kept in every language of the site, for a record someone reads later in theirs.

A failed job, an alert that could not be delivered and a feed that could not be
harvested keep their error in English (for logs) and, through :func:`in_site_languages`,
in each of ``settings.LANGUAGES``; their pages show :func:`kept_in` the reader's.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import get_language

from trygg.text import Text, catalogue, error_message, language_code


def in_site_languages(message: BaseException | Text | str, *, prefix: str = "", limit: int | None = None) -> dict[str, str]:
    """``message`` in each language of the site (code → words), ``prefix`` before it, cut at ``limit`` characters.

    A trygg text or error (``AnalysisError``, ``FeedError``, …) is translated; anything else is kept as it is.
    """
    def words(code: str) -> str:
        if isinstance(message, Text):
            return message.render(catalogue(code))
        return error_message(message, catalogue(code)) if isinstance(message, BaseException) else message

    return {code: (prefix + words(code))[:limit] for code, _name in settings.LANGUAGES}


def kept_in(texts: Mapping[str, str], fallback: str, language: str | None = None) -> str:
    """The words kept for ``language`` (default: the active one), else ``fallback`` (as stored before texts were kept)."""
    code = language_code(language or get_language() or settings.LANGUAGE_CODE)
    return str(texts.get(code, "")) or fallback
