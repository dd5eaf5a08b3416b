"""The text a P4 presenter reads aloud when points open, change or close (R9).

A *myndighetsmeddelande* (authority announcement), not a VMA: who sends it,
why, which points are open where, what help is there, the hours, what to
bring and where to learn more. Short sentences; every number written as it
is spoken ("klockan tio", "trettio personer"), so the presenter never has to
convert digits on air. Swedish and English. Plain text: whatever shows it
(a web page, a PDF) escapes it.

Pure layer: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from trygg.formats.public_text import HELP_ACTIONS, join_words, text_language
from trygg.formats.spoken import hours_words, number_words, phone_words, speak_numbers, web_words
from trygg.rules.public_info import (
    HelpCategory,
    MessageKind,
    PointStatus,
    PublicMessage,
    PublicPoint,
)

# Sweden's number for information about serious events (MSB), and the national crisis site.
INFO_PHONE = "113 13"
NATIONAL_SITE = "krisinformation.se"


@dataclass(frozen=True)
class RadioSettings:
    """Where listeners learn more.

    Parameters
    ----------
    channel : str
        The local P4 channel, e.g. "P4 Jämtland".
    web : str
        The municipality's or county's public web address, e.g.
        "trygg.jamtland.se" (said as "trygg punkt jämtland punkt se");
        empty to name only krisinformation.se.
    info_phone : str
        Read as Swedes say it ("hundratretton tretton").
    """

    channel: str = "P4"
    web: str = ""
    info_phone: str = INFO_PHONE


_TEXT = {
    "sv": {
        "header": "Myndighetsmeddelande från {sender}.",
        "exercise": "Det här är en övning.",
        "exercise_end": "Det här var en övning.",
        "opened_one": "{who} har öppnat en trygghetspunkt.",
        "opened_many": "{who} har öppnat {count} trygghetspunkter.",
        "what_is": "En trygghetspunkt är en plats där du kan få hjälp och information.",
        "update": "Nytt om trygghetspunkterna i {place}.",
        "closing": "Trygghetspunkterna i {place} har stängt.",
        "at": "{name} i {locality}",
        "address": "Adressen är {address}.",
        "open_hours": "{point} är öppen {hours}.",
        "open_text": "{point} är öppen. Öppettider: {hours}.",
        "open": "{point} är öppen.",
        "full": "{point} är full och tar inte emot fler just nu.",
        "closed": "{point} har stängt.",
        "planned": "{point} öppnar när kommunen beslutar det.",
        "help": "Där kan du {actions}.",
        "room": "Där finns plats för {people} personer.",
        "bring": "Ta med dig dina mediciner, varma kläder, din telefon och en laddare.",
        "bring_night": "Ta med en filt eller sovsäck om du behöver sova där.",
        "home": "Stanna hemma om du kan hålla värmen där. Hjälp gärna grannar som behöver det.",
        "thanks": "Tack till alla som har hjälpt till.",
        "more_web": "Mer information finns på {web} och på {national}.",
        "more_national": "Mer information finns på {national}.",
        "phone": "Du kan också ringa {phone}.",
        "listen": "Lyssna på Sveriges Radio {channel}.",
        "municipality": "Kommunen",
    },
    "en": {
        "header": "An announcement from {sender}.",
        "exercise": "This is an exercise.",
        "exercise_end": "This was an exercise.",
        "opened_one": "{who} has opened a safety point.",
        "opened_many": "{who} has opened {count} safety points.",
        "what_is": "A safety point is a place where you can get help and information.",
        "update": "News about the safety points in {place}.",
        "closing": "The safety points in {place} have closed.",
        "at": "{name} in {locality}",
        "address": "The address is {address}.",
        "open_hours": "{point} is open {hours}.",
        "open_text": "{point} is open. Opening hours: {hours}.",
        "open": "{point} is open.",
        "full": "{point} is full and cannot take more people right now.",
        "closed": "{point} has closed.",
        "planned": "{point} opens when the municipality decides.",
        "help": "There you can {actions}.",
        "room": "There is room for {people} people.",
        "bring": "Bring your medicines, warm clothes, your phone and a charger.",
        "bring_night": "Bring a blanket or a sleeping bag if you need to sleep there.",
        "home": "Stay at home if you can keep warm there. Please help neighbours who need it.",
        "thanks": "Thank you to everyone who helped.",
        "more_web": "You can find more information at {web} and at {national}.",
        "more_national": "You can find more information at {national}.",
        "phone": "You can also call {phone}.",
        "listen": "Listen to Sveriges Radio {channel}.",
        "municipality": "The municipality",
    },
}


def _point_label(point: PublicPoint, t: dict[str, str], lang: str) -> str:
    name = speak_numbers(point.name, lang)
    if point.locality and point.locality.lower() not in point.name.lower():
        return t["at"].format(name=name, locality=speak_numbers(point.locality, lang))
    return name


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _point_sentences(point: PublicPoint, t: dict[str, str], lang: str) -> list[str]:
    label = _point_label(point, t, lang)
    if point.status is PointStatus.CLOSED:
        return [_capitalised(t["closed"].format(point=label))]
    if point.status is PointStatus.FULL:
        return [_capitalised(t["full"].format(point=label))]
    if point.status is PointStatus.PLANNED:
        first = t["planned"].format(point=label)
    elif point.daily_hours is not None:
        first = t["open_hours"].format(point=label, hours=hours_words(point.daily_hours, lang))
    elif point.opening_hours:
        first = t["open_text"].format(point=label, hours=speak_numbers(point.opening_hours, lang).rstrip(". "))
    else:
        first = t["open"].format(point=label)
    sentences = [_capitalised(first)]
    if point.address:
        sentences.append(t["address"].format(address=speak_numbers(point.address, lang).rstrip(". ")))
    if point.help:
        actions = [HELP_ACTIONS[lang][c] for c in point.help]
        sentences.append(t["help"].format(actions=join_words(actions, lang)))
    if point.capacity_day:
        sentences.append(t["room"].format(people=number_words(point.capacity_day, lang)))
    return sentences


def _reason(message: PublicMessage, lang: str) -> str:
    reason = message.reason if lang == "sv" else (message.reason_en or "")
    reason = speak_numbers(reason.strip(), lang)
    if reason and reason[-1] not in ".!?]":
        reason += "."
    return reason


def _where_to_learn_more(settings: RadioSettings, t: dict[str, str], lang: str) -> list[str]:
    national = web_words(NATIONAL_SITE, lang)
    lines = [t["more_web"].format(web=web_words(settings.web, lang), national=national) if settings.web
             else t["more_national"].format(national=national)]
    if settings.info_phone:
        lines.append(t["phone"].format(phone=phone_words(settings.info_phone, lang)))
    lines.append(t["listen"].format(channel=settings.channel.removeprefix("Sveriges Radio ")))
    return lines


def radio_text(message: PublicMessage, language: str = "sv", settings: RadioSettings | None = None) -> str:
    """The announcement for ``message`` as plain text, one sentence or short group per line.

    Parameters
    ----------
    message : PublicMessage
        The opening, update or closing; its points carry their status.
    language : {"sv", "en"}
    settings : RadioSettings, optional
        P4 channel, web address and information number.

    Returns
    -------
    str
        Lines separated by newlines; a blank line between the parts a
        presenter may pause at. Every number is in words.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from trygg.rules.public_info import DailyHours
    >>> point = PublicPoint(1, "Krokoms sportcenter", "trygghetspunkt", "2309", "Krokoms kommun", 3,
    ...                     PointStatus.OPEN, datetime(2026, 1, 5, tzinfo=timezone.utc), locality="Krokom",
    ...                     daily_hours=DailyHours(600, 1320), help=(HelpCategory.WARMTH,), capacity_day=30)
    >>> message = PublicMessage("m1", MessageKind.OPENING, "kommun-2309@trygg", datetime(2026, 1, 5, 14,
    ...     tzinfo=timezone.utc), "2309", "Krokoms kommun", "Strömavbrott i stora delar av kommunen", (point,))
    >>> print(radio_text(message, settings=RadioSettings("P4 Jämtland")), end="")
    Myndighetsmeddelande från Krokoms kommun.
    Strömavbrott i stora delar av kommunen.
    Kommunen har öppnat en trygghetspunkt.
    En trygghetspunkt är en plats där du kan få hjälp och information.
    <BLANKLINE>
    Krokoms sportcenter är öppen från klockan tio till klockan tjugotvå.
    Där kan du värma dig.
    Där finns plats för trettio personer.
    <BLANKLINE>
    Ta med dig dina mediciner, varma kläder, din telefon och en laddare.
    Stanna hemma om du kan hålla värmen där. Hjälp gärna grannar som behöver det.
    <BLANKLINE>
    Mer information finns på krisinformation punkt se.
    Du kan också ringa hundratretton tretton.
    Lyssna på Sveriges Radio P4 Jämtland.
    """
    lang = text_language(language)
    settings = settings or RadioSettings()
    t = _TEXT[lang]
    sender = speak_numbers(message.municipality_name, lang)
    intro = [t["header"].format(sender=sender)]
    if message.exercise:
        intro.append(t["exercise"])
    reason = _reason(message, lang)
    if reason:
        intro.append(reason)
    open_points = [p for p in message.points if p.status in (PointStatus.OPEN, PointStatus.FULL)]
    if message.kind is MessageKind.OPENING:
        count = len(open_points) or len(message.points)
        key = "opened_one" if count == 1 else "opened_many"
        intro.append(t[key].format(who=t["municipality"], count=number_words(count, lang)))
        intro.append(t["what_is"])
    elif message.kind is MessageKind.UPDATE:
        intro.append(t["update"].format(place=sender))
    else:
        intro.append(t["closing"].format(place=sender))
    blocks = [intro]
    if message.kind is not MessageKind.CLOSING:
        blocks.extend(_point_sentences(p, t, lang) for p in message.points)
        advice = [t["bring"]]
        if any(HelpCategory.OVERNIGHT in p.help for p in open_points or message.points):
            advice.append(t["bring_night"])
        advice.append(t["home"])
        blocks.append(advice)
    else:
        blocks.append([t["thanks"]])
    outro = _where_to_learn_more(settings, t, lang)
    if message.exercise:
        outro.append(t["exercise_end"])
    blocks.append(outro)
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"
