"""End to end: `trygg harvest poll` fetches a running `trygg serve`'s own feed over HTTP, and the county
officer sees the source and its points on /harvest/ in Chromium."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import Iterator

import pytest

from tests import serverutil
from tests.browserkit import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[serverutil.Server]:
    server = serverutil.demo_server(tmp_path_factory.mktemp("harvest-server"), "harvest")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _poll(server: serverutil.Server, *urls: str) -> subprocess.CompletedProcess[str]:
    env = {**server.env, "HARVEST_URLS": ",".join(urls)}
    return subprocess.run([serverutil.TRYGG, "harvest", "poll"], env=env, capture_output=True, text=True, timeout=120)


def test_a_served_feed_is_harvested_and_shown_to_the_county_officer(instance, page):
    url = f"{instance.url}/feeds/2321/points.geojson"
    result = _poll(instance, url, f"{instance.url}/feeds/2321/nothing.geojson")
    assert result.returncode == 1, result.stderr  # one of the two feeds failed
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the test's own server)
        published = json.loads(response.read())
    n = len(published["features"])
    assert f"{url}: {n} points stored for {url} (replacing 0)." in result.stdout
    assert "nothing.geojson: the server answered 404 Not Found. Nothing was stored." in result.stderr

    log_in(page, instance.url, "lan")
    page.wait_for_url(f"{instance.url}/**")
    page.goto(f"{instance.url}/harvest/")
    row = page.locator("#harvest-sources tbody tr", has_text=url).first
    assert row.locator("td").first.inner_text() == str(n)
    failed = page.locator("#harvest-sources tbody tr", has_text="nothing.geojson").inner_text()
    assert "404 Not Found" in failed and "aldrig" in failed  # never fetched, and why
    page.locator(".leaflet-interactive").first.wait_for()
    assert page.locator("path.leaflet-interactive").count() == sum(1 for f in published["features"] if f["geometry"])
