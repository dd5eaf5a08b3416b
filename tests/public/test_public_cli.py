"""`trygg export site`, `trygg radio draft` and `trygg poster`."""

import json

from click.testing import CliRunner

from trygg.cli import main


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_export_site_for_one_municipality_stays_inside_it(db, tmp_path):
    result = run("export", "site", str(tmp_path / "site"), "-m", "2309")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert 'url=k/2309/index.html' in (site / "index.html").read_text()
    assert (site / "k" / "2309" / "ar" / "index.html").is_file() and not (site / "hitta").exists()
    features = json.loads((site / "feeds" / "2309" / "points.geojson").read_text())["features"]
    assert {f["properties"]["ref:se:scb:kommun"] for f in features} == {"2309"}
    page = (site / "k" / "2309" / "index.html").read_text()
    assert 'href="../../static/public/public.css"' in page and "/accounts/login/" not in page
    assert 'href="../../feeds/2309/points.geojson"' in page


def test_export_site_names_an_unknown_municipality(db, tmp_path):
    result = run("export", "site", str(tmp_path), "-m", "9999")
    assert result.exit_code == 2 and "No municipality with SCB code '9999'" in result.output


def test_radio_draft_prints_the_opening_text_for_chosen_points(db):
    result = run("radio", "draft", "-m", "2309", "--point", "KRK-HALL", "--reason", "Storm i hela länet")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Myndighetsmeddelande från Krokoms kommun.\nStorm i hela länet.\n")
    assert "Kommunen har öppnat en trygghetspunkt." in result.output and "Valsjöbyn" not in result.output


def test_poster_writes_a_pdf_in_the_chosen_language(point, tmp_path):
    out = tmp_path / "poster.pdf"
    result = run("poster", str(out), "--point", str(point("OSD-BIBL").pk), "-l", "ar", "--size", "a3",
                 "--base-url", "https://trygg.example.se")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert run("poster", str(out), "-l", "de", "-m", "2380").exit_code == 2
    assert run("poster", str(out)).exit_code == 2


def test_a_poster_is_refused_when_its_qr_code_would_lead_to_this_computer(point, tmp_path, settings):
    settings.PUBLIC_SITE_URL = "http://127.0.0.1:8000"
    out = tmp_path / "poster.pdf"

    result = run("poster", str(out), "--point", str(point("OSD-BIBL").pk))

    assert result.exit_code == 2
    assert "http://127.0.0.1:8000, which only works on this computer" in result.output
    assert not out.exists()
    exported = run("export", "site", str(tmp_path / "site"), "-m", "2380", "--posters")
    assert exported.exit_code == 2 and "set PUBLIC_SITE_URL or give --base-url" in exported.output
