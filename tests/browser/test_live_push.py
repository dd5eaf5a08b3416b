"""Live pages in Chromium: the situation picture shows a new report at once when the server pushes it
(Redis pub/sub behind SSE), and the presenter screen that the stream cap refused still follows by polling."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from tests import clusterutil, serverutil
from tests.browserkit import log_in
from tests.operations.test_push import REDIS_URL, SETUP, Live

pytestmark = pytest.mark.browser
POLL_S = 15  # ops.js and screen.js poll this often when they cannot be pushed to
PUSH_WAIT_MS = 8000  # well under the polling interval: only a push can make it in time


@pytest.fixture(scope="module")
def pushing_server(tmp_path_factory):
    if not clusterutil.reachable(REDIS_URL, 6379):
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: the push test needs it")
    server = serverutil.demo_server(tmp_path_factory.mktemp("livepush"), "livepush")
    server.env.update(REDIS_URL=REDIS_URL, PUSH_CHANNEL_PREFIX=f"trygg-push-browser-{os.getpid()}-{uuid.uuid4().hex[:8]}",
                      CACHE_KEY_PREFIX=f"trygg-push-browser-{uuid.uuid4().hex[:8]}",
                      PUSH_MAX_STREAMS="1")  # the first page takes the only stream, the second must poll
    event, point = map(int, server.python(SETUP).split())
    server.start(workers=1)
    try:
        yield Live(server, event, point)
    finally:
        server.stop()


def _people_cell(page, selector: str, name: str):  # type: ignore[no-untyped-def]
    return page.locator(selector).filter(has_text=name).locator("td").nth(2)


def test_the_picture_is_pushed_and_the_refused_screen_polls(pushing_server, browser):
    from playwright.sync_api import expect

    live = pushing_server
    picture = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(picture, live.server.url, "krokom")
    picture.goto(f"{live.server.url}/ops/events/{live.event}/")
    expect(picture.locator("html")).to_have_attribute("data-live", "push", timeout=10000)

    screen = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(screen, live.server.url, "krokom")
    screen.goto(f"{live.server.url}/screen/events/{live.event}/")
    expect(screen.locator("html")).to_have_attribute("data-live", "poll", timeout=10000)  # 503: over the cap

    name = "SOT-punkt Valsjöbyn"
    live.report(37)
    expect(_people_cell(picture, "#situation tbody tr", name)).to_have_text(re.compile(r"^37 / "),
                                                                           timeout=PUSH_WAIT_MS)
    expect(_people_cell(screen, "#rows tr", name)).to_have_text(re.compile(r"^37 / "),
                                                                timeout=(POLL_S + 10) * 1000)
    assert picture.locator("html").get_attribute("data-live") == "push"
