"""In Chromium, the Östersund coordinator opens the store and fuel access page: map, chart and table."""

import re

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_ostersund_coordinator_sees_how_far_residents_have_to_a_store(demo_server, page):
    log_in(page, demo_server, "ostersund")
    page.wait_for_url(f"{demo_server}/m/2380/")
    page.get_by_role("link", name="Tillgång till butik och drivmedel").click()
    page.wait_for_url(f"{demo_server}/m/2380/access/")

    assert page.locator(".leaflet-container").count() == 1, "the map did not start"
    page.locator(".leaflet-interactive").first.wait_for()
    # Localities and stores both drawn: more markers than the 14 Östersund localities alone.
    assert page.locator("path.leaflet-interactive").count() > 14
    lead = page.locator("p.lead").inner_text()
    within, total = (int(n.replace("\u00a0", "").replace(" ", "")) for n in re.findall(r"\d[\d\u00a0 ]*\d", lead)[:2])
    assert within > 0.8 * total
    assert page.locator("figure.chart svg rect").count() == 10  # 5 bands × 2 services
    first_row = page.locator("table.access tbody tr").first.inner_text()
    assert first_row.startswith("Östersund") and "Dagligvarubutik i Östersund" in first_row
    assert "fågelvägen × 1,3" in page.locator("#method").inner_text()
    shot = screenshot(page, "coordinator-access")
    assert shot.stat().st_size > 30_000
