"""Errors and warnings of the import layer, in Swedish and English.

Every reader in :mod:`trygg.formats` collects one :class:`RowError` per bad
value in the whole file and then raises :class:`ImportRejected` once, so a user
sees every problem at the same time and nothing is half-imported. Messages
carry both languages because the web UI speaks Swedish first and the CLI and
logs English; the pure layer cannot use Django's gettext.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    message_sv, message_en : str
        What is wrong, in Swedish and in English.
    unit : str
        What ``row`` counts: ``"row"`` for tables, ``"feature"`` for GeoJSON.
    """

    row: int | None
    field: str
    value: str
    message_sv: str
    message_en: str
    unit: str = "row"

    def describe(self, source: str, language: str = "en") -> str:
        """The error as one line: ``"{source}: row {row}, field '{field}': … (value: '…')"``.

        The value is left out when the error is about the file or a row as a
        whole and names no value (``"{source}: The file is empty."``).
        """
        swedish = language.startswith("sv")
        where = []
        if self.row is not None:
            unit = _UNIT_SV.get(self.unit, self.unit) if swedish else self.unit
            where.append(f"{unit} {self.row}")
        if self.field:
            where.append(f"{'fält' if swedish else 'field'} '{self.field}'")
        place = f"{source}: {', '.join(where)}" if where else source
        message = self.message_sv if swedish else self.message_en
        if not self.value and not self.field:
            return f"{place}: {message}"  # the file or row as a whole: there is no value to show
        value_word = "värde" if swedish else "value"
        return f"{place}: {message} ({value_word}: '{_shown(self.value)}')"


_UNIT_SV = {"row": "rad", "feature": "objekt"}


@dataclass(frozen=True)
class RowWarning:
    """Something the reader ignored but the user should know (e.g. an unknown column)."""

    row: int | None
    field: str
    message_sv: str
    message_en: str

    def __str__(self) -> str:
        return self.message_en


class ImportRejected(ValueError):
    """A whole file refused: it holds at least one bad row, and nothing was imported.

    ``str()`` lists every error, one per line, as
    ``"{source}: row {row}, field '{field}': {message_en} (value: '{value}')"``.

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
        return "\n".join(error.describe(self.source, language) for error in self.errors)

    def __str__(self) -> str:
        return self.describe("en")


class ExportError(ValueError):
    """An item that cannot be written; the message names the item and the field."""
