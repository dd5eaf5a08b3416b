"""The one CSV writer of trygg, and the rule that keeps exported text from running as a formula.

Every CSV that trygg writes (the registry export, the public feed, the change
history, analysis tables) goes through :class:`CsvWriter`. A spreadsheet
runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or a carriage return) as a formula, so a point named ``=HYPERLINK(...)``
could act on the computer of whoever opens the export. Such a text cell is
written with a leading apostrophe, which a spreadsheet shows as text.

The rule is reversible, so that importing our own export gives back the
original text:

- **write** (:func:`neutralise`): a text that begins with any number of
  apostrophes followed by ``= + - @``, tab or CR gets one more apostrophe in
  front;
- **read** (:func:`restore`): a cell that begins with one or more apostrophes
  followed by one of those characters loses exactly one apostrophe.

Every other cell is left as it is. ``restore(neutralise(s)) == s`` for every
text ``s``: a name that starts with an apostrophe (``'Tis``) is never
touched, one that starts ``'=`` is written ``''=`` and read back as ``'=``,
and a negative number written as text (``-5``) is written ``'-5`` and read
back as ``-5``. Numbers that the writer formats itself (:class:`Literal`) are
never prefixed: ``-5.5`` as a number is not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_RESTORABLE = re.compile(r"'+[=+\-@\t\r]")


class Literal(str):
    """A cell that is not free text (a number the writer formatted), written without a guard."""

    __slots__ = ()


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet must see it: one apostrophe more when it could start a formula."""
    return "'" + text if _GUARDED.match(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: one apostrophe less when one or more precede a formula character."""
    return text[1:] if _RESTORABLE.match(text) else text


def cell_text(value: Any) -> str:
    """A value as a CSV cell: ``None`` blank, text neutralised, :class:`Literal`, numbers and booleans as they are."""
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)  # a number or a yes/no as Python writes it, as csv.writer did


class CsvWriter:
    """Rows of values to a text stream, every text cell through :func:`neutralise`.

    Parameters
    ----------
    stream : text stream
        Opened with ``newline=""``.
    delimiter : {",", ";", "\\t"}
        The separator.
    """

    def __init__(self, stream: TextIO, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([cell_text(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]], delimiter: str = ",") -> str:
    """A whole CSV document (``\\r\\n`` line ends) as text."""
    buffer = io.StringIO(newline="")
    writer = CsvWriter(buffer, delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
