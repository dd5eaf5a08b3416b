"""Translatable texts for the layers that may not import Django (rules, analysis, formats).

A rule says what it means once, in English, as a gettext message id::

    N_("Level {level} requires overnight capacity, but none is recorded.", level=3)

:func:`N_` returns a :class:`Text`: the message id and its parameters, nothing
translated yet. ``makemessages`` collects the ids (``scripts/messages.sh`` passes
``N_`` and ``NP_`` as keywords); the translations live in the one catalogue of the project,
``trygg/locale/<language>/LC_MESSAGES/django.po``. Whoever shows the text picks
the language:

* the web layer renders it with ``django.utils.translation`` (``text.render(translation)``,
  or the ``tr`` template filter in :mod:`trygg.registry.templatetags.text_tags`), so the
  request's language counts;
* the command line and any other caller use :meth:`Text.in_language`, which reads
  the same compiled catalogue with the standard library's :mod:`gettext`;
* ``str(text)`` is the English text, for logs and machine output (JSON keeps codes
  and English, never the user's language).

Parameters may themselves be texts (a function's name inside a gap message); they
are translated in the same language before they are put in. A figure wrapped in
:class:`Number` is written with the language's decimal separator ("1,3" in Swedish);
a bare float keeps the point (coordinates, values quoted from a file).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Union

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "django"  # one catalogue, shared with the web layer

Param = Union["Text", "Joined", "Number", str, int, float]


class Catalogue(Protocol):
    """What renders a text: a standard-library translations object, or ``django.utils.translation``."""

    def gettext(self, message: str, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _English:
    """The message ids themselves."""

    def gettext(self, message: str, /) -> str:
        return message

    def pgettext(self, context: str, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


ENGLISH: Catalogue = _English()


@dataclass(frozen=True)
class Text:
    """A message id with its parameters; rendered in a language only when shown.

    Examples
    --------
    >>> str(N_("{n} of {needed} assigned.", n=1, needed=2))
    '1 of 2 assigned.'
    >>> N_("Heating").in_language("sv")
    'Värme'
    """

    msgid: str
    params: tuple[tuple[str, Param], ...] = ()
    context: str = ""  # a msgctxt, when the same English word needs another translation here
    lowercase: bool = False

    def render(self, catalogue: Catalogue) -> str:
        """The text through ``catalogue``, parameters rendered the same way."""
        text = (
            catalogue.pgettext(self.context, self.msgid)
            if self.context
            else catalogue.gettext(self.msgid)
        )
        if self.params:
            text = text.format(**{name: _render(value, catalogue) for name, value in self.params})
        return text.lower() if self.lowercase else text

    def in_language(self, language: str) -> str:
        """The text in ``language`` ("sv", "en", "en-gb", ...) from the compiled catalogue."""
        return self.render(catalogue(language))

    def lower(self) -> Text:
        """The same text, lower-cased once translated (a name inside a sentence)."""
        return replace(self, lowercase=True)

    def __str__(self) -> str:
        return self.render(ENGLISH)


@dataclass(frozen=True)
class Joined:
    """Texts joined by a translated word: ``Joined(N_("or"), (a, b))`` is "a or b"."""

    word: Text
    items: tuple[Param, ...]

    def render(self, catalogue: Catalogue) -> str:
        return f" {self.word.render(catalogue)} ".join(
            str(_render(item, catalogue)) for item in self.items
        )

    def __str__(self) -> str:
        return self.render(ENGLISH)


@dataclass(frozen=True)
class Number:
    """A figure in a text, written with the decimal separator of the language it is shown in.

    The message id keeps its format spec (``"{peak:.1f} kW"``); only the separator changes.

    Examples
    --------
    >>> N_("{peak:.1f} kW", peak=Number(12.34)).in_language("sv")
    '12,3 kW'
    """

    value: float


# Languages that write a decimal comma (of those trygg may be shown in).
_DECIMAL_COMMA = frozenset({"sv", "fi", "da", "nb", "nn", "de"})


def _with_decimal_comma(text: str) -> str:
    """"12,345.6" as a decimal-comma language writes it: "12 345,6" (a no-break space groups thousands)."""
    return text.replace(",", "\u00a0").replace(".", ",")


def format_number(value: float, spec: str, language: str) -> str:
    """``format(value, spec)`` with ``language``'s separators: ``format_number(12345.6, ",.1f", "sv")`` is "12 345,6"."""
    text = format(value, spec)
    return _with_decimal_comma(text) if language_code(language) in _DECIMAL_COMMA else text


class _Localized(float):
    """A float whose formatted text uses a decimal comma."""

    def __format__(self, spec: str) -> str:
        return _with_decimal_comma(format(float(self), spec))

    def __str__(self) -> str:
        return format(self, "")


def language_of(translation: Catalogue) -> str:
    """The language code a catalogue renders ("en" for the ids themselves)."""
    get_language = getattr(translation, "get_language", None)  # django.utils.translation
    if get_language is not None:
        return language_code(get_language() or "en")
    info = getattr(translation, "info", None)  # a standard-library translations object
    if info is not None:
        return language_code(info().get("language", "en"))
    return "en"


def _render(value: Param, catalogue: Catalogue) -> str | int | float:
    if isinstance(value, Text | Joined):
        return value.render(catalogue)
    if isinstance(value, Number):
        return _Localized(value.value) if language_of(catalogue) in _DECIMAL_COMMA else float(value.value)
    return value


def N_(msgid: str, **params: Param) -> Text:  # noqa: N802 (the gettext convention for a deferred text)
    """Mark ``msgid`` for translation and keep it untranslated until it is shown."""
    return Text(msgid, tuple(params.items()))


def NP_(context: str, msgid: str, **params: Param) -> Text:  # noqa: N802
    """:func:`N_` with a message context (``pgettext``), for an id that is translated differently elsewhere."""
    return Text(msgid, tuple(params.items()), context)


def joined(word: Text, items: Iterable[Param]) -> Joined:
    return Joined(word, tuple(items))


def language_code(language: str) -> str:
    """The catalogue directory's name of ``language``: "sv" for "sv-se", "en" for "en_GB.UTF-8" or "EN"."""
    return language.split(".")[0].replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=16)
def _compiled(language: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True)


def catalogue(language: str) -> Catalogue:
    """The compiled catalogue of ``language``; the English ids if there is none."""
    return _compiled(language_code(language))


class TextError(ValueError):
    """An error whose message is a translatable text: ``str()`` is the English, shown in a language when asked.

    Parameters
    ----------
    message : Text or str
        What is wrong: a text marked with :func:`N_` (shown in the user's language), or a
        plain English string (shown as it is).
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


def error_message(error: BaseException, translation: Catalogue) -> str:
    """An error's message through ``translation``: trygg's errors render their texts, others are shown as they are.

    The web passes ``django.utils.translation`` (the request's language); trygg's errors
    (``AnalysisError``, ``ImportRejected``, ``AreaError``, ``PackageError``, …) have
    ``render(translation)``.
    """
    render = getattr(error, "render", None)
    return str(render(translation)) if callable(render) else str(error)
