"""The offline package in Chromium against `trygg serve`: Vilhelm downloads his point's signed
package, entries are added on the laptop, Karin merges it on the event page and the log shows her
as the author with "antecknad av" and whom the package was issued to; a tampered copy is refused."""

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.browserkit import log_in, screenshot
from trygg.formats import fieldpack

pytestmark = pytest.mark.browser
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(hours_ago: float) -> str:
    return (dt.datetime.now(STOCKHOLM) - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def open_event_with_valsjobyn(page, base: str) -> str:  # type: ignore[no-untyped-def]
    log_in(page, base, "krokom")
    page.goto(f"{base}/ops/")
    page.fill("#id_name", "Strömavbrott Valsjöbyn (paket)")
    page.select_option("#id_kind", "power_outage")
    page.fill("#id_starts_at", local(3))
    page.get_by_role("button", name=re.compile("Skapa händelse|Create event")).click()
    page.wait_for_url(re.compile(r"/ops/events/\d+/$"))
    event_url = page.url
    page.get_by_label("SOT-punkt Valsjöbyn").check()
    page.fill("#id_decision-decided_by", "Kommundirektör Karin Krokomsson")
    page.select_option("#id_decision-mandate", "kommundirektor")
    page.fill("#id_decision-reason", "Elen borta i Valsjöbyn")
    page.select_option("#id_decision-level", "2")
    page.fill("#id_decision-decided_at", local(2))
    page.get_by_role("button", name=re.compile("^(Aktivera|Activate)$")).click()
    page.wait_for_url(event_url)
    return event_url


def merge(page, event_url: str, path: Path) -> str:  # type: ignore[no-untyped-def]
    page.goto(event_url)
    page.set_input_files("#package", str(path))
    page.get_by_role("button", name=re.compile("^(Läs in|Merge)$")).click()
    page.wait_for_load_state()
    return page.locator(".messages").inner_text()


def test_a_signed_package_merges_as_the_uploader_and_a_tampered_one_is_refused(demo_server, browser, tmp_path):
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    event_url = open_event_with_valsjobyn(coordinator, demo_server)

    staff = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE").new_page()
    log_in(staff, demo_server, "valsjobyn")
    staff.goto(event_url)
    staff.get_by_role("link", name=re.compile("SOT-punkt Valsjöbyn")).first.click()
    with staff.expect_download() as download:
        staff.get_by_role("link", name=re.compile("Ladda ned offlinepaket|Download offline package")).click()
    package_path = tmp_path / "paket.json"
    download.value.save_as(package_path)

    # On the laptop, without network: a note noted by Eva, with a forged author.
    package = fieldpack.load(package_path)
    assert package["issued_to"] == "valsjobyn" and package["signature"]["algorithm"] == "HMAC-SHA256"
    entry = fieldpack.add_entry(package, kind="note", text="Dieselbilen kom 04.10", noted_by="Eva Ek")
    entry["author"] = "lan"
    fieldpack.save(package, package_path)

    shown = merge(coordinator, event_url, package_path)
    assert "1 nya poster har lagts till, 0 fanns redan." in shown, shown
    logged = coordinator.locator("ol.log li", has_text="Dieselbilen kom 04.10")
    assert logged.count() == 1
    text = logged.inner_text()
    assert "Karin" in text and "Antecknad av Eva Ek." in text and "Från ett fältpaket utfärdat till valsjobyn." in text
    assert "Tina" not in text  # the forged author "lan" is nobody's name here
    screenshot(coordinator, "field-package-merged")

    again = merge(coordinator, event_url, package_path)
    assert "0 nya poster har lagts till, 1 fanns redan." in again, again

    tampered = json.loads(package_path.read_text(encoding="utf-8"))
    tampered["issued_to"] = "krokom"
    tampered["new_entries"].append({**entry, "id": str(uuid.uuid4()), "text": "Skulle inte lagras"})
    bad_path = tmp_path / "andrat.json"
    bad_path.write_text(json.dumps(tampered), encoding="utf-8")
    refused = merge(coordinator, event_url, bad_path)
    assert "Inget importerades" in refused and "signatur stämmer inte" in refused, refused
    assert coordinator.locator("ol.log li", has_text="Skulle inte lagras").count() == 0

    not_json = tmp_path / "trasig.json"
    not_json.write_text('{"format": "trygg-field-package", "event": "Storm"', encoding="utf-8")
    assert "Inget importerades" in merge(coordinator, event_url, not_json)
    screenshot(coordinator, "field-package-refused")
