"""In Chromium, a municipality coordinator logs in, opens a point and sees its readiness gaps."""

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_ostersund_coordinator_sees_parkskolans_level_three_gaps(demo_server, page):
    log_in(page, demo_server, "ostersund")
    page.wait_for_url(f"{demo_server}/m/2380/")
    assert page.locator("h1").inner_text().startswith("Östersunds kommun")
    assert page.locator(".leaflet-container").count() == 1, "the map did not start"
    page.get_by_role("link", name="Trygghetspunkt Parkskolan").click()
    gaps = page.locator("li.gap")
    codes = {gaps.nth(i).get_attribute("data-code") for i in range(gaps.count())}
    assert {"capacity_night", "equipment:beds", "overnight_staffing"} <= codes
    assert page.locator("li.gap.critical").count() >= 3
    assert page.locator("html").get_attribute("lang") == "sv"
    shot = screenshot(page, "coordinator-point-readiness")
    assert shot.stat().st_size > 20_000
    power = page.locator("section[aria-labelledby=power-h]")
    text = power.inner_text()
    assert "Reservkraft och drivmedel" in text and "Toppeffekt per lastklass" in text
    for raw in ("fixed", "connection_point", "kitchen", "lighting", "Peak load", "The tank"):
        assert raw not in text
    power.screenshot(path=str(shot.with_name("coordinator-point-power.png")))


def test_the_coordinator_cannot_open_another_municipalitys_point(demo_server, page):
    log_in(page, demo_server, "krokom")
    page.wait_for_url(f"{demo_server}/m/2309/")
    response = page.goto(f"{demo_server}/m/2321/")
    assert response.status == 404
