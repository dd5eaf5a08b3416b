"""Numbers, clock times, phone numbers and web addresses as a radio presenter says them.

Swedish and English only (the languages of the P4 text, R9). Swedish
numbers below a thousand are one word ("hundratjugofem"); above, the
thousands are set apart by a space so a presenter can read them at a glance
("tvåtusen femhundra"). Swedish has two genders for "one": "en person"
(common) but "klockan ett" (neuter).

Pure layer: no Django.
"""

from __future__ import annotations

import re
from typing import Literal

from trygg.rules.public_info import DailyHours
from trygg.text import N_, TextError

Language = Literal["sv", "en"]
Gender = Literal["common", "neuter"]

_SV_SMALL = ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
             "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton"]
_SV_TENS = ["", "", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]
_EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

MAX_NUMBER = 999_999_999


class SpokenError(TextError):
    """A number or time that cannot be spoken (out of range, not a whole number); the message is a translatable text."""


def _language(language: str) -> Language:
    if language.startswith("sv"):
        return "sv"
    if language.startswith("en"):
        return "en"
    raise SpokenError(N_("spoken text exists in Swedish (sv) and English (en), not {language!r}", language=language))


def _sv_below_100(n: int, gender: Gender) -> str:
    if n == 1:
        return "en" if gender == "common" else "ett"
    if n < 20:
        return _SV_SMALL[n]
    tens, ones = divmod(n, 10)
    return _SV_TENS[tens] + (_sv_below_100(ones, gender) if ones else "")


def _sv_below_1000(n: int, gender: Gender) -> str:
    hundreds, rest = divmod(n, 100)
    head = "" if hundreds == 0 else ("hundra" if hundreds == 1 else _SV_SMALL[hundreds] + "hundra")
    return head + (_sv_below_100(rest, gender) if rest else "")


def _sv_words(n: int, gender: Gender) -> str:
    if n == 0:
        return "noll"
    millions, rest = divmod(n, 1_000_000)
    thousands, ones = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append("en miljon" if millions == 1 else f"{_sv_below_1000(millions, 'common')} miljoner")
    if thousands:
        # Swedish spelling drops one of three equal consonants: "tjugoett" + "tusen" → "tjugoettusen".
        head = _sv_below_1000(thousands, "neuter")
        parts.append((head[:-1] if head.endswith("tt") else head) + "tusen")
    if ones:
        parts.append(_sv_below_1000(ones, gender))
    return " ".join(parts)


def _en_below_100(n: int) -> str:
    if n < 20:
        return _EN_SMALL[n]
    tens, ones = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_SMALL[ones]}" if ones else "")


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _en_below_100(rest)
    head = f"{_EN_SMALL[hundreds]} hundred"
    return head + (f" and {_en_below_100(rest)}" if rest else "")


def _en_words(n: int) -> str:
    if n == 0:
        return "zero"
    millions, rest = divmod(n, 1_000_000)
    thousands, ones = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{_en_below_1000(millions)} million")
    if thousands:
        parts.append(f"{_en_below_1000(thousands)} thousand")
    if ones:
        # "two thousand and five": British usage keeps "and" before a last part under a hundred.
        parts.append(("and " if (millions or thousands) and ones < 100 else "") + _en_below_1000(ones))
    return " ".join(parts)


def number_words(n: int, language: str = "sv", *, gender: Gender = "common") -> str:
    """A whole number in words.

    Parameters
    ----------
    n : int
        Between −999 999 999 and 999 999 999.
    language : {"sv", "en"}
    gender : {"common", "neuter"}
        Swedish only: "en" or "ett" for a final one ("trettioen personer",
        "klockan ett").

    Examples
    --------
    >>> number_words(30), number_words(1), number_words(1, gender="neuter")
    ('trettio', 'en', 'ett')
    >>> number_words(2500), number_words(2500, "en")
    ('tvåtusen femhundra', 'two thousand five hundred')
    """
    lang = _language(language)
    if isinstance(n, bool) or not isinstance(n, int):
        raise SpokenError(N_("only whole numbers are spoken, got {number}", number=repr(n)))
    if abs(n) > MAX_NUMBER:
        raise SpokenError(N_("{number} is larger than {largest}: give it as digits", number=n, largest=MAX_NUMBER))
    words = _sv_words(abs(n), gender) if lang == "sv" else _en_words(abs(n))
    return f"minus {words}" if n < 0 else words


def _en_day_part(hour: int) -> str:
    if hour < 12:
        return "in the morning"
    if hour < 17:
        return "in the afternoon"
    if hour < 21:
        return "in the evening"
    return "at night"


def clock_words(hour: int, minute: int = 0, language: str = "sv") -> str:
    """A time of day as said on Swedish or English radio (24-hour clock in Swedish).

    Examples
    --------
    >>> clock_words(10), clock_words(22), clock_words(18, 30)
    ('klockan tio', 'klockan tjugotvå', 'klockan arton och trettio')
    >>> clock_words(10, language="en"), clock_words(22, language="en"), clock_words(12, language="en")
    ('ten in the morning', 'ten at night', 'noon')
    """
    lang = _language(language)
    if not (0 <= hour <= 24 and 0 <= minute <= 59) or (hour == 24 and minute):
        raise SpokenError(N_("{hour:02d}:{minute:02d} is not a time of day", hour=hour, minute=minute))
    if hour in (0, 24) and minute == 0:
        return "midnatt" if lang == "sv" else "midnight"
    if lang == "sv":
        spoken = f"klockan {number_words(hour, 'sv', gender='neuter')}"
        return spoken + (f" och {number_words(minute, 'sv', gender='neuter')}" if minute else "")
    if hour == 12 and minute == 0:
        return "noon"
    twelve = hour % 12 or 12
    spoken = number_words(twelve, "en")
    if minute:
        spoken += f" oh {number_words(minute, 'en')}" if minute < 10 else f" {number_words(minute, 'en')}"
    return f"{spoken} {_en_day_part(hour)}"


def hours_words(hours: DailyHours, language: str = "sv") -> str:
    """Daily opening hours in words: "dygnet runt" or "från klockan åtta till klockan tjugotvå".

    Examples
    --------
    >>> hours_words(DailyHours(480, 1320))
    'från klockan åtta till klockan tjugotvå'
    >>> hours_words(DailyHours(0, 1440), "en")
    'around the clock'
    """
    lang = _language(language)
    if hours.around_the_clock:
        return "dygnet runt" if lang == "sv" else "around the clock"
    start = clock_words(*divmod(hours.open_min, 60), language=lang)
    end = clock_words(*divmod(hours.close_min, 60), language=lang)
    return f"från {start} till {end}" if lang == "sv" else f"from {start} to {end}"


# How Swedes say the numbers every resident should know (MSB, 1177, Polisen).
_SV_WELL_KNOWN = {
    "112": "ett ett två",
    "11313": "hundratretton tretton",
    "11414": "hundrafjorton fjorton",
    "1177": "elva sjuttiosju",
}


def phone_words(number: str, language: str = "sv") -> str:
    """A phone number to read aloud: well-known Swedish numbers as said, others digit by digit.

    Examples
    --------
    >>> phone_words("113 13"), phone_words("113 13", "en")
    ('hundratretton tretton', 'one one three, one three')
    """
    lang = _language(language)
    digits = re.sub(r"\D", "", number)
    if not digits:
        raise SpokenError(N_("{number!r} has no digits", number=number))
    if lang == "sv" and digits in _SV_WELL_KNOWN:
        return _SV_WELL_KNOWN[digits]
    groups = [g for g in re.split(r"[\s\-–]+", number.strip()) if g]
    spoken_groups = [" ".join(number_words(int(d), lang, gender="neuter") for d in re.sub(r"\D", "", g))
                     for g in groups]
    return ", ".join(g for g in spoken_groups if g)


def web_words(address: str, language: str = "sv") -> str:
    """A web address to read aloud, without the scheme: "krisinformation punkt se".

    Examples
    --------
    >>> web_words("https://www.krisinformation.se/")
    'krisinformation punkt se'
    >>> web_words("trygg.example.se/k/2309", "en")
    'trygg dot example dot se slash k slash two three zero nine'
    """
    lang = _language(language)
    text = re.sub(r"^[a-z]+://", "", address.strip(), flags=re.IGNORECASE).removeprefix("www.").rstrip("/")
    dot, slash = ("punkt", "snedstreck") if lang == "sv" else ("dot", "slash")
    text = text.replace(".", f" {dot} ").replace("/", f" {slash} ")
    text = re.sub(r"\d", lambda m: f" {number_words(int(m.group()), lang, gender='neuter')} ", text)
    return " ".join(text.split())


_TIME_RANGE = re.compile(r"(?<![\d.:])(\d{1,2})(?:[:.](\d{2}))?\s*[–—-]\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d.:])")
_TIME = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?![\d.:])")
_NUMBER = re.compile(r"\d+(?:[ \u00a0]\d{3})*(?P<glued>(?=[^\W\d_]))?")


def _time_text(hour: str, minute: str | None, lang: Language) -> str:
    h, m = int(hour), int(minute or 0)
    if lang == "sv":
        return number_words(h, "sv", gender="neuter") + (f" och {number_words(m, 'sv', gender='neuter')}" if m else "")
    return number_words(h, "en") + (f" {number_words(m, 'en')}" if m >= 10 else f" oh {number_words(m, 'en')}" if m else "")


def speak_numbers(text: str, language: str = "sv") -> str:
    """Free text with its numbers written as words, so it can be read aloud as written.

    Time ranges become "tio till arton", times "tio och trettio", other whole
    numbers words ("Ringvägen 3" → "Ringvägen tre"); a number glued to a
    letter gets a space ("12B" → "tolv B").

    Examples
    --------
    >>> speak_numbers("Vardagar 10–18, helger 10.30–15")
    'Vardagar tio till arton, helger tio och trettio till femton'
    >>> speak_numbers("Ringvägen 3", "en")
    'Ringvägen three'
    """
    lang = _language(language)
    join = " till " if lang == "sv" else " to "

    def time_range(m: re.Match[str]) -> str:
        a, am, b, bm = m.groups()
        if int(a) > 24 or int(b) > 24:
            return m.group()
        return _time_text(a, am, lang) + join + _time_text(b, bm, lang)

    def single_time(m: re.Match[str]) -> str:
        return _time_text(m.group(1), m.group(2), lang) if int(m.group(1)) <= 24 and int(m.group(2)) < 60 else m.group()

    def number(m: re.Match[str]) -> str:
        value = int(re.sub(r"\D", "", m.group()))
        if value > MAX_NUMBER:
            return m.group()
        return number_words(value, lang, gender="neuter") + (" " if m.group("glued") is not None else "")

    spoken = _TIME_RANGE.sub(time_range, text)
    spoken = _TIME.sub(single_time, spoken)
    return _NUMBER.sub(number, spoken)
