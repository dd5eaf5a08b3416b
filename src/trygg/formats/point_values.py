"""One cell's value by its column's type: text, numbers, yes/no, choices, levels, codes, languages."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from trygg.formats.point_schema import FieldSpec, FieldType
from trygg.formats.tabular import (
    header_key,
    parse_integer,
    parse_number,
)
from trygg.rules.levels import Level
from trygg.text import N_, Text

# --- values ---------------------------------------------------------------------


class Invalid(Exception):
    """A value that cannot be used; ``message`` is the reason, a translatable text."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


_LIST_ITEMS_SHOWN = 50


def as_text(raw: object) -> str:
    """A raw cell or property as the user wrote it, for messages."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list | tuple):  # a message shows 80 characters: a huge list is not rendered whole
        shown = ", ".join(as_text(v) for v in raw[:_LIST_ITEMS_SHOWN])
        return shown + (", …" if len(raw) > _LIST_ITEMS_SHOWN else "")
    return str(raw).strip() if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _text(spec: FieldSpec, raw: object) -> str:
    if isinstance(raw, dict | list | bool):
        raise Invalid(N_("Must be text."))
    # One newline convention inside values, whatever the file's line endings.
    text = as_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise Invalid(N_("The text contains a NUL character (byte 0)."))
    if spec.max_length is not None and len(text) > spec.max_length:
        raise Invalid(
            N_("At most {max_length} characters (this has {text_count}).", max_length=spec.max_length, text_count=len(text)),
        )
    return text


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise Invalid(N_("Must be a number."))
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = parse_number(raw)
        except ValueError:
            raise Invalid(
                N_("Is not a number (write e.g. 1234.5, 1234,5 or 1 234,5)."),
            ) from None
    else:
        raise Invalid(N_("Must be a number."))
    if not math.isfinite(value):
        raise Invalid(N_("Must be a finite number."))
    return value


def _check_bounds(spec: FieldSpec, value: float) -> None:
    low, high = spec.min_value, spec.max_value
    if low is not None and (value <= low if spec.min_exclusive else value < low):
        if spec.min_exclusive:
            raise Invalid(N_("Must be greater than {low:g}.", low=low))
        raise Invalid(N_("Must be at least {low:g}.", low=low))
    if high is not None and value > high:
        raise Invalid(N_("Must be at most {high:g}.", high=high))


def _decimal(spec: FieldSpec, raw: object) -> float:
    value = _number(raw)
    _check_bounds(spec, value)
    return value


def _integer(spec: FieldSpec, raw: object) -> int:
    if isinstance(raw, str):
        try:
            value = parse_integer(raw)
        except ValueError:
            raise Invalid(N_("Must be a whole number.")) from None
    else:
        number = _number(raw)
        if not number.is_integer():
            raise Invalid(N_("Must be a whole number."))
        value = int(number)
    _check_bounds(spec, value)
    return value


_TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "sant", "1", "x"})
_FALSE_WORDS = frozenset({"nej", "n", "no", "false", "falskt", "0"})


def _boolean(spec: FieldSpec, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    word = as_text(raw).casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise Invalid(
        N_("Must be yes or no (also ja/nej, true/false, 1/0, x; blank = unknown)."),
    )


def _choice_key(text: str) -> str:
    # "SOT-punkt", "sot_punkt" and "SOT punkt" are one spelling.
    return header_key(text).replace("_", "")


@lru_cache(maxsize=32)
def _choice_lookup(choices: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {_choice_key(spelling): code for code, spellings in choices for spelling in (code, *spellings)}


def _choice(spec: FieldSpec, raw: object) -> str:
    code = _choice_lookup(spec.choices).get(_choice_key(as_text(raw)))
    if code is not None:
        return code
    codes = ", ".join(code if not spellings else f"{code} ({spellings[0]})" for code, spellings in spec.choices)
    raise Invalid(N_("Unknown value; use one of: {codes}.", codes=codes))


_LEVEL_TEXT = re.compile(r"(?:niva|level)?_?([123])")


def _level(spec: FieldSpec, raw: object) -> Level:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in set(Level):
        return Level(raw)
    match = _LEVEL_TEXT.fullmatch(header_key(as_text(raw))) if isinstance(raw, str) else None
    if match is None:
        raise Invalid(N_("The level must be 1, 2 or 3 (\"Nivå 2\" is fine too)."))
    return Level(int(match.group(1)))


_FOUR_DIGITS = re.compile(r"\d{4}")


def _municipality_code(spec: FieldSpec, raw: object) -> str:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else as_text(raw)
    if _FOUR_DIGITS.fullmatch(text):
        return text
    if re.fullmatch(r"\d{3}", text):  # Excel drops the leading zero of 0114…0999
        raise Invalid(
            N_("The municipality code must have 4 digits; if Excel dropped a leading zero, it is '0{text}'.", text=text),
        )
    raise Invalid(N_("The municipality code must be SCB's 4-digit code, e.g. 2380."))


_POSTAL_CODE = re.compile(r"([1-9]\d{2}) ?(\d{2})")


def _postal_code(spec: FieldSpec, raw: object) -> str:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else as_text(raw)
    match = _POSTAL_CODE.fullmatch(re.sub(r"\s+", " ", text))
    if match is None:
        raise Invalid(N_("The postal code must have 5 digits, e.g. 831 91."))
    return f"{match.group(1)} {match.group(2)}"


_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def _languages(spec: FieldSpec, raw: object) -> tuple[str, ...]:
    parts = [as_text(v) for v in raw] if isinstance(raw, list) else re.split(r"[,;\s]+", as_text(raw))
    codes: list[str] = []
    for part in (p.strip().lower() for p in parts):
        if not part:
            continue
        if not _LANGUAGE_CODE.fullmatch(part):
            raise Invalid(
                N_("'{part}' is not a language code; use two-letter ISO 639-1 codes (sv, en, ar, so …).", part=part),
            )
        if part not in codes:
            codes.append(part)
    return tuple(codes)


def _coordinate(spec: FieldSpec, raw: object) -> float:
    return _number(raw)


PARSERS: dict[FieldType, Callable[[FieldSpec, object], Any]] = {
    FieldType.TEXT: _text,
    FieldType.CHOICE: _choice,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.BOOLEAN: _boolean,
    FieldType.LEVEL: _level,
    FieldType.MUNICIPALITY_CODE: _municipality_code,
    FieldType.POSTAL_CODE: _postal_code,
    FieldType.LANGUAGES: _languages,
    FieldType.COORDINATE: _coordinate,
}
