"""In Chromium, Östersund's coordinator finds the agreement past its review, fixes a date mistake
on a new agreement, saves it, and adds a routine to a point: all in Swedish, without the admin."""

import datetime as dt
import re

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_coordinator_keeps_agreements_and_routines_in_swedish(demo_server, page):
    log_in(page, demo_server, "ostersund")
    page.wait_for_url(f"{demo_server}/m/2380/")
    page.get_by_role("link", name=re.compile(r"^Avtal \(\d+\)$")).click()
    page.wait_for_url(f"{demo_server}/m/2380/agreements/")
    overdue = page.locator("tr.review_overdue")
    assert overdue.count() == 1 and "Dieselleveranser till reservkraft" in overdue.inner_text()
    assert "Översyn försenad" in overdue.inner_text()
    screenshot(page, "coordinator-agreements")

    page.get_by_role("link", name="Nytt avtal").click()
    page.fill("#id_title", "Nödvatten till Parkskolan")
    page.select_option("#id_subject", "water")
    page.get_by_label("Östersunds kommun").check()
    page.get_by_label("Trygghetspunkt Parkskolan").check()
    page.fill("#id_valid_from", "2026-03-01")
    page.fill("#id_valid_to", "2026-02-01")
    page.get_by_role("button", name="Spara").click()
    error = page.locator(".has-error .error")
    assert error.count() == 1 and error.inner_text() == "Ett avtal kan inte upphöra innan det börjar gälla."
    assert page.locator(".has-error #id_valid_to").count() == 1
    screenshot(page, "coordinator-agreement-error")

    page.fill("#id_valid_to", "2028-02-01")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{demo_server}/m/2380/agreements/")
    assert "Avtalet Nödvatten till Parkskolan har skapats." in page.locator(".messages").inner_text()
    assert page.locator("tr", has_text="Nödvatten till Parkskolan").locator("td").nth(1).inner_text() == "Vatten"

    page.get_by_role("link", name="Trygghetspunkt Parkskolan").first.click()
    page.get_by_role("link", name="Lägg till rutin").click()
    page.select_option("#id_kind", "equipment_check")
    page.fill("#id_interval_days", "30")
    page.fill("#id_last_done", (dt.date.today() - dt.timedelta(days=2)).isoformat())
    page.fill("#id_responsible", "Vaktmästeriet")
    page.get_by_role("button", name="Spara").click()
    routines = page.locator("section[aria-labelledby=routines-h]")
    text = routines.inner_text()
    assert "Kontroll av utrustning: var 30:e dag" in text and "ansvarig: Vaktmästeriet" in text
    assert "Rutinen har lagts till: Kontroll av utrustning." in page.locator(".messages").inner_text()
    assert routines.get_by_role("link", name="Nödvatten till Parkskolan").count() == 1
    routines.screenshot(path=str(screenshot(page, "coordinator-point-routines").with_name("coordinator-point-routines-section.png")))
