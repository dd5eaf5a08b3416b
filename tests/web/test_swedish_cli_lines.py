"""harvest, jobs, history, load-reference and export site speak Swedish by default (trygg.cli.language).

The suite runs with LANGUAGE=en (tests/conftest.py); these tests clear the environment's
language, as a user's shell without one, and check the Swedish a user sees. The English of
the same commands is checked in their own tests (tests/harvest, tests/public, ...).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from trygg.cli import main
from trygg.public import feeds

NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def swedish(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=NO_LANGUAGE)


def english(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--lang", "en", *args], env=NO_LANGUAGE)


def _feed(tmp_path: Path, name: str, tamper: bool = False) -> Path:
    data = json.loads(feeds.points_geojson("2321"))
    if tamper:
        data["features"][1]["properties"]["trygg:level"] = 4
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_harvest_import_says_what_it_stored_and_what_is_wrong_in_swedish(db, tmp_path):
    good = _feed(tmp_path, "are.geojson")
    stored = swedish("harvest", "import", str(good), "--source", "Åre kommun")
    assert stored.exit_code == 0, stored.output
    assert re.search(r"are\.geojson: \d+ punkter sparade för Åre kommun \(ersätter 0\)\.", stored.output)
    bad = _feed(tmp_path, "bad.geojson", tamper=True)
    refused = swedish("harvest", "import", str(bad), "--source", "Åre kommun")
    assert refused.exit_code == 2
    assert re.search(r"Fel: .*bad\.geojson: objekt 2 \(id \d+, '.+'\), egenskapen 'trygg:level': "
                     r"4 är inte ett av värdena \[1, 2, 3\]\. Inget sparades\.", refused.output), refused.output
    english_refused = english("harvest", "import", str(bad), "--source", "Åre kommun")
    assert "feature 2 (id" in english_refused.output
    assert "property 'trygg:level': 4 is not one of [1, 2, 3]. Nothing was stored." in english_refused.output
    missing = json.loads(good.read_text(encoding="utf-8"))
    del missing["features"][0]["properties"]["trygg:status"]
    good.write_text(json.dumps(missing), encoding="utf-8")
    assert "egenskaperna: 'trygg:status' är en obligatorisk egenskap. Inget sparades." in swedish(
        "harvest", "import", str(good), "--source", "Åre kommun").output
    not_json = tmp_path / "not.geojson"
    not_json.write_bytes(b"<html>")
    assert "flödet är inte JSON: Expecting value på rad 1, kolumn 1. Inget sparades." in swedish(
        "harvest", "import", str(not_json), "--source", "x").output


def test_harvest_poll_without_feeds_says_so_in_swedish(db, settings):
    settings.HARVEST_URLS = []
    result = swedish("harvest", "poll")
    assert result.exit_code == 0 and "Inget flöde är inställt (HARVEST_URLS): inget hämtades." in result.output


def test_jobs_work_counts_in_swedish(db):
    result = swedish("jobs", "work", "--once")
    assert result.exit_code == 0, result.output
    assert "0 beräkningar körda; 0 avbrutna beräkningar misslyckades." in result.output
    assert "0 jobs run; 0 interrupted jobs failed." in english("jobs", "work", "--once").output


def test_history_export_says_where_it_wrote_in_swedish(db, tmp_path):
    out = tmp_path / "history.csv"
    result = swedish("history", "export", "-m", "2309", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(rf"\d+ ändringar? skrivna? till {re.escape(str(out))}\.", result.output), result.output


def test_load_reference_says_what_it_created_in_swedish(db):
    result = swedish("load-reference")
    assert result.exit_code == 0, result.output
    assert re.search(r"Referensdata: 20 län och 282 kommuner skapade, \d+ befintliga? kompletterade?\.", result.output)


def test_export_site_speaks_swedish(db, tmp_path):
    result = swedish("export", "site", str(tmp_path / "site"), "-m", "2309")
    assert result.exit_code == 0, result.output
    assert re.search(r"Skrev \d+ filer \(\d+ sidor, \d+ punkter?, \d+,\d MB\) till .*site\. "
                     r"Öppna index\.html eller lägg ut mappen på en webbserver\.", result.output), result.output
    unknown = swedish("export", "site", str(tmp_path / "other"), "-m", "9999")
    assert unknown.exit_code == 2
    assert "Fel: Ingen kommun med SCB-koden '9999' (ange fyra siffror, t.ex. 2309)." in unknown.output
