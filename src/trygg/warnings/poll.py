"""Fetch the configured warning feeds once. With no URL configured, nothing is contacted."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from trygg.formats.warnings import MAX_WARNING_BYTES, WarningInputError, parse_warnings
from trygg.text import N_
from trygg.warnings.store import StoreSummary, store_warnings

TIMEOUT_S = 20


@dataclass(frozen=True)
class PollResult:
    """One feed's outcome: what was stored, or why nothing was (``failure``, said in the user's language)."""

    url: str
    summary: StoreSummary | None = None
    failure: WarningInputError | None = None

    @property
    def error(self) -> str:
        """The failure in English ("" when the feed was read), for logs."""
        return str(self.failure) if self.failure is not None else ""


def configured_feeds() -> list[tuple[str, str]]:
    """(source, url) pairs from WARNINGS_SMHI_URL and WARNINGS_CAP_URLS."""
    feeds = [("smhi", settings.WARNINGS_SMHI_URL)] if settings.WARNINGS_SMHI_URL else []
    return feeds + [("cap", url) for url in settings.WARNINGS_CAP_URLS]


def fetch(url: str) -> bytes:
    """GET ``url`` with a time-out and a size limit; errors become WarningInputError."""
    request = urllib.request.Request(url, headers={"Accept": "application/json, application/xml, text/xml",
                                                   "User-Agent": "trygg warnings poll"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (operator-configured URL)
            body: bytes = response.read(MAX_WARNING_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise WarningInputError(N_("{url}: the server answered {code} {reason}", url=url, code=err.code,
                                   reason=str(err.reason))) from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise WarningInputError(N_("{url}: could not be fetched ({reason})", url=url, reason=str(reason))) from None
    if len(body) > MAX_WARNING_BYTES:
        raise WarningInputError(N_("{url}: the answer is larger than {limit:,} bytes", url=url,
                                   limit=MAX_WARNING_BYTES))
    return body


def poll_once() -> list[PollResult]:
    """Fetch and store every configured feed; one feed's failure does not stop the others."""
    results = []
    for source, url in configured_feeds():
        try:
            records = parse_warnings(fetch(url), url)
            summary = store_warnings(records, received_from=url, complete_feed_of="smhi" if source == "smhi" else None)
        except WarningInputError as err:
            results.append(PollResult(url, failure=err))
        else:
            results.append(PollResult(url, summary))
    return results
