"""The worst night, in Chromium: Krokom opens an outage event, activates Valsjöbyn and
Rötviken by a recorded decision, staff report from the phone form, and the county's
picture shows both with occupancy and fuel, and flags the point that stayed silent."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(hours_ago: float) -> str:
    return (dt.datetime.now(STOCKHOLM) - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def test_a_storm_night_from_decision_to_county_picture(demo_server, browser):
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(coordinator, demo_server, "krokom")
    coordinator.goto(f"{demo_server}/ops/")
    coordinator.fill("#id_name", "Storm i Offerdal")
    coordinator.select_option("#id_kind", "power_outage")
    coordinator.fill("#id_starts_at", local(4))
    coordinator.get_by_role("button", name=re.compile("Skapa händelse|Create event")).click()
    coordinator.wait_for_url(re.compile(r"/ops/events/\d+/$"))
    event_url = coordinator.url

    # The decision form is on the page, not folded away.
    for name in ("SOT-punkt Valsjöbyn", "SOT-punkt Rötviken"):
        coordinator.get_by_label(name).check()
    coordinator.fill("#id_decision-decided_by", "Kommundirektör Karin Krokomsson")
    coordinator.select_option("#id_decision-mandate", "kommundirektor")
    coordinator.fill("#id_decision-reason", "Stormen har slagit ut elen i hela Offerdal")
    coordinator.select_option("#id_decision-level", "2")
    coordinator.fill("#id_decision-decided_at", local(3))
    coordinator.get_by_role("button", name=re.compile("^(Aktivera|Activate)$")).click()
    coordinator.wait_for_url(event_url)
    assert coordinator.locator("ol.log li.decision").count() == 1
    assert coordinator.locator("#situation tbody tr").count() == 2

    # The coordinator opens the point (docs/roles.md: a volunteer reports, but does not change its state).
    coordinator.get_by_role("link", name=re.compile("SOT-punkt Valsjöbyn")).first.click()
    for state in ("opening", "open"):
        coordinator.locator(f"form.states button[value={state}]").click()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    log_in(phone, demo_server, "valsjobyn")
    event_id = event_url.rstrip("/").rsplit("/", 1)[1]
    phone.goto(f"{demo_server}/ops/")
    phone.get_by_role("link", name="Storm i Offerdal").click()
    phone.get_by_role("link", name=re.compile("SOT-punkt Valsjöbyn")).click()
    assert f"/ops/events/{event_id}/points/" in phone.url
    assert phone.locator("form.states button").count() == 0
    phone.fill("#id_people_present", "23")
    phone.locator("input[name=power_source][value=backup]").check()
    phone.fill("#id_fuel_l", "310")
    phone.fill("#id_indoor_temp_c", "19")
    phone.fill("#id_needs", "Filtar och blöjor")
    phone.get_by_role("button", name=re.compile("Skicka rapport|Send report")).click()
    assert phone.locator(".messages li").count() == 1
    screenshot(phone, "ops-phone-report")

    county = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(county, demo_server, "lan")
    county.goto(event_url)
    county.wait_for_selector("#updated:not(:empty)")  # the live poll has run
    rows = {row.locator("td").first.inner_text(): row for row in county.locator("#situation tbody tr").all()}
    valsjobyn, rotviken = rows["SOT-punkt Valsjöbyn"], rows["SOT-punkt Rötviken"]
    assert "23 / 40" in valsjobyn.inner_text() and "310" in valsjobyn.inner_text()
    assert valsjobyn.locator("td").nth(1).inner_text() in ("öppen", "open")
    assert "silent" not in (valsjobyn.get_attribute("class") or "")
    assert "silent" in (rotviken.get_attribute("class") or "") and rotviken.locator(".silent-flag").count() == 1
    assert county.locator(".leaflet-interactive").count() >= 2 + 1  # two points and the municipality outline
    screenshot(county, "ops-county-picture")
