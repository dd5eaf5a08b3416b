"""Errors and warnings of the import layer, as translatable texts.

Every reader in :mod:`trygg.formats` collects one :class:`RowError` per bad
value in the whole file and then raises :class:`ImportRejected` once, so a user
sees every problem at the same time and nothing is half-imported. A message is
a :class:`trygg.text.Text` (an English gettext id with named parameters); it is
put into the user's language only when shown (:meth:`RowError.describe`), so
the web speaks Swedish first, the CLI speaks ``--lang`` and logs English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trygg.text import N_, Catalogue, Text, catalogue

# Values are shown in messages; a 5 000-character note would drown the rest.
_MAX_VALUE_CHARS = 80


def _shown(value: str) -> str:
    if len(value) <= _MAX_VALUE_CHARS:
        return value
    return value[: _MAX_VALUE_CHARS - 1] + "…"


@dataclass(frozen=True)
class RowError:
    """One problem in one row (or GeoJSON feature) and field of an input file.

    Parameters
    ----------
    row : int or None
        The row as a spreadsheet shows it (header = 1, first data row = 2), or
        the 1-based feature number in GeoJSON; ``None`` for the file as a whole.
    field : str
        The canonical field name (e.g. ``"municipality_code"``), the column as
        written in the file for unknown columns, or ``""`` for the whole row.
    value : str
        The offending value as written in the file.
    message : Text
        What is wrong (a gettext id with its parameters).
    unit : str
        What ``row`` counts: ``"row"`` for tables, ``"feature"`` for GeoJSON.
    """

    row: int | None
    field: str
    value: str
    message: Text
    unit: str = "row"

    def describe(self, source: str, language: str = "en") -> str:
        """The error as one line: ``"{source}: row {row}, field '{field}': … (value: '…')"``.

        The value is left out when the error is about the file or a row as a
        whole and names no value (``"{source}: The file is empty."``).
        """
        return self.render(source, catalogue(language))

    def render(self, source: str, translation: Catalogue) -> str:
        """:meth:`describe` through ``translation`` (a catalogue, or Django's translation module)."""
        where = []
        if self.row is not None:
            unit = N_("feature {row}", row=self.row) if self.unit == "feature" else N_("row {row}", row=self.row)
            where.append(unit.render(translation))
        if self.field:
            where.append(N_("field '{field}'", field=self.field).render(translation))
        place = f"{source}: {', '.join(where)}" if where else source
        message = self.message.render(translation)
        if not self.value and not self.field:
            return f"{place}: {message}"  # the file or row as a whole: there is no value to show
        return N_("{place}: {message} (value: '{value}')", place=place, message=message,
                  value=_shown(self.value)).render(translation)


@dataclass(frozen=True)
class RowWarning:
    """Something the reader ignored but the user should know (e.g. an unknown column)."""

    row: int | None
    field: str
    message: Text

    def in_language(self, language: str) -> str:
        return self.message.in_language(language)

    def __str__(self) -> str:
        return str(self.message)


class ImportRejected(ValueError):
    """A whole file refused: it holds at least one bad row, and nothing was imported.

    ``str()`` lists every error, one per line, as
    ``"{source}: row {row}, field '{field}': {message} (value: '{value}')"`` in English.

    Attributes
    ----------
    errors : list of RowError
        Every problem found, in file order.
    source : str
        The file name shown in messages.
    """

    def __init__(self, errors: Iterable[RowError], source: str) -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(self.describe("en"))

    def describe(self, language: str = "en") -> str:
        """Every error, one per line, in ``"sv"`` or ``"en"``."""
        return self.render(catalogue(language))

    def render(self, translation: Catalogue) -> str:
        """Every error, one per line, through ``translation`` (see :meth:`RowError.render`)."""
        return "\n".join(error.render(self.source, translation) for error in self.errors)

    def __str__(self) -> str:
        return self.describe("en")


class ExportError(ValueError):
    """An item that cannot be written; the message names the item and the field."""
