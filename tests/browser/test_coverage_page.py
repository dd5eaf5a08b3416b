"""In Chromium, a coordinator opens the coverage page: the map draws, the figures and suggestions show."""

import re

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_krokom_coordinator_sees_who_is_out_of_reach_and_where_to_add_a_point(demo_server, page):
    log_in(page, demo_server, "krokom")
    page.wait_for_url(f"{demo_server}/m/2309/")
    page.goto(f"{demo_server}/m/2309/coverage/")

    assert page.locator(".leaflet-container").count() == 1, "the map did not start"
    page.locator(".leaflet-interactive").first.wait_for()
    lead = page.locator("p.lead").inner_text()
    covered, total = (int(n.replace("\u00a0", "").replace(" ", "")) for n in re.findall(r"[\d\u00a0 ]{2,}", lead)[:2])
    assert 0 < covered < total
    first_suggestion = page.locator("table").first.locator("tbody tr").first.inner_text()
    assert first_suggestion.startswith("1")
    shot = screenshot(page, "coordinator-coverage")
    assert shot.stat().st_size > 30_000

    page.fill("#radius", "40")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(re.compile(r"radius_km=40"))
    wider = page.locator("p.lead").inner_text()
    assert int(re.findall(r"[\d\u00a0 ]{2,}", wider)[0].replace("\u00a0", "").replace(" ", "")) >= covered
