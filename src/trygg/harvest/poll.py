"""Fetch the configured HARVEST_URLS once. With none configured, nothing is contacted."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from trygg.harvest.store import HarvestSummary, harvest_bytes, record_failure
from trygg.harvest.validate import MAX_FEED_BYTES, FeedError
from trygg.text import N_

TIMEOUT_S = 30


@dataclass(frozen=True)
class PollResult:
    """One feed's outcome: what was stored, or why nothing was (``failure``, said in the user's language)."""

    url: str
    summary: HarvestSummary | None = None
    failure: FeedError | None = None

    @property
    def error(self) -> str:
        """The failure in English ("" when the feed was stored), for logs."""
        return f"{self.url}: {self.failure}. Nothing was stored." if self.failure is not None else ""


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
        raise FeedError(N_("the server answered {code} {reason}", code=err.code, reason=str(err.reason))) from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise FeedError(N_("could not be fetched ({reason})", reason=str(reason))) from None
    return body


def poll_once() -> list[PollResult]:
    """Fetch and store every configured feed; one feed's failure does not stop the others."""
    results = []
    for url in configured_urls():
        try:
            body = fetch(url)
        except FeedError as err:
            record_failure(url, err, url=url)
            results.append(PollResult(url, failure=err))
            continue
        try:
            summary = harvest_bytes(url, body, url, url=url)
        except FeedError as err:
            results.append(PollResult(url, failure=err))
        else:
            results.append(PollResult(url, summary))
    return results
