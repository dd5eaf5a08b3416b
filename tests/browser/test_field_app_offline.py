"""The field app in Chromium with the network gone: a volunteer at Valsjöbyn opens the point's
field page once, loses the network, fills in three reports, reloads the page offline (it still
opens and shows "3 rapporter väntar på att skickas"), gets the network back, and the log holds
exactly those three entries, with the times they were made and their author; sending the same
ids again adds nothing. And a report made offline while the point was closed centrally is
shown to the volunteer, not lost."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from tests import serverutil
from tests.browserkit import log_in, screenshot

pytestmark = pytest.mark.browser

UTC = dt.UTC
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "sv-SE",
         "service_workers": "allow"}

SETUP = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from trygg.operations import decisions
from trygg.registry.models import Organisation, Point
user = get_user_model().objects.get(username=%(coordinator)r)
municipality = Organisation.objects.get(scb_code=%(code)r)
point = Point.objects.get(ref=%(ref)r)
event = decisions.create_event(name=%(name)r, kind="power_outage", exercise=False, municipalities=[municipality],
                               owner=municipality, created_by_id=user.pk, starts_at=timezone.now() - dt.timedelta(hours=2))
decisions.activate(event, user.pk, municipality, [point], decisions.Decision(
    decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott", decided_at=timezone.now(), level=2))
print(event.pk, point.pk)
"""

ENTRIES = """
import json
from trygg.operations.models import LogEntry
rows = LogEntry.objects.filter(event_id=%(event)s, point_id=%(point)s).exclude(kind="state", data__has_key="decision")
print(json.dumps([{"id": str(e.id), "kind": e.kind, "author": e.author.username, "occurred_at": e.occurred_at.isoformat(),
                   "recorded_at": e.recorded_at.isoformat(), "data": e.data, "text": e.text, "source": e.source}
                  for e in rows.order_by("occurred_at", "recorded_at")]))
"""

CLOSE = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from trygg.operations import decisions
from trygg.operations.models import Event
from trygg.registry.models import Organisation, Point
user = get_user_model().objects.get(username="are")
decisions.close(Event.objects.get(pk=%(event)s), user.pk, Organisation.objects.get(scb_code="2321"),
                [Point.objects.get(pk=%(point)s)], decisions.Decision(
                    decided_by="Krisledningsnämndens ordförande", mandate="krisledningsnamnd",
                    reason="Elen är tillbaka i Offerdal", decided_at=timezone.now()))
"""

RESEND = """([url, body]) => fetch(url, {method: "POST", credentials: "same-origin", body,
  headers: {"Content-Type": "application/json", "X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)[1]}})
  .then((r) => r.status)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[serverutil.Server]:
    s = serverutil.demo_server(tmp_path_factory.mktemp("fieldapp"), "fieldapp")
    s.start()
    try:
        yield s
    finally:
        s.stop()


def new_event(server: serverutil.Server, name: str, ref: str = "SOT-VALSJOBYN", code: str = "2309",
              coordinator: str = "krokom") -> tuple[int, int]:
    event, point = server.python(SETUP % {"name": name, "ref": ref, "code": code, "coordinator": coordinator}).split()
    return int(event), int(point)


def entries(server: serverutil.Server, event: int, point: int) -> list[dict]:
    return json.loads(server.python(ENTRIES % {"event": event, "point": point}))


def open_field_page(browser, server: serverutil.Server, event: int, point: int,  # type: ignore[no-untyped-def]
                    username: str = "valsjobyn"):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, server.url, username)
    page.goto(f"{server.url}/ops/events/{event}/points/{point}/field/")
    # Online once: the service worker installs, keeps the page and its assets, and takes control.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return context, page


def save_report(page, people: str, fuel: str, power: str = "backup") -> tuple[dt.datetime, dt.datetime]:  # type: ignore[no-untyped-def]
    before = dt.datetime.now(UTC)
    page.fill("#f-people_present", people)
    page.fill("#f-fuel_l", fuel)
    page.locator(f"input[name=power_source][value={power}]").check()
    page.get_by_role("button", name=re.compile("Spara rapport")).click()
    page.wait_for_function("document.getElementById('saved').textContent !== ''")
    after = dt.datetime.now(UTC)
    page.evaluate("document.getElementById('saved').textContent = ''")
    return before, after


def pending(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#pending").inner_text()


def test_three_reports_made_offline_reach_the_log_once_with_their_own_times(server, browser):
    event, point = new_event(server, "Strömavbrott Offerdal (fältappen)")
    context, page = open_field_page(browser, server, event, point)
    posted: list[tuple[str, str]] = []
    # What reached the server (an attempt while the network is gone fails and is tried again later).
    page.on("requestfinished", lambda r: posted.append((r.url, r.post_data or ""))
            if r.method == "POST" and "/api/" in r.url else None)
    assert pending(page) == "0 rapporter väntar på att skickas"
    assert page.locator("fieldset[data-field=state]").count() == 0  # a volunteer reports; the manager moves the point

    # Installable: Chromium finds the manifest, its icons and the service worker good enough to install.
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and "SOT-punkt Valsjöbyn" in manifest["data"]
    errors = {e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    assert errors <= {"in-incognito"}, errors  # Playwright's contexts are incognito; nothing else is missing

    context.set_offline(True)
    page.fill("#f-people_present", "många")  # not a number: said at the field, nothing kept
    page.get_by_role("button", name=re.compile("Spara rapport")).click()
    assert page.locator("#e-people_present").inner_text() == "Ange ett tal."
    assert pending(page) == "0 rapporter väntar på att skickas"
    page.fill("#f-people_present", "")
    windows = []
    for n, (people, fuel) in enumerate((("12", "300"), ("19", "280,5"), ("23", "260")), start=1):
        windows.append(save_report(page, people, fuel))
        expected = "1 rapport väntar på att skickas" if n == 1 else f"{n} rapporter väntar på att skickas"
        assert pending(page) == expected
    assert "Inget nät" in page.locator("#net").inner_text()

    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker  # the kept copy: the network is gone
    page.wait_for_function("document.getElementById('pending').dataset.count === '3'")
    assert pending(page) == "3 rapporter väntar på att skickas"
    assert page.locator("#waiting li").count() == 3
    assert page.locator("h1").inner_text() == "SOT-punkt Valsjöbyn"
    page.wait_for_function("document.getElementById('net').classList.contains('offline')")
    assert "Inget nät" in page.locator("#net").inner_text()
    screenshot(page, "field-app-offline")
    assert entries(server, event, point) == []  # nothing left the phone

    online_at = dt.datetime.now(UTC)
    context.set_offline(False)
    page.wait_for_function("document.getElementById('pending').dataset.count === '0'")
    assert pending(page) == "0 rapporter väntar på att skickas"

    log = entries(server, event, point)
    assert [e["kind"] for e in log] == ["status"] * 3
    assert {e["author"] for e in log} == {"valsjobyn"}
    assert [e["data"]["people_present"] for e in log] == [12, 19, 23]
    assert [e["data"]["fuel_l"] for e in log] == [300, 280.5, 260]
    for entry, (before, after) in zip(log, windows, strict=True):
        made = dt.datetime.fromisoformat(entry["occurred_at"])
        received = dt.datetime.fromisoformat(entry["recorded_at"])
        assert before - dt.timedelta(seconds=1) <= made <= after + dt.timedelta(seconds=1)  # when it was made...
        assert made < online_at <= received + dt.timedelta(seconds=1)  # ...not when it was sent

    # Sending the very same requests again (a flaky network's retry) writes nothing new.
    sent = [(url, body) for url, body in posted if body]
    assert len(sent) == 3
    assert [page.evaluate(RESEND, [url, body]) for url, body in sent] == [200, 200, 200]
    assert len(entries(server, event, point)) == 3
    context.close()


def test_a_report_made_offline_after_a_central_close_is_shown_not_lost(server, browser):
    # Kerstin manages SOT-punkt Kall in Åre: she reports and moves the point's state herself.
    event, point = new_event(server, "Strömavbrott Kall (stängd centralt)", "SOT-KALL", "2321", "are")
    context, page = open_field_page(browser, server, event, point, "kall")
    for state in ("opening", "open"):  # online: the staff open the point
        page.locator(f"input[name=state][value={state}]").check()
        page.get_by_role("button", name=re.compile("Spara rapport")).click()
        page.wait_for_function("document.getElementById('pending').dataset.count === '0'")
    # The page refreshes the point's state from the server after sending: wait for it (bounded).
    page.wait_for_function("document.getElementById('state').innerText.trim() === 'öppen'", timeout=15_000)

    context.set_offline(True)
    save_report(page, "31", "150")
    page.locator("input[name=state][value=full]").check()
    page.get_by_role("button", name=re.compile("Spara rapport")).click()
    page.wait_for_function("document.getElementById('pending').dataset.count === '2'")
    server.python(CLOSE % {"event": event, "point": point})  # meanwhile, at the desk

    context.set_offline(False)
    page.wait_for_function("document.getElementById('pending').dataset.count === '0'")
    page.wait_for_selector(".notice >> nth=1")
    notices = page.locator(".notice").all_inner_texts()
    assert any("ändrades centralt till ”stänger”" in n and "Krisledningsnämndens ordförande" in n
               and "statusrapport" in n for n in notices), notices
    assert any("godtogs inte" in n and "anteckning i loggen" in n for n in notices), notices
    page.wait_for_function("document.getElementById('state').innerText.trim() === 'stänger'", timeout=15_000)
    screenshot(page, "field-app-conflict")

    log = entries(server, event, point)
    kinds = [e["kind"] for e in log]
    assert kinds.count("status") == 1 and kinds.count("note") == 1
    assert [e["data"].get("state") for e in log if e["kind"] == "state"] == ["opening", "open"]  # no "full"
    note = next(e for e in log if e["kind"] == "note")
    assert "full" in note["text"] and note["author"] == "kall"

    page.reload()  # the notices stay until the volunteer has read them (drawn from IndexedDB after load)
    page.wait_for_function("document.querySelectorAll('.notice').length === 2", timeout=15_000)
    page.get_by_role("button", name="Uppfattat").first.click()
    page.wait_for_function("document.querySelectorAll('.notice').length === 1")
    context.close()


def test_a_lost_session_keeps_the_reports_and_another_user_never_sends_them(server, browser):
    event, point = new_event(server, "Strömavbrott Kall (delad telefon)", "SOT-KALL", "2321", "are")
    context, page = open_field_page(browser, server, event, point, "kall")
    context.set_offline(True)
    save_report(page, "8", "90")
    context.clear_cookies()  # the session is gone (expired, or logged out elsewhere) while offline
    context.set_offline(False)
    page.wait_for_selector("#login-needed")
    assert "logga in igen" in page.locator("#login-needed").inner_text()
    assert pending(page) == "1 rapport väntar på att skickas"
    assert entries(server, event, point) == []

    # Someone else logs in on the same device: Kerstin's report is not theirs to send.
    log_in(page, server.url, "are")
    page.goto(f"{server.url}/ops/events/{event}/points/{point}/field/")
    page.wait_for_function("document.getElementById('pending').dataset.count === '0'")
    assert entries(server, event, point) == []

    log_in(page, server.url, "kall")
    page.goto(f"{server.url}/ops/events/{event}/points/{point}/field/")
    page.wait_for_function("document.getElementById('pending').dataset.count === '0'")
    log = entries(server, event, point)
    assert [(e["kind"], e["author"], e["data"]["people_present"]) for e in log] == [("status", "kall", 8)]
    context.close()
