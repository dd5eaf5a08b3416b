"""Swedish and English words for the public outputs that are not web pages.

CAP messages, the Atom feed, the CSV and the radio text carry Swedish and
English (the languages of P4 and of CAP consumers); the web pages have
their own gettext catalogues in more languages (``trygg/public/locale``).

Pure layer: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from trygg.rules.public_info import HelpCategory, PointStatus

H = HelpCategory

# What a point offers, as a noun phrase: "Hjälp: värme, dricksvatten".
HELP_NAMES: dict[str, dict[HelpCategory, str]] = {
    "sv": {
        H.WARMTH: "värme", H.CHARGING: "laddning av telefoner", H.WATER: "dricksvatten", H.FOOD: "mat",
        H.TOILETS: "toaletter", H.INFORMATION: "information", H.FIRST_AID: "första hjälpen",
        H.CRISIS_SUPPORT: "krisstöd", H.OVERNIGHT: "övernattning", H.FUEL: "drivmedel",
    },
    "en": {
        H.WARMTH: "warmth", H.CHARGING: "phone charging", H.WATER: "drinking water", H.FOOD: "food",
        H.TOILETS: "toilets", H.INFORMATION: "information", H.FIRST_AID: "first aid",
        H.CRISIS_SUPPORT: "crisis support", H.OVERNIGHT: "overnight stay", H.FUEL: "fuel",
    },
}

# The same as something a listener can do: "Där kan du värma dig och ladda din telefon."
HELP_ACTIONS: dict[str, dict[HelpCategory, str]] = {
    "sv": {
        H.WARMTH: "värma dig", H.CHARGING: "ladda din telefon", H.WATER: "få dricksvatten", H.FOOD: "få mat",
        H.TOILETS: "gå på toaletten", H.INFORMATION: "få information", H.FIRST_AID: "få första hjälpen",
        H.CRISIS_SUPPORT: "prata med någon om hur du mår", H.OVERNIGHT: "sova över natten",
        H.FUEL: "tanka bilen",
    },
    "en": {
        H.WARMTH: "get warm", H.CHARGING: "charge your phone", H.WATER: "get drinking water", H.FOOD: "get food",
        H.TOILETS: "use a toilet", H.INFORMATION: "get information", H.FIRST_AID: "get first aid",
        H.CRISIS_SUPPORT: "talk to someone about how you feel", H.OVERNIGHT: "stay the night",
        H.FUEL: "buy fuel",
    },
}

STATUS_NAMES: dict[str, dict[PointStatus, str]] = {
    "sv": {PointStatus.PLANNED: "planerad", PointStatus.OPEN: "öppen", PointStatus.FULL: "full",
           PointStatus.CLOSED: "stängd"},
    "en": {PointStatus.PLANNED: "planned", PointStatus.OPEN: "open", PointStatus.FULL: "full",
           PointStatus.CLOSED: "closed"},
}

LANGUAGES = ("sv", "en")


def text_language(language: str) -> str:
    """``"sv"`` or ``"en"`` for a language code; a clear error for any other."""
    for code in LANGUAGES:
        if language == code or language.startswith(code + "-"):
            return code
    raise ValueError(f"this text exists in Swedish (sv) and English (en), not {language!r}")


def join_words(items: Sequence[str], language: str) -> str:
    """"a, b och c" in Swedish, "a, b and c" in English.

    Examples
    --------
    >>> join_words(["värme", "mat", "vatten"], "sv")
    'värme, mat och vatten'
    """
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    conjunction = " och " if text_language(language) == "sv" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def help_names(categories: Sequence[HelpCategory], language: str) -> list[str]:
    names = HELP_NAMES[text_language(language)]
    return [names[c] for c in categories]
