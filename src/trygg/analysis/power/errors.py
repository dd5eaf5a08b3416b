"""The one exception for bad power and scenario input.

A :class:`PowerInputError` carries the field path and the value at fault, so
the file reader can prefix the file name and the position in the file
(``storm.yaml: points[2].generator.rated_kw = -20: must be positive``)
without parsing messages.
"""

from __future__ import annotations

from typing import Any

from trygg.analysis.errors import AnalysisError
from trygg.text import N_, Catalogue, Text, catalogue

_MISSING = object()


class PowerInputError(AnalysisError):
    """Input a power check or scenario cannot use.

    Parameters
    ----------
    problem : Text or str
        What is wrong, in words (``N_("must be a number above zero")``), shown in the
        user's language by :meth:`describe`; the field, value and source are not translated.
    field : str, optional
        The field path (``"generator.rated_kw"``).
    value : object, optional
        The value at fault; shown with ``repr``.
    source : str, optional
        The file or input the value came from.
    """

    def __init__(
        self,
        problem: Text | str,
        *,
        field: str = "",
        value: Any = _MISSING,
        source: str = "",
    ) -> None:
        self.problem = problem if isinstance(problem, Text) else Text(str(problem))
        self.field = field
        self.value = value
        self.source = source
        super().__init__(self.describe("en"))

    def describe(self, language: str = "en") -> str:
        return self.render(catalogue(language))

    def render(self, translation: Catalogue) -> str:
        where = self.field
        if where and self.value is not _MISSING:
            where = f"{where} = {self.value!r}"
        parts = [part for part in (self.source, where, self.problem.render(translation)) if part]
        return ": ".join(parts)

    def at(self, prefix: str = "", source: str = "") -> PowerInputError:
        """The same error located under ``prefix`` in ``source``.

        Examples
        --------
        >>> err = PowerInputError("must be positive", field="rated_kw", value=-20)
        >>> str(err.at("points[2].generator", "storm.yaml"))
        'storm.yaml: points[2].generator.rated_kw = -20: must be positive'
        """
        field = ".".join(part for part in (prefix, self.field) if part)
        field = field.replace(".[", "[")
        return PowerInputError(
            self.problem, field=field, value=self.value, source=source or self.source
        )


def require(condition: bool, problem: Text | str, field: str, value: Any = _MISSING) -> None:
    """Raise :class:`PowerInputError` naming ``field`` and ``value`` unless ``condition``."""
    if not condition:
        raise PowerInputError(problem, field=field, value=value)


def require_positive(value: float, field: str) -> None:
    """Raise unless ``value`` is a finite number above zero (a rating, a capacity)."""
    require(_is_number(value) and value > 0, N_("must be a number above zero"), field, value)


def require_non_negative(value: float, field: str) -> None:
    """Raise unless ``value`` is a finite number at or above zero."""
    require(_is_number(value) and value >= 0, N_("must be a number at or above zero"), field, value)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return value == value and value not in (float("inf"), float("-inf"))
