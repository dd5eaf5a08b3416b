"""Warnings as triggers: SMHI's impact-based warnings and CAP 1.2 alerts, in their real shapes.

The sample files are written here in the exact layouts the sources publish
(SMHI's ibww warning.json: warnings with warningAreas; CAP 1.2 as OASIS
defines it), over real places in Jämtland.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.formats.warnings import WarningInputError, WarningLevel, parse_warnings
from trygg.operations.models import EntryKind, Event, LogEntry
from trygg.warnings.models import ExternalWarning
from trygg.warnings.store import store_warnings

# Around Åre, Duved and Kall (Åre kommun only), lon/lat.
ARE_BOX = [[12.8, 63.35], [13.3, 63.35], [13.3, 63.5], [12.8, 63.5], [12.8, 63.35]]
# Far south-east in Härjedalen (Sveg), touching no point of the demo.
SVEG_BOX = [[14.2, 62.0], [14.5, 62.0], [14.5, 62.1], [14.2, 62.1], [14.2, 62.0]]


def _hours(h: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def smhi_feed(*areas: dict) -> bytes:
    """SMHI's warning.json: a list of warnings, each with its warned areas."""
    return json.dumps([{
        "id": 4711, "normalProbability": True,
        "event": {"sv": "Vind", "en": "Wind", "code": "WIND",
                  "mhoClassification": {"sv": "Meteorologi", "en": "Meteorology", "code": "MET"}},
        "warningAreas": list(areas),
    }], ensure_ascii=False).encode()


def smhi_area(area_id: int, ring: list, level: str = "ORANGE", end_h: float | None = 24) -> dict:
    area = {
        "id": area_id, "approximateStart": _hours(-1), "published": _hours(-2), "normalProbability": True,
        "pushNotice": True, "areaName": {"sv": "Västra Jämtlandsfjällen", "en": "Western Jämtland mountains"},
        "warningLevel": {"sv": "Orange", "en": "Orange", "code": level},
        "eventDescription": {"sv": "Mycket hårda vindbyar", "en": "Very strong gusts", "code": "WIND_GUST"},
        "affectedAreas": [{"id": 23, "sv": "Jämtlands län", "en": "Jämtland County"}],
        "descriptions": [
            {"title": {"sv": "Händelsebeskrivning", "en": "Description of incident", "code": "INCIDENT"},
             "text": {"sv": "Vindbyar 30–35 m/s i fjällen.", "en": "Gusts 30–35 m/s."}},
            {"title": {"sv": "Möjliga konsekvenser", "en": "Possible consequences", "code": "CONSEQUENCES"},
             "text": {"sv": "Risk för långvariga elavbrott.", "en": "Risk of long power cuts."}},
        ],
        "area": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]},
    }
    if end_h is not None:
        area["approximateEnd"] = _hours(end_h)
    return area


def cap_alert(identifier: str = "SR-VMA-2026-0001", msg_type: str = "Alert", references: str = "",
              ring: list | None = None) -> bytes:
    """A CAP 1.2 VMA in Swedish and English, its area as a CAP polygon ("lat,lon" pairs)."""
    ring = ring or ARE_BOX
    polygon = " ".join(f"{lat},{lon}" for lon, lat in ring)
    refs = f"<references>{references}</references>" if references else ""
    info = """<info><language>{lang}</language><category>Safety</category><event>{event}</event>
      <urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>
      <onset>{onset}</onset><expires>{expires}</expires><headline>{headline}</headline>
      <description>{description}</description><instruction>Lyssna på Sveriges Radio P4.</instruction>
      <area><areaDesc>Åre kommun</areaDesc><polygon>{polygon}</polygon><circle>63.4667,13.2333 3</circle></area>
    </info>"""
    infos = (info.format(lang="sv-SE", event="Viktigt meddelande till allmänheten", onset=_hours(-1),
                         expires=_hours(6), headline="Elavbrott i Åre kommun",
                         description="Omfattande elavbrott. Trygghetspunkter öppnar.", polygon=polygon)
             + info.format(lang="en-US", event="Important public announcement", onset=_hours(-1),
                           expires=_hours(6), headline="Power cut in Åre", description="Wide power cut.",
                           polygon=polygon))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>vma@sverigesradio.se</sender><sent>{_hours(-1)[:19]}+00:00</sent>
  <status>Actual</status><msgType>{msg_type}</msgType><scope>Public</scope>{refs}
  {infos if msg_type != "Cancel" else ""}
</alert>""".encode()


# ---------------------------------------------------------------- reading


def test_an_smhi_feed_gives_one_record_per_warned_area_with_swedish_text():
    records = parse_warnings(smhi_feed(smhi_area(1, ARE_BOX), smhi_area(2, SVEG_BOX, "YELLOW", None)), "feed")

    assert [r.identifier for r in records] == ["smhi:4711:1", "smhi:4711:2"]
    first, second = records
    assert first.level is WarningLevel.ORANGE and first.event == "Vind" and first.event_code == "WIND"
    assert first.headline == "Mycket hårda vindbyar"
    assert "Möjliga konsekvenser: Risk för långvariga elavbrott." in first.description
    assert first.geometry == {"type": "Polygon", "coordinates": [ARE_BOX]}
    assert first.ends_at > first.starts_at
    assert second.level is WarningLevel.YELLOW and second.ends_at is None


def test_a_cap_vma_keeps_the_swedish_info_and_turns_lat_lon_into_geojson():
    records = parse_warnings(cap_alert(), "vma.xml")

    assert len(records) == 1
    vma = records[0]
    assert vma.identifier == "cap:vma@sverigesradio.se:SR-VMA-2026-0001:0"
    assert vma.headline == "Elavbrott i Åre kommun" and vma.level is WarningLevel.ORANGE
    assert "Lyssna på Sveriges Radio P4." in vma.description
    assert vma.geometry["type"] == "MultiPolygon"  # the polygon and the circle
    assert vma.geometry["coordinates"][0] == [ARE_BOX]


@pytest.mark.parametrize(("body", "message"), [
    (smhi_feed({**smhi_area(1, ARE_BOX), "warningLevel": {"code": "PURPLE"}}),
     "[0].warningAreas[0].warningLevel.code: 'PURPLE' is not MESSAGE, YELLOW, ORANGE or RED"),
    (smhi_feed(smhi_area(1, ARE_BOX[:-1] + [[13.0, 63.0]])), "the ring does not close"),
    (smhi_feed(smhi_area(1, [[200, 63.35], *ARE_BOX[1:-1], [200, 63.35]])), "is not a position on Earth"),
    (b'{"id": 1', "is not valid JSON (line 1"),
    (b'"a text"', "expected a list of SMHI warnings"),
    (b"[1, 2]", "[0]: expected an object, got int"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"<alert><x/></alert>", "not a CAP 1.2 alert"),
    (b"<alert", "is not well-formed XML"),
    (b'[{"id": "1\x00"}]', "NUL byte"),
    (cap_alert().replace(b"<severity>Severe</severity>", b"<severity>Awful</severity>", 1),
     "alert.info[0].severity: 'Awful' is not a CAP severity"),
])
def test_a_bad_warning_file_names_where_and_what(body, message):
    with pytest.raises(WarningInputError) as error:
        parse_warnings(body, "in.json")

    assert message in str(error.value)
    assert str(error.value).startswith("in.json: ")


# ---------------------------------------------------------------- storing and placing


def _store(body: bytes, **kwargs):  # type: ignore[no-untyped-def]
    return store_warnings(parse_warnings(body, "test"), received_from="test", **kwargs)


def test_a_warning_is_placed_on_the_municipalities_it_touches(db):
    summary = _store(smhi_feed(smhi_area(1, ARE_BOX), smhi_area(2, SVEG_BOX)))

    assert (summary.new, summary.updated) == (2, 0)
    are = ExternalWarning.objects.get(identifier="smhi:4711:1")
    sveg = ExternalWarning.objects.get(identifier="smhi:4711:2")
    assert [m.scb_code for m in are.municipalities.all()] == ["2321"]
    assert [m.scb_code for m in sveg.municipalities.all()] == ["2361"]


def test_importing_the_same_feed_again_changes_nothing_and_a_change_is_an_update(db):
    _store(smhi_feed(smhi_area(1, ARE_BOX)))
    again = _store(smhi_feed(smhi_area(1, ARE_BOX)))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)

    red = _store(smhi_feed(smhi_area(1, ARE_BOX, "RED")))

    assert red.updated == 1
    assert ExternalWarning.objects.get().level == "red"


def test_a_warning_missing_from_smhis_next_feed_is_over(db):
    _store(smhi_feed(smhi_area(1, ARE_BOX), smhi_area(2, SVEG_BOX)), complete_feed_of="smhi")

    summary = _store(smhi_feed(smhi_area(1, ARE_BOX)), complete_feed_of="smhi")

    assert summary.withdrawn == 1
    assert list(ExternalWarning.objects.in_force().values_list("identifier", flat=True)) == ["smhi:4711:1"]


def test_a_cap_cancel_withdraws_the_alert_it_references(db):
    _store(cap_alert())
    reference = f"vma@sverigesradio.se,SR-VMA-2026-0001,{_hours(-1)}"

    summary = _store(cap_alert("SR-VMA-2026-0002", "Cancel", reference))

    assert summary.withdrawn == 1
    assert not ExternalWarning.objects.in_force().exists()


# ---------------------------------------------------------------- pages


def test_the_municipality_page_shows_the_warning_and_the_points_inside_it(db, are):
    _store(smhi_feed(smhi_area(1, ARE_BOX)))

    page = are.get("/m/2321/").content.decode()

    assert "Mycket hårda vindbyar" in page and "Västra Jämtlandsfjällen" in page
    assert "SOT-punkt Kall" in page.split("Mycket hårda vindbyar", 1)[1]
    assert "Trygghetspunkt Åre bibliotek" in page
    assert "Skapa en händelse från varningen" in page


def test_the_county_page_shows_every_municipalitys_warnings(db, county):
    _store(smhi_feed(smhi_area(1, ARE_BOX), smhi_area(2, SVEG_BOX)))

    page = county.get("/county/").content.decode()

    assert page.count('class="warning warning-orange"') == 2
    assert "Skapa en händelse från varningen" not in page  # the county does not lead a municipality's event


def test_another_municipality_neither_sees_nor_acts_on_the_warning(db, krokom, valsjobyn_staff):
    _store(smhi_feed(smhi_area(1, ARE_BOX)))
    warning = ExternalWarning.objects.get()

    assert "Mycket hårda vindbyar" not in krokom.get("/m/2309/").content.decode()
    assert krokom.post(f"/warnings/{warning.pk}/event/").status_code == 404
    assert valsjobyn_staff.post(f"/warnings/{warning.pk}/event/").status_code == 404
    assert not Event.objects.filter(name__startswith="Mycket hårda").exists()


def test_a_coordinator_creates_an_event_from_the_warning(db, are):
    _store(smhi_feed(smhi_area(1, ARE_BOX)))
    warning = ExternalWarning.objects.get()

    response = are.post(f"/warnings/{warning.pk}/event/")

    event = Event.objects.get(name="Mycket hårda vindbyar – Västra Jämtlandsfjällen")
    assert response.status_code == 302 and response["Location"] == f"/ops/events/{event.pk}/"
    assert event.kind == "storm" and not event.exercise
    assert [m.scb_code for m in event.municipalities.all()] == ["2321"]
    assert event.area == warning.geometry
    note = LogEntry.objects.get(event=event, kind=EntryKind.NOTE)
    assert note.author.username == "are" and "Mycket hårda vindbyar" in note.text
    assert are.get(f"/warnings/{warning.pk}/event/").status_code == 405


# ---------------------------------------------------------------- commands and polling


class _Feed(http.server.BaseHTTPRequestHandler):
    body = b""
    requests = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server():  # type: ignore[no-untyped-def]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ibww/api/version/1/warning.json"
    server.shutdown()


def test_poll_fetches_the_configured_smhi_feed_over_http(db, settings, feed_server):
    from trygg.warnings.poll import poll_once

    _Feed.body, _Feed.requests = smhi_feed(smhi_area(1, ARE_BOX)), 0
    settings.WARNINGS_SMHI_URL, settings.WARNINGS_CAP_URLS = feed_server, []

    results = poll_once()

    assert _Feed.requests == 1 and results[0].error == "" and results[0].summary.new == 1
    stored = ExternalWarning.objects.get()
    assert stored.received_from == feed_server and stored.received_by is None


def test_with_no_feed_configured_nothing_is_contacted(db, settings):
    settings.WARNINGS_SMHI_URL, settings.WARNINGS_CAP_URLS = "", []

    result = CliRunner().invoke(main, ["--lang", "en", "warnings", "poll"])

    assert result.exit_code == 0
    assert "nothing was fetched" in result.output


def test_a_feed_that_cannot_be_reached_is_reported_not_raised(db, settings):
    from trygg.warnings.poll import poll_once

    settings.WARNINGS_SMHI_URL, settings.WARNINGS_CAP_URLS = "http://127.0.0.1:9/warning.json", []

    results = poll_once()

    assert "could not be fetched" in results[0].error
    assert not ExternalWarning.objects.exists()


def test_import_records_who_imported_and_refuses_a_bad_file_whole(db, tmp_path):
    good, bad = tmp_path / "vma.xml", tmp_path / "bad.json"
    good.write_bytes(cap_alert())
    bad.write_bytes(smhi_feed(smhi_area(1, ARE_BOX), {**smhi_area(2, SVEG_BOX), "warningLevel": {"code": "X"}}))

    refused = CliRunner().invoke(main, ["--lang", "en", "warnings", "import", str(bad), "--user", "are"])
    imported = CliRunner().invoke(main, ["--lang", "en", "warnings", "import", str(good), "--user", "are"])
    unknown = CliRunner().invoke(main, ["--lang", "en", "warnings", "import", str(good), "--user", "nobody"])

    assert refused.exit_code == 2 and "Nothing was imported" in refused.output
    assert "warningAreas[1].warningLevel.code" in refused.output
    assert imported.exit_code == 0, imported.output
    assert ExternalWarning.objects.get().received_by.username == "are"
    assert unknown.exit_code == 2 and "No active user 'nobody'" in unknown.output
    listed = CliRunner().invoke(main, ["--lang", "en", "warnings", "list", "-m", "2321"])
    assert "Elavbrott i Åre kommun" in listed.output and "Åre" in listed.output


# ---------------------------------------------------------------- in the user's language

# No language in the environment and no --lang: the command line's default, Swedish.
NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def _run(*args: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    from django.utils import translation

    try:
        return CliRunner().invoke(main, [*(["--lang", lang] if lang else []), *args], env=NO_LANGUAGE)
    finally:
        translation.deactivate()


def test_a_bad_warning_file_is_explained_in_swedish_and_in_english():
    with pytest.raises(WarningInputError) as error:
        parse_warnings(b"[1, 2]", "in.json")

    assert str(error.value) == "in.json: [0]: expected an object, got int"
    assert error.value.describe("sv") == "in.json: [0]: väntade ett objekt, fick int"
    assert error.value.describe("en") == str(error.value)


def test_a_web_page_shows_a_warning_error_in_the_requests_language():
    from django.utils import translation

    from trygg.text import error_message

    with pytest.raises(WarningInputError) as error:
        parse_warnings(smhi_feed({**smhi_area(1, ARE_BOX), "warningLevel": {"code": "PURPLE"}}), "smhi.json")

    with translation.override("sv"):
        swedish = error_message(error.value, translation)
    with translation.override("en"):
        english = error_message(error.value, translation)
    assert swedish == ("smhi.json: [0].warningAreas[0].warningLevel.code: 'PURPLE' är inte MESSAGE, YELLOW, "
                       "ORANGE eller RED")
    assert english == str(error.value)


def test_import_and_list_speak_swedish_by_default(db, tmp_path):
    good, bad = tmp_path / "vma.xml", tmp_path / "bad.json"
    good.write_bytes(cap_alert())
    bad.write_bytes(smhi_feed(smhi_area(1, ARE_BOX), {**smhi_area(2, SVEG_BOX), "warningLevel": {"code": "X"}}))

    refused = _run("warnings", "import", str(bad), "--user", "are")
    imported = _run("warnings", "import", str(good), "--user", "are")
    unknown = _run("warnings", "import", str(good), "--user", "nobody")
    listed = _run("warnings", "list", "-m", "2321")
    nothing = _run("warnings", "list", "-m", "2361")

    assert refused.exit_code == 2
    assert (f"Fel: Inget importerades. {bad}: [0].warningAreas[1].warningLevel.code: 'X' är inte MESSAGE, "
            "YELLOW, ORANGE eller RED") in refused.output
    assert imported.exit_code == 0, imported.output
    assert f"{good}: nya: 1, uppdaterade: 0, oförändrade: 0, återkallade eller avslutade: 0." in imported.output
    assert "Ingen aktiv användare 'nobody': ange användarnamnet för den som importerar." in unknown.output
    assert "Orange varning: Elavbrott i Åre kommun (Åre kommun) till " in listed.output
    assert "– Åre kommun" in listed.output
    assert nothing.output.strip() == "Ingen varning gäller."


def test_import_and_list_still_speak_english_with_lang_en(db, tmp_path):
    good, bad = tmp_path / "vma.xml", tmp_path / "bad.json"
    good.write_bytes(cap_alert())
    bad.write_bytes(b"[1, 2]")

    refused = _run("warnings", "import", str(bad), "--user", "are", lang="en")
    imported = _run("warnings", "import", str(good), "--user", "are", lang="en")
    listed = _run("warnings", "list", "-m", "2321", lang="en")
    nothing = _run("warnings", "list", "-m", "2361", lang="en")

    assert f"Error: Nothing was imported. {bad}: [0]: expected an object, got int" in refused.output
    assert f"{good}: 1 new, 0 updated, 0 unchanged, 0 withdrawn or over." in imported.output
    assert "Orange warning: Elavbrott i Åre kommun (Åre kommun) until " in listed.output
    assert nothing.output.strip() == "No warning in force."
    assert "väntade" not in refused.output and "nya:" not in imported.output


def test_a_warning_without_an_end_is_listed_until_further_notice(db):
    _store(smhi_feed(smhi_area(1, ARE_BOX, end_h=None)))

    swedish = _run("warnings", "list", "-m", "2321").output
    english = _run("warnings", "list", "-m", "2321", lang="en").output

    assert "Orange varning: Mycket hårda vindbyar (Västra Jämtlandsfjällen) tills vidare – Åre kommun" in swedish
    assert "Orange warning: Mycket hårda vindbyar (Västra Jämtlandsfjällen) until further notice – Åre" in english


def test_poll_says_in_swedish_that_nothing_is_configured_or_a_feed_failed(db, settings):
    settings.WARNINGS_SMHI_URL, settings.WARNINGS_CAP_URLS = "", []
    unset = _run("warnings", "poll")
    settings.WARNINGS_SMHI_URL = "http://127.0.0.1:9/warning.json"
    failed = _run("warnings", "poll")
    failed_en = _run("warnings", "poll", lang="en")

    assert unset.exit_code == 0
    assert unset.output.strip() == ("Inget varningsflöde är inställt (WARNINGS_SMHI_URL, WARNINGS_CAP_URLS): "
                                    "inget hämtades.")
    assert failed.exit_code == 1 and "http://127.0.0.1:9/warning.json: kunde inte hämtas (" in failed.output
    assert failed_en.exit_code == 1 and "http://127.0.0.1:9/warning.json: could not be fetched (" in failed_en.output


def test_a_polled_feed_is_summed_up_in_swedish(db, settings, feed_server):
    _Feed.body, _Feed.requests = smhi_feed(smhi_area(1, ARE_BOX)), 0
    settings.WARNINGS_SMHI_URL, settings.WARNINGS_CAP_URLS = feed_server, []

    result = _run("warnings", "poll")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"{feed_server}: nya: 1, uppdaterade: 0, oförändrade: 0, "
                                     "återkallade eller avslutade: 0.")
