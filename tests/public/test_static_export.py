"""`trygg export site` works with no application server: from a plain static file server and from files."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import serverutil
from tests.browserkit import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exported(tmp_path_factory):  # type: ignore[no-untyped-def]
    """`trygg export site` run as a command on a database of its own (the demo), as an operator would.

    The browser tests keep Playwright's event loop in the test's thread, where Django refuses queries,
    so everything that reads a database here runs in a process of its own.
    """
    tmp = tmp_path_factory.mktemp("export")
    server = serverutil.Server(env={**os.environ, "DATABASE_URL": serverutil.fresh_database_url(tmp, "export"),
                                    "TRYGG_FAST_PASSWORDS": "1"}, port=0, log=tmp / "export.log")
    subprocess.run([serverutil.TRYGG, "load-demo"], env=server.env, check=True, capture_output=True)
    subprocess.run([serverutil.TRYGG, "export", "site", str(tmp / "site")], env=server.env, check=True,
                   capture_output=True)
    public = int(server.python("from trygg.public import status; print(len(status.public_points()))"))
    yield tmp / "site", public
    _drop_database(server.env["DATABASE_URL"])


def _drop_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(exported) -> Path:  # type: ignore[no-untyped-def]
    return exported[0]


def _exported_points(site: Path) -> int:
    return len(json.loads((site / "feeds" / "points.geojson").read_text())["features"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def static_server(site):  # type: ignore[no-untyped-def]
    """Python's plain file server (no trygg code runs) serving the exported folder."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def test_the_export_holds_pages_feeds_and_assets_and_no_server_code(site, exported):
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "hitta/index.html", "hitta/ar/index.html", "barn/ti/index.html", "k/2309/fi/index.html",
            "feeds/points.geojson", "feeds/points.csv", "feeds/atom.xml", "static/public/public.css",
            "static/vendor/leaflet/leaflet.js"} <= files
    assert not [f for f in files if f.endswith((".py", ".pyc"))]
    assert _exported_points(site) == exported[1] > 10


def test_a_plain_static_server_serves_it_and_chromium_reads_it(browser, static_server, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(f"{static_server}/")
    page.wait_for_url("**/hitta/index.html")
    assert page.locator("h1").inner_text() == "Trygghetspunkter i Jämtlands län"
    assert page.locator("li.point").count() == _exported_points(site)
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor") == "rgb(0, 63, 125)"
    page.select_option("#near", "2313TC108")  # sorted in the page: no server to ask
    page.click("form.near button[type=submit]")
    assert page.locator("li.point h3").first.inner_text() == "Trygghetspunkt Dunderhallen"
    page.click("nav.langs >> text=العربية")
    page.wait_for_url("**/hitta/ar/index.html")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("li.point h3 a").first.click()
    page.wait_for_url("**/p/*/ar/index.html")
    assert page.locator("h1").inner_text()
    screenshot(page, "public-static-export-point-ar")
    assert page.request.get(f"{static_server}/feeds/points.csv").ok
    assert failed == []
    context.close()


def test_the_copy_opens_from_files_with_no_server_at_all(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "hitta" / "en" / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "Safety points in Jämtlands län"
    page.locator("li.point h3 a").first.click()
    assert page.url.startswith("file://") and page.url.endswith("/en/index.html")
    page.click("text=For children")
    assert page.locator("h1").inner_text() == "When the power goes out"
    context.close()
