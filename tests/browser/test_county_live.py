"""The county page in Chromium: its silent-points panel follows a report stored anywhere in the county,
pushed (county.js on live.js), with no polling behind it."""

from __future__ import annotations

import os
import uuid

import pytest

from tests import clusterutil, serverutil
from tests.browserkit import log_in
from tests.operations.test_push import REDIS_URL, SETUP, Live

pytestmark = pytest.mark.browser
GAP_S = 10  # county.js re-fetches the page at most this often
NAME = "SOT-punkt Valsjöbyn"

# Valsjöbyn was activated three hours ago and has not reported since: it is silent.
MAKE_SILENT = """
import datetime as dt
from django.utils import timezone
from trygg.operations.models import PointStatus
PointStatus.objects.filter(point__ref="SOT-VALSJOBYN").update(since=timezone.now() - dt.timedelta(hours=3),
                                                              last_contact_at=None)
"""


@pytest.fixture(scope="module")
def county_server(tmp_path_factory):
    if not clusterutil.reachable(REDIS_URL, 6379):
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: the push test needs it")
    server = serverutil.demo_server(tmp_path_factory.mktemp("countylive"), "countylive")
    server.env.update(REDIS_URL=REDIS_URL, PUSH_CHANNEL_PREFIX=f"trygg-county-browser-{os.getpid()}-{uuid.uuid4().hex[:8]}",
                      CACHE_KEY_PREFIX=f"trygg-county-browser-{uuid.uuid4().hex[:8]}",
                      PUSH_STREAM_SECONDS="8")  # short: the server waits for open streams when it stops
    event, point = map(int, server.python(SETUP).split())
    server.python(MAKE_SILENT)
    server.start(workers=1)
    try:
        yield Live(server, event, point)
    finally:
        server.stop()


def test_a_report_from_a_silent_point_clears_it_from_the_open_county_page(county_server, browser):
    from playwright.sync_api import expect

    live = county_server
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live.server.url, "lan")
    page.goto(f"{live.server.url}/county/")
    expect(page.locator("html")).to_have_attribute("data-live", "push", timeout=10000)
    expect(page.locator(".silent-card")).to_contain_text(NAME)
    page.wait_for_timeout(1000)  # past the first catch-up fetch that follows "hello"

    live.report(5)
    expect(page.locator(".silent-card", has_text=NAME)).to_have_count(0, timeout=(GAP_S + 8) * 1000)
    assert page.locator("html").get_attribute("data-live") == "push"
    assert page.locator("table.municipalities").count() == 1, "only the panel is swapped, the page stays"
