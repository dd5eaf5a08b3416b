"""The public data feeds as bytes: GeoJSON, CSV with HXL, the open-points JSON, Atom, CAP, radio text.

Links inside feeds are absolute (``PUBLIC_SITE_URL``): a feed is read
outside the site.
"""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from trygg.formats.atom import AtomFeed, atom_feed, message_entry
from trygg.formats.cap import message_to_cap_xml
from trygg.formats.dataset import (
    COLLECTION_SCHEMA,
    CSV_TABLE_SCHEMA,
    SCHEMA_FILES,
    DatasetDescription,
    Distribution,
    dcat_catalogue,
    stored_schema,
)
from trygg.formats.public_points import public_feature_collection, public_points_csv
from trygg.formats.radio import RadioSettings, radio_text
from trygg.public import paths, status
from trygg.public.languages import SWEDISH
from trygg.rules.public_info import OPEN_STATUSES, PublicMessage, PublicPoint

GEOJSON_TYPE = "application/geo+json"
CSV_TYPE = "text/csv; charset=utf-8; header=present"
JSON_TYPE = "application/json"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CAP_TYPE = "application/cap+xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
JSONLD_TYPE = "application/ld+json"
SCHEMA_TYPE = "application/schema+json"


def point_url(point: PublicPoint) -> str:
    return paths.absolute(paths.point(point.id))


def _updated(points: list[PublicPoint]) -> datetime:
    """The newest change among the points: a stable stamp (a build time would change every ETag)."""
    stamps = [p.updated for p in points] + [p.status_since for p in points if p.status_since]
    return max(stamps) if stamps else datetime(2000, 1, 1, tzinfo=UTC)


def points_geojson(municipality: str | None = None) -> bytes:
    points = status.public_points(municipality)
    collection = public_feature_collection(points, point_url, generated=_updated(points))
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def points_csv(municipality: str | None = None) -> bytes:
    # A byte-order mark so Excel opens the UTF-8 file with å, ä and ö intact.
    return ("\ufeff" + public_points_csv(status.public_points(municipality), point_url)).encode("utf-8")


def points_json(municipality: str | None = None) -> bytes:
    """The open-points JSON: every public point with its status, small enough to poll."""
    points = status.public_points(municipality)
    body = {
        "updated": _updated(points).isoformat(),
        "open": sum(1 for p in points if p.status in OPEN_STATUSES),
        "points": [
            {"id": p.id, "name": p.name, "status": p.status.value, "municipality": p.municipality_code,
             "locality": p.locality, "address": p.address, "lat": p.lat, "lon": p.lon, "level": p.level,
             "opening_hours": p.opening_hours, "help": [c.value for c in p.help], "note": p.note,
             "url": point_url(p)}
            for p in points
        ],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def schema_url(name: str) -> str:
    return paths.absolute(f"/feeds/schema/{name}")


def schema_json(name: str) -> bytes | None:
    """A published schema file (docs/dataset.md), or ``None`` for an unknown name."""
    return stored_schema(name) if name in SCHEMA_FILES else None


def _publisher(municipality: str | None) -> tuple[str, str]:
    """(name, address) of who publishes the feeds: the municipality, or the county's own organisation."""
    if municipality:
        area = status.municipality(municipality)
        name = area.name if area else municipality
        return name, paths.absolute(paths.municipality(municipality))
    county = status.county()
    return county.name, paths.absolute(paths.finder())


def _distributions(municipality: str | None) -> tuple[Distribution, ...]:
    def url(name: str) -> str:
        return paths.absolute(paths.feed(name, municipality))

    return (
        Distribution("Trygghetspunkter som GeoJSON", "Safety points as GeoJSON", url("points.geojson"),
                     "application/geo+json", "GEOJSON", schema_url(COLLECTION_SCHEMA)),
        Distribution("Trygghetspunkter som CSV (med HXL-rad)", "Safety points as CSV (with an HXL row)",
                     url("points.csv"), "text/csv", "CSV", schema_url(CSV_TABLE_SCHEMA)),
        Distribution("Öppna punkter som JSON", "Open points as JSON", url("points.json"), "application/json", "JSON"),
        Distribution("Meddelanden som Atom", "Public messages as Atom", url("atom.xml"), "application/atom+xml",
                     "ATOM"),
    )


def dcat_jsonld(municipality: str | None = None) -> bytes:
    """The dataset's DCAT-AP-SE description (JSON-LD): one dcat:Dataset with a distribution per feed."""
    points = status.public_points(municipality)
    name, landing = _publisher(municipality)
    description = DatasetDescription(
        identifier=paths.absolute(paths.feed("dcat.jsonld", municipality)) + "#dataset",
        catalogue=paths.absolute(paths.feed("dcat.jsonld", municipality)),
        area_name=name, publisher_name=name, publisher_url=landing + "#publisher", landing_page=landing,
        license_url=settings.PUBLIC_DATA_LICENSE, modified=_updated(points),
        distributions=_distributions(municipality))
    return json.dumps(dcat_catalogue(description), ensure_ascii=False, indent=1).encode("utf-8")


def spoken_web_address() -> str:
    """The web address to read on air: ``PUBLIC_WEB_ADDRESS``, else the public site's host name.

    A bare IP address or ``localhost`` cannot be read to listeners, so then none is given
    (the text names krisinformation.se either way).
    """
    if settings.PUBLIC_WEB_ADDRESS:
        return settings.PUBLIC_WEB_ADDRESS
    host = urlsplit(settings.PUBLIC_SITE_URL).hostname or ""
    try:
        ipaddress.ip_address(host)
        return ""
    except ValueError:
        return "" if host in ("", "localhost") else host


def radio_settings() -> RadioSettings:
    return RadioSettings(channel=settings.PUBLIC_P4_CHANNEL, web=spoken_web_address())


def find_message(identifier: str) -> PublicMessage | None:
    return next((m for m in status.public_messages() if m.identifier == identifier), None)


def cap_xml(message: PublicMessage) -> bytes:
    return message_to_cap_xml(message, radius_km=settings.PUBLIC_CAP_RADIUS_KM)


def radio_txt(message: PublicMessage, language: str) -> bytes:
    return radio_text(message, language, radio_settings()).encode("utf-8")


def atom(municipality: str | None = None) -> bytes:
    messages = status.public_messages(municipality)
    area = status.municipality(municipality) if municipality else None
    county = status.county()
    name = area.name if area else county.name
    updated = max((m.sent for m in messages), default=datetime(2000, 1, 1, tzinfo=UTC))
    feed = AtomFeed(
        id=paths.absolute(paths.feed("atom.xml", municipality)),
        title=f"Trygghetspunkter – {name}",
        updated=updated,
        author=name,
        self_url=paths.absolute(paths.feed("atom.xml", municipality)),
        page_url=paths.absolute(paths.municipality(municipality) if municipality else paths.finder()),
    )
    entries = [
        message_entry(m, paths.absolute(paths.cap_message(m.identifier)),
                      page_url=paths.absolute(paths.municipality(m.municipality_code)),
                      radio_url=paths.absolute(paths.radio_message(m.identifier, SWEDISH.text_language)))
        for m in messages
    ]
    return atom_feed(feed, entries)
