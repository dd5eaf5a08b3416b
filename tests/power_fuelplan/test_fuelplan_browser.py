"""In Chromium, Krokom's coordinator opens the Bränsleplan, runs a scarce case and reorders two points."""

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser


def _cut_points(page):
    return [row.locator("td").nth(1).inner_text() for row in page.locator("table.fuelplan tbody tr.cut").all()]


def test_the_krokom_coordinator_sees_who_is_cut_and_changes_the_order(demo_server, page):
    log_in(page, demo_server, "krokom")
    page.wait_for_url(f"{demo_server}/m/2309/")
    page.get_by_role("link", name="Bränsleplan").click()
    page.wait_for_url(f"{demo_server}/m/2309/fuel-plan/")
    page.get_by_label("Avbrottets längd (timmar)").fill("240")
    page.get_by_label("Leverans var (timme, 0 = ingen)").fill("0")
    page.get_by_label("Diesel per drivmedelsstation med reservkraft (liter)").fill("1200")
    page.get_by_role("button", name="Beräkna planen").click()
    page.wait_for_url("**/fuel-plan/?*duration_h=240*")
    assert "SOT-punkt Rötviken" in _cut_points(page) and "SOT-punkt Valsjöbyn" not in _cut_points(page)
    assert "får slut på bränsle först" in page.locator("p.lead").inner_text()
    assert page.locator("figure.chart svg").count() == 2
    assert page.locator("figure.chart svg").first.bounding_box()["width"] > 600
    shot = screenshot(page, "coordinator-fuel-plan")
    assert shot.stat().st_size > 50_000

    page.get_by_role("link", name="Ange prioritetsordningen").click()
    page.wait_for_url(f"{demo_server}/m/2309/priority/")
    page.get_by_role("button", name="Flytta upp SOT-punkt Rötviken").click()
    page.wait_for_url(f"{demo_server}/m/2309/priority/")
    assert "Prioritetsordningen sparades" in page.locator("ul.messages").inner_text()
    names = page.locator("table.priority tbody tr td:nth-child(2) a").all_inner_texts()
    assert names.index("SOT-punkt Rötviken") < names.index("SOT-punkt Valsjöbyn")
    screenshot(page, "coordinator-priority-order")

    page.go_back()
    page.go_back()
    page.reload()
    assert "SOT-punkt Valsjöbyn" in _cut_points(page) and "SOT-punkt Rötviken" not in _cut_points(page)

    # Put the shared demo server's order back for the other browser tests.
    page.goto(f"{demo_server}/m/2309/priority/")
    page.get_by_role("button", name="Flytta ned SOT-punkt Rötviken").click()
    page.wait_for_url(f"{demo_server}/m/2309/priority/")
    names = page.locator("table.priority tbody tr td:nth-child(2) a").all_inner_texts()
    assert names.index("SOT-punkt Valsjöbyn") < names.index("SOT-punkt Rötviken")
