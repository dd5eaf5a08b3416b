"""Fetch the configured HARVEST_URLS once. With none configured, nothing is contacted."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from trygg.harvest.store import HarvestSummary, harvest_bytes, record_failure
from trygg.harvest.validate import MAX_FEED_BYTES, FeedError

TIMEOUT_S = 30


@dataclass(frozen=True)
class PollResult:
    url: str
    summary: HarvestSummary | None = None
    error: str = ""


def configured_urls() -> list[str]:
    return [url for url in settings.HARVEST_URLS if url]


def fetch(url: str) -> bytes:
    """GET ``url`` with a time-out and a size limit; every failure becomes a :class:`FeedError`."""
    request = urllib.request.Request(url, headers={"Accept": "application/geo+json, application/json",
                                                   "User-Agent": "trygg harvest poll"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (operator-configured URL)
            body: bytes = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise FeedError(f"the server answered {err.code} {err.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise FeedError(f"could not be fetched ({reason})") from None
    return body


def poll_once() -> list[PollResult]:
    """Fetch and store every configured feed; one feed's failure does not stop the others."""
    results = []
    for url in configured_urls():
        try:
            body = fetch(url)
        except FeedError as err:
            record_failure(url, str(err), url=url)
            results.append(PollResult(url, error=f"{url}: {err}. Nothing was stored."))
            continue
        try:
            summary = harvest_bytes(url, body, url, url=url)
        except FeedError as err:
            results.append(PollResult(url, error=f"{url}: {err}. Nothing was stored."))
        else:
            results.append(PollResult(url, summary))
    return results
