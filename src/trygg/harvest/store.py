"""Store a harvested feed: the source's previous copy is replaced in one transaction, or nothing changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from trygg.harvest.models import HarvestedPoint, HarvestSource
from trygg.harvest.validate import FeedError, HarvestedFeature, parse_feed
from trygg.shared.languages import in_site_languages
from trygg.text import ENGLISH, Catalogue, catalogue


@dataclass(frozen=True)
class HarvestSummary:
    source: str
    points: int
    replaced: int

    def render(self, translation: Catalogue) -> str:
        """What was stored, through ``translation`` (a catalogue, or ``django.utils.translation``)."""
        return translation.ngettext("{points} point stored for {source} (replacing {replaced})",
                                    "{points} points stored for {source} (replacing {replaced})",
                                    self.points).format(points=self.points, source=self.source,
                                                        replaced=self.replaced)

    def describe(self, language: str = "en") -> str:
        """What was stored, in ``language`` ("sv", "en", ...)."""
        return self.render(catalogue(language))

    def __str__(self) -> str:
        return self.render(ENGLISH)


def _source(name: str, url: str) -> HarvestSource:
    source, _created = HarvestSource.objects.get_or_create(name=name, defaults={"url": url})
    if url and source.url != url:
        source.url = url
        source.save(update_fields=["url"])
    return source


def replace_points(name: str, features: list[HarvestedFeature], fetched_from: str, *, url: str = "",
                   fetched_at: datetime | None = None, user_id: int | None = None) -> HarvestSummary:
    """Swap the source's points for ``features`` atomically: readers see the old copy or the new, never a mix."""
    fetched_at = fetched_at or timezone.now()
    with transaction.atomic():
        source = _source(name, url)
        source = HarvestSource.objects.select_for_update().get(pk=source.pk)
        replaced, _by_model = source.points.all().delete()
        HarvestedPoint.objects.bulk_create(
            [HarvestedPoint(source=source, source_url=fetched_from, fetched_at=fetched_at, feature_id=f.feature_id,
                            name=f.name[:500], municipality_code=f.municipality_code, kind=f.kind, level=f.level,
                            status=f.status, lat=f.lat, lon=f.lon, properties=f.properties)
             for f in features], batch_size=1000)
        source.last_fetched_at, source.last_fetched_from = fetched_at, fetched_from
        source.point_count, source.last_error, source.last_error_at = len(features), "", None
        source.last_error_texts = {}
        source.last_imported_by_id = user_id
        source.save()
    return HarvestSummary(name, len(features), replaced)


def record_failure(name: str, message: FeedError | str, *, url: str = "") -> None:
    """Note a failed fetch on the source (shown on /harvest/ in the reader's language); its stored points stay as they were."""
    source = _source(name, url)
    source.last_error, source.last_error_at = str(message)[:2000], timezone.now()
    source.last_error_texts = in_site_languages(message, limit=2000)
    source.save(update_fields=["last_error", "last_error_at", "last_error_texts"])


def harvest_bytes(name: str, body: bytes, fetched_from: str, *, url: str = "",
                  user_id: int | None = None) -> HarvestSummary:
    """Validate and store one feed; a bad feed raises :class:`FeedError` and is recorded, nothing else changes."""
    try:
        features = parse_feed(body)
    except FeedError as err:
        record_failure(name, err, url=url)
        raise
    return replace_points(name, features, fetched_from, url=url, user_id=user_id)
