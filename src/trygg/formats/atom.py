"""An Atom feed (RFC 4287) of the public messages, each entry linking to its CAP document.

The pattern public alert aggregators read: one ``entry`` per CAP message,
``link rel="alternate"`` with type ``application/cap+xml``. Entries are
newest first.

Pure layer: lxml, no Django.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from trygg.formats.cap import CAP_MIME_TYPE, cap_datetime, xml_text
from trygg.formats.public_text import join_words, text_language
from trygg.rules.public_info import MessageKind, PublicMessage

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
ATOM_MIME_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class AtomLink:
    href: str
    rel: str = "alternate"
    type: str = ""
    hreflang: str = ""


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    updated: datetime
    summary: str = ""
    links: tuple[AtomLink, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class AtomFeed:
    id: str
    title: str
    updated: datetime
    author: str
    self_url: str = ""
    page_url: str = ""


def _atom_datetime(value: datetime) -> str:
    return cap_datetime(value, "updated")  # RFC 3339 with an offset: valid Atom too


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{name}", {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = xml_text(text)
    return element


def _link(parent: etree._Element, link: AtomLink) -> None:
    _sub(parent, "link", href=link.href, rel=link.rel, type=link.type, hreflang=link.hreflang)


def atom_feed(feed: AtomFeed, entries: Sequence[AtomEntry]) -> bytes:
    """The feed as UTF-8 XML; text is escaped, never markup (``type="text"``)."""
    root = etree.Element(f"{{{ATOM_NAMESPACE}}}feed", nsmap={None: ATOM_NAMESPACE})
    _sub(root, "id", feed.id)
    _sub(root, "title", feed.title)
    _sub(root, "updated", _atom_datetime(feed.updated))
    author = _sub(root, "author")
    _sub(author, "name", feed.author)
    if feed.self_url:
        _link(root, AtomLink(feed.self_url, rel="self", type=ATOM_MIME_TYPE))
    if feed.page_url:
        _link(root, AtomLink(feed.page_url, rel="alternate", type="text/html"))
    for entry in sorted(entries, key=lambda e: e.updated, reverse=True):
        element = _sub(root, "entry")
        _sub(element, "id", entry.id)
        _sub(element, "title", entry.title)
        _sub(element, "updated", _atom_datetime(entry.updated))
        if entry.author:
            _sub(_sub(element, "author"), "name", entry.author)
        for link in entry.links:
            _link(element, link)
        if entry.summary:
            _sub(element, "summary", entry.summary, type="text")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def message_id(message: PublicMessage) -> str:
    """A permanent Atom id for a message: a name-based UUID of its CAP sender and identifier."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"cap:{message.sender}/{message.identifier}").urn


_TITLES = {
    "sv": {MessageKind.OPENING: "Öppnat", MessageKind.UPDATE: "Ändrat", MessageKind.CLOSING: "Stängt",
           "exercise": "ÖVNING"},
    "en": {MessageKind.OPENING: "Opened", MessageKind.UPDATE: "Changed", MessageKind.CLOSING: "Closed",
           "exercise": "EXERCISE"},
}


def message_entry(message: PublicMessage, cap_url: str, page_url: str = "", radio_url: str = "",
                  language: str = "sv") -> AtomEntry:
    """The Atom entry for a message: title, the points named in the summary, links to CAP, page and radio text."""
    lang = text_language(language)
    words = _TITLES[lang]
    names = join_words([p.name for p in message.points], lang)
    title = f"{words[message.kind]}: {message.municipality_name}" + (f" – {names}" if names else "")
    if message.exercise:
        title = f"{words['exercise']}: {title}"
    reason = message.reason if lang == "sv" else (message.reason_en or message.reason)
    links = [AtomLink(cap_url, type=CAP_MIME_TYPE)]
    if page_url:
        links.append(AtomLink(page_url, rel="related", type="text/html"))
    if radio_url:
        links.append(AtomLink(radio_url, rel="related", type="text/plain", hreflang=lang))
    return AtomEntry(id=message_id(message), title=title, updated=message.sent, summary=reason,
                     links=tuple(links), author=message.municipality_name)
