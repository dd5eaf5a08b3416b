"""The web upload of a points file, over real HTTP against `trygg serve`: preview, import, the same limits.

Issue 11, defects 1 and 7: the upload previews a per-point diff, imports all or
nothing attributed to the uploader, and refuses a file past a limit with a
message that names it (an 11 MiB upload included) instead of a 500.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.serverutil import Server, demo_server
from trygg.formats import limits


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    srv = demo_server(tmp_path_factory.mktemp("import_upload"), "import_upload")
    srv.start()
    yield srv
    srv.stop()


class Browser:
    """A cookie-keeping HTTP client that logs in and posts forms like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def csrf(self, path: str) -> str:
        _status, html = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, html[:500]
        return match.group(1)

    def log_in(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": "trygg-demo"}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data,
                                         headers={"Referer": self.base + "/accounts/login/"})
        status, html = self._open(request)
        assert status == 200 and "id_password" not in html, "login failed"

    def upload(self, path: str, name: str, content: bytes, **fields: str) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                 for key, value in {"csrfmiddlewaretoken": self.csrf(path), **fields}.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     "Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path})
        return self._open(request)


def hall(server: Server) -> str:
    return server.python(
        "from trygg.registry.models import Point\n"
        "p = Point.objects.get(ref='KRK-HALL'); s = p.main_site()\n"
        "h = p.history.latest()\n"
        "print(p.capacity_day, p.state, p.sites.count(), h.history_user.username if h.history_user else None)\n"
        "print(s.lat, s.lon)\n")


def test_a_coordinator_previews_then_imports_and_the_history_names_them(server: Server):
    browser = Browser(server.url)
    browser.log_in("krokom")
    status, page = browser.get("/m/2309/import/")
    assert status == 200 and 'name="file"' in page and "MAX" not in page
    capacity, state, sites, _who = hall(server).splitlines()[0].split()
    lat, lon = hall(server).splitlines()[1].split()
    assert (capacity, state, sites) == ("250", "decided", "1")
    csv = f"ref,name,municipality_code,level,lat,lon,capacity_day,färg\nKRK-HALL,Trygghetspunkt Krokoms sportcenter,2309,3,{lat},{lon},300,blå\n"
    new = "KRK-NY,Trygghetspunkt Nälden,2309,1,63.3301,14.2350,30,\n"

    status, page = browser.upload("/m/2309/import/", "punkter.csv", (csv + new).encode(), preview="1")
    assert status == 200, page[-2000:]
    assert "KRK-HALL: capacity_day: 250 → 300" in page
    assert "KRK-NY: ny punkt" in page  # the preview's lines in the page's language
    assert "Okänd kolumn &#x27;färg&#x27; ignorerades." in page  # the unknown column is named, in Swedish
    assert hall(server).split()[:3] == ["250", "decided", "1"]  # a preview changes nothing

    status, page = browser.upload("/m/2309/import/", "punkter.csv", csv.encode(), **{"import": "1"})
    assert status == 200, page[-2000:]
    assert hall(server).split()[:4] == ["300", "decided", "1", "krokom"]


def test_an_upload_past_a_limit_is_refused_with_a_message_naming_it(server: Server):
    browser = Browser(server.url)
    browser.log_in("krokom")
    big = b"name,municipality_code,level,lat,lon\n" + b"P,2309,1,63.3,14.4\n" * (limits.MAX_IMPORT_BYTES // 19 + 1000)
    status, page = browser.upload("/m/2309/import/", "big.csv", big, preview="1")
    assert status == 400 and "MAX_IMPORT_BYTES" in page and "Traceback" not in page

    status, page = browser.upload("/m/2309/import/", "nul.csv", b"name,municipality_code,level,lat,lon\nP\x00,2309,1,63.3,14.4\n",
                                  preview="1")
    assert status == 400 and "nul.csv: rad 2: Filen innehåller ett NUL-tecken (byte 0)" in page  # Swedish, with its row

    many = b"name,municipality_code,level,lat,lon\n" + b"P,2309,1\n" * (limits.MAX_IMPORT_ROWS + 1)
    status, page = browser.upload("/m/2309/import/", "many.csv", many, preview="1")
    assert status == 400 and "MAX_IMPORT_ROWS" in page


def test_only_a_user_who_may_edit_the_municipality_gets_the_upload(server: Server):
    browser = Browser(server.url)
    browser.log_in("are")
    status, _page = browser.get("/m/2309/import/")
    assert status in (403, 404)
