"""The finder in Chromium: Swedish, English and Arabic (right to left), without JavaScript, accessible, light."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browserkit import screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "sv-SE"}
STROMSUND = {"latitude": 63.8541, "longitude": 15.5789}


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("code", "heading", "direction"), [
    ("sv", "Trygghetspunkter i Jämtlands län", "ltr"),
    ("en", "Safety points in Jämtlands län", "ltr"),
    ("ar", "نقاط الأمان في Jämtlands län", "rtl"),
])
def test_the_finder_in_swedish_english_and_arabic(phone, demo_server, code, heading, direction):
    phone.goto(f"{demo_server}/hitta/{code}/")
    assert phone.locator("h1").inner_text() == heading
    assert phone.evaluate("getComputedStyle(document.body).direction") == direction
    assert phone.locator("li.point").count() > 10
    if direction == "rtl":  # the list's text starts at the right edge
        box = phone.locator("li.point h3").first.bounding_box()
        assert box["x"] + box["width"] > 300
    screenshot(phone, f"public-finder-{code}")


def test_without_javascript_the_list_and_the_place_chooser_work(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{demo_server}/hitta/")
    assert page.locator("li.point").count() > 10
    assert not page.locator("button.locate").is_visible() and not page.locator("button.show-map").is_visible()
    page.select_option("#near", "2313TC108")
    page.click("form.near button[type=submit]")
    assert "near=2313TC108" in page.url
    assert page.locator("li.point h3").first.inner_text() == "Trygghetspunkt Dunderhallen"
    assert page.locator("#sorted").inner_text() == "Närmast Strömsund först."
    screenshot(page, "public-finder-without-javascript")
    page.locator("li.point h3 a").first.click()
    assert page.locator("h1").inner_text() == "Trygghetspunkt Dunderhallen"
    context.close()


def test_the_phone_s_position_sorts_the_list_and_stays_on_the_phone(browser, demo_server):
    context = browser.new_context(geolocation=STROMSUND, permissions=["geolocation"], **PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{demo_server}/hitta/")
    page.click("button.locate")
    page.wait_for_function("document.getElementById('sorted').textContent.length > 0")
    assert page.locator("li.point h3").first.inner_text() == "Trygghetspunkt Dunderhallen"
    assert re.match(r" · \d+,\d km", page.locator("li.point .dist").first.inner_text())
    assert not [url for url in requests if "63.85" in url or "15.57" in url]
    context.close()


def test_the_map_loads_leaflet_only_when_asked(phone, demo_server):
    loaded: list[str] = []
    phone.on("request", lambda request: loaded.append(request.url))
    phone.goto(f"{demo_server}/k/2380/")
    assert not [url for url in loaded if "leaflet" in url]
    phone.click("button.show-map")
    phone.wait_for_selector(".leaflet-container")
    assert phone.locator("path.leaflet-interactive").count() == phone.locator("li.point").count()


def test_the_first_view_is_under_100_kb(browser, demo_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    responses: list = []  # type: ignore[type-arg]
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{demo_server}/hitta/", wait_until="load")
    sizes = {response.url: len(response.body()) for response in responses}
    total = sum(sizes.values())
    assert 10_000 < total < 100_000, sizes
    context.close()


def _axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))""")


def test_axe_finds_no_serious_or_critical_violations(phone, demo_server):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run bash scripts/npm-packages.sh")
    phone.goto(f"{demo_server}/hitta/")
    point_path = phone.locator("li.point h3 a").first.get_attribute("href")
    for path in ("/hitta/", "/hitta/ar/", "/hitta/lattlast/", "/hitta/ti/", "/k/2309/en/", point_path,
                 "/p/1/fa/", "/barn/", "/barn/uk/", "/hitta/?near=2309TC107"):
        phone.goto(f"{demo_server}{path}")
        serious = [v for v in _axe_violations(phone) if v["impact"] in ("serious", "critical")]
        assert serious == [], (path, serious)
