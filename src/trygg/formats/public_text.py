"""Swedish and English words for the public outputs that are not web pages.

CAP messages, the Atom feed, the CSV and the radio text carry Swedish and
English (the languages of P4 and of CAP consumers); the web pages have
their own gettext catalogues in more languages (``trygg/public/locale``).

Pure layer: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from trygg.rules.public_info import HelpCategory, PointStatus, PublicPoint

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


# --- the public text of an event, drafted from the facts -----------------------------

# What residents are told happened, by event kind (trygg.operations.models.EventKind values).
SITUATIONS: dict[str, dict[str, str]] = {
    "sv": {
        "power_outage": "Strömavbrott", "heating": "Avbrott i värmeförsörjningen",
        "water": "Störning i dricksvattnet", "telecom": "Avbrott i telefoni och internet", "storm": "Storm",
        "flood": "Översvämning", "forest_fire": "Skogsbrand", "antagonistic": "Allvarlig händelse",
        "other": "Allvarlig störning",
    },
    "en": {
        "power_outage": "Power cut", "heating": "Heating outage", "water": "Drinking-water failure",
        "telecom": "Phone and internet outage", "storm": "Storm", "flood": "Flood", "forest_fire": "Forest fire",
        "antagonistic": "Serious incident", "other": "Serious disruption",
    },
}

_DRAFT = {
    "sv": {"situation": "{situation} i {place}.", "opened": "{who} har öppnat {what}:",
           "one": "en trygghetspunkt", "many": "{count} trygghetspunkter", "at": "{name}, {address}",
           "offers": "Där kan du {actions}.",
           "todo": "Ta med dina mediciner, varma kläder, telefon och laddare. "
                   "Stanna hemma om du kan hålla värmen där, och hjälp gärna grannar som behöver det.",
           "none": "{who} förbereder trygghetspunkter och meddelar när de öppnar."},
    "en": {"situation": "{situation} in {place}.", "opened": "{who} has opened {what}:",
           "one": "a safety point", "many": "{count} safety points", "at": "{name}, {address}",
           "offers": "There you can {actions}.",
           "todo": "Bring your medicines, warm clothes, phone and charger. "
                   "Stay at home if you can keep warm there, and please help neighbours who need it.",
           "none": "{who} is preparing safety points and will say when they open."},
}


def _where(point: PublicPoint, words: dict[str, str]) -> str:
    address = ", ".join(x for x in (point.address, point.locality) if x and x.lower() not in point.name.lower())
    return words["at"].format(name=point.name, address=address) if address else point.name


def draft_public_text(event_kind: str, municipality_name: str, points: Sequence[PublicPoint],
                      language: str = "sv") -> str:
    """A first public text for residents: what happened, what is open where, what it offers, what to do.

    Built only from public facts (the event's kind and the points' public
    records), never from a decision's internal reason. Staff edit it before
    it is released.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> p = PublicPoint(1, "Valsjöbua", "sot_punkt", "2309", "Krokoms kommun", 2, PointStatus.OPEN,
    ...                 datetime(2026, 1, 5, tzinfo=timezone.utc), address="Byvägen 1", locality="Valsjöbyn",
    ...                 help=(HelpCategory.WARMTH, HelpCategory.CHARGING))
    >>> print(draft_public_text("power_outage", "Krokoms kommun", [p]))
    Strömavbrott i Krokoms kommun.
    Krokoms kommun har öppnat en trygghetspunkt:
    Valsjöbua, Byvägen 1, Valsjöbyn. Där kan du värma dig och ladda din telefon.
    Ta med dina mediciner, varma kläder, telefon och laddare. Stanna hemma om du kan hålla värmen där, och hjälp gärna grannar som behöver det.
    """
    lang = text_language(language)
    words = _DRAFT[lang]
    situation = SITUATIONS[lang].get(event_kind, SITUATIONS[lang]["other"])
    lines = [words["situation"].format(situation=situation, place=municipality_name)]
    if not points:
        lines.append(words["none"].format(who=municipality_name))
        return "\n".join(lines)
    what = words["one"] if len(points) == 1 else words["many"].format(count=len(points))
    lines.append(words["opened"].format(who=municipality_name, what=what))
    for point in points:
        line = _where(point, words) + "."
        if point.help:
            actions = join_words([HELP_ACTIONS[lang][c] for c in point.help], lang)
            line += " " + words["offers"].format(actions=actions)
        lines.append(line)
    lines.append(words["todo"])
    return "\n".join(lines)
