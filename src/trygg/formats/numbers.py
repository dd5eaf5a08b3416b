"""Numbers as Swedish users write them: decimal comma, space thousands, the typographic minus."""

from __future__ import annotations

import re

# Spaces used as thousand separators: regular, no-break, thin, narrow no-break.
_GROUP_SPACES = " \u00a0\u2009\u202f"
_GROUP_SPACE_BETWEEN_DIGITS = re.compile(rf"(?<=\d)[{_GROUP_SPACES}]+(?=\d)")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_number(text: str) -> float:
    """A number written the Swedish or the international way.

    Accepts a decimal comma or point, spaces (regular, no-break, thin) as
    thousand separators, and the typographic minus sign:
    ``"1 234,5"`` → 1234.5, ``"63,1792"`` → 63.1792, ``"−3"`` → -3.0.
    A value with both a comma and a point (``"1.234,5"``, ``"1,234.5"``) is
    refused as ambiguous rather than guessed.

    Raises
    ------
    ValueError
        If ``text`` is not such a number.
    """
    compact = _GROUP_SPACE_BETWEEN_DIGITS.sub("", text.strip()).replace("\u2212", "-")
    if "," in compact:
        if "." in compact or compact.count(",") > 1:
            raise ValueError(f"ambiguous number {text!r}")
        compact = compact.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(compact):
        raise ValueError(f"not a number: {text!r}")
    return float(compact)


class NumberError(ValueError):
    """A cell that is not a number, named by source, row and field.

    The message reads ``"{source}, row {row}: {field}='{value}' is not a number"``
    (``"… : {field} is empty"`` for a blank cell), the form every analysis
    error uses, so the user can go straight to the cell.
    """

    def __init__(self, source: str, row: int, field: str, value: str, problem: str) -> None:
        self.source, self.row, self.field, self.value = source, row, field, value
        shown = f"{field} {problem}" if problem == "is empty" else f"{field}={value!r} {problem}"
        super().__init__(f"{source}, row {row}: {shown}")


def row_number(text: str, source: str, row: int, field: str) -> float:
    """:func:`parse_number` for one cell of a user's file; a bad cell names its row and field.

    Raises
    ------
    NumberError
        If the cell is blank or not a number in any of the accepted spellings.
    """
    if not text.strip():
        raise NumberError(source, row, field, text, "is empty")
    try:
        return parse_number(text)
    except ValueError:
        raise NumberError(source, row, field, text, "is not a number") from None


def parse_integer(text: str) -> int:
    """A whole number, with the same spellings as :func:`parse_number` (``"1 200"``, ``"12,0"``).

    Raises
    ------
    ValueError
        If ``text`` is not a number or has a fraction.
    """
    value = parse_number(text)
    if not value.is_integer():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
