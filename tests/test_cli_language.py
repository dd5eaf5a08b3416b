"""The command line speaks Swedish by default, English with --lang en or an English environment.

The suite runs with LANGUAGE=en (tests/conftest.py); these tests set the environment
themselves. Machine output (--json) keeps codes and English texts in every language.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from trygg.cli import main
from trygg.cli.language import from_environment

EXAMPLE = Path(__file__).parents[1] / "examples" / "scenario-storm-jamtland.yaml"
NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
POINTS = {
    "outdoor_c": -20,
    "start": "2026-01-12T06:00:00+01:00",
    "points": [
        {
            "id": "skolan",
            "name": "Skolan",
            "level": 2,
            "loads": [{"name": "Kök", "class": "kitchen", "power_kw": 20}],
            "heating": {"floor_area_m2": 500, "heat_source": "electric"},
            "generator": {"kind": "portable", "rated_kw": 20, "tank_l": 200},
        }
    ],
}


def swedish(*args: str) -> str:
    """Output with no language in the environment and no --lang: the default."""
    return CliRunner().invoke(main, list(args), env=NO_LANGUAGE).output


def english(*args: str) -> str:
    return CliRunner().invoke(main, ["--lang", "en", *args], env=NO_LANGUAGE).output


@pytest.fixture
def points_file(tmp_path: Path) -> Path:
    path = tmp_path / "points.yaml"
    path.write_text(yaml.safe_dump(POINTS, allow_unicode=True), encoding="utf-8")
    return path


def test_readiness_speaks_swedish_by_default_and_english_with_lang_en(db):
    sv, en = swedish("readiness", "-m", "2380"), english("readiness", "-m", "2380")
    assert "Östersunds kommun: 3 punkter, medelpoäng" in sv and "Länet: 3 punkter" in sv
    assert "[kritisk] Nivå 3 kräver övernattningskapacitet, men ingen är angiven. (R2)" in sv
    assert "Östersunds kommun: 3 points, mean score" in en and "County: 3 points" in en
    assert "[critical] Level 3 requires overnight capacity, but none is recorded. (R2)" in en
    assert "points" not in sv and "kräver" not in en


def test_check_sot_speaks_swedish_by_default_and_english_with_lang_en(db):
    sv, en = swedish("check-sot", "SOT-VALSJOBYN"), english("check-sot", "SOT-VALSJOBYN")
    assert (
        "Drivmedelsstation i butikens direkta närhet, året runt: Ingen drivmedelsstation är kopplad till punkten."
        in sv
    )
    assert "INTE UPPFYLLD" in sv
    assert (
        "Fuel station in the store's direct vicinity, year-round: No fuel station is linked to the point."
        in en
    )
    assert "NOT MET" in en


def test_check_sot_json_stays_english_codes_in_swedish(db):
    data = json.loads(swedish("check-sot", "SOT-VALSJOBYN", "--json"))
    second = data[0]["criteria"][1]
    assert (second["verdict"], second["reason"]) == (
        "not_met",
        "No fuel station is linked to the point.",
    )


def test_power_check_speaks_swedish_by_default_and_english_with_lang_en(points_file):
    sv, en = (
        swedish("power", "check", "--file", str(points_file)),
        english("power", "check", "--file", str(points_file)),
    )
    assert "skolan  Skolan  (nivå 2, öppet 07–22, -20 °C)" in sv
    assert "[hög] Toppeffekten 34,8 kW överstiger aggregatets 20,0 kW." in sv  # Swedish decimal commas
    assert "skolan  Skolan  (level 2, open 07–22, -20 °C)" in en
    assert "[high] Peak load 34.8 kW exceeds the generator's 20.0 kW." in en


def test_power_check_json_is_the_same_in_both_languages(points_file):
    assert swedish("power", "check", "--file", str(points_file), "--json") == english(
        "power", "check", "--file", str(points_file), "--json"
    )


def test_scenario_run_speaks_swedish_by_default_and_english_with_lang_en():
    sv = swedish("scenario", "run", str(EXAMPLE), "--no-keep-open")
    en = english("scenario", "run", str(EXAMPLE), "--no-keep-open")
    assert "Scenario: Vinterstorm västra Jämtland" in sv and "punkter förlorar nätström" in sv
    assert "Persontimmar i drift:" in sv and "l förbrukat" in sv
    assert "points lose mains power" in en and "People-hours of service:" in en and "l burned" in en


def test_a_cli_error_speaks_the_users_language(db):
    assert "Fel: Ingen SOT-punkt matchar 'Atlantis'." in swedish("check-sot", "Atlantis")
    assert "Error: No SOT-punkt matches 'Atlantis'." in english("check-sot", "Atlantis")
    assert "Fel: Ange en av: en punkt (POINT), --all eller --file FILE." in swedish(
        "power", "check"
    )
    assert "Error: Give one of: a POINT, --all, or --file FILE." in english("power", "check")


def test_the_environment_chooses_when_lang_is_not_given(points_file):
    for env in ({"LANGUAGE": "en_GB:sv"}, {"LANGUAGE": None, "LANG": "en_US.UTF-8"}):
        output = (
            CliRunner()
            .invoke(
                main, ["power", "check", "--file", str(points_file)], env={**NO_LANGUAGE, **env}
            )
            .output
        )
        assert "Peak load" in output, env
    over = (
        CliRunner()
        .invoke(
            main,
            ["--lang", "sv", "power", "check", "--file", str(points_file)],
            env={**NO_LANGUAGE, "LANGUAGE": "en"},
        )
        .output
    )
    assert "Toppeffekten" in over


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "sv"),
        ({"LANG": "C.UTF-8"}, "sv"),
        ({"LANG": "de_DE.UTF-8"}, "sv"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "de:en", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_GB"}, "sv"),
    ],
)
def test_the_language_from_the_environment(environ, expected):
    assert from_environment(environ) == expected


def test_a_bad_weight_is_one_message_in_the_users_language(tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("id,name,lon,lat\nosd,Östersund rådhus,14.6357,63.1792\n", encoding="utf-8")
    args = [
        "analyze",
        "coverage",
        "--modelled-jamtland",
        "--points",
        str(points),
        "--radius-m",
        "10000",
    ]
    sv = swedish(*args, "--weights", "children=x")
    assert "Fel: --weights: 'children=x' är inte grupp=tal" in sv
    assert "Error: --weights: 'children=x' is not group=number" in english(
        *args, "--weights", "children=x"
    )


def test_an_import_names_the_row_and_field_in_the_users_language(db, tmp_path):
    path = tmp_path / "punkter.csv"
    path.write_text(
        "namn;kommunkod;nivå;lat;lon\nTrygghetspunkt B;2309;4;63,34;14,46\n", encoding="utf-8"
    )
    sv = swedish("import", "points", str(path), "--user", "admin")
    assert "Fel: Inget importerades. 1 problem:" in sv and "rad 2, fält 'level'" in sv
    en = english("import", "points", str(path), "--user", "admin")
    assert "Error: Nothing was imported. 1 problem(s):" in en and "row 2, field 'level'" in en


def test_no_cli_module_rebinds_the_translation_function():
    """``name, _, value = ...`` in a function that also calls ``_()`` breaks its error message."""
    import ast

    offenders = []
    for path in (Path(__file__).parents[1] / "src" / "trygg" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_bad_input_to_an_analysis_is_refused_in_the_users_language(tmp_path: Path):
    bad = {**POINTS, "points": [{**POINTS["points"][0], "level": 4}]}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    sv = swedish("power", "check", "--file", str(path))
    en = english("power", "check", "--file", str(path))
    assert "Fel: " in sv and "points[0].level = 4: ska vara 1, 2 eller 3" in sv
    assert "Error: " in en and "points[0].level = 4: must be 1, 2 or 3" in en


def test_a_bad_import_file_is_refused_in_the_users_language(db, tmp_path: Path):
    path = tmp_path / "grid.csv"
    path.write_bytes(b"rutid_scb,beftotalt\n")
    sv = swedish("import", "grid", str(path))
    en = english("import", "grid", str(path))
    assert "grid.csv: Filen har en rubrikrad men inga datarader." in sv, sv
    assert "grid.csv: The file has a header but no data rows." in en, en


def test_coverage_speaks_swedish_by_default_and_english_with_lang_en(tmp_path: Path):
    points = tmp_path / "points.csv"
    points.write_text("id,name,lon,lat\nosd,Östersund rådhus,14.6357,63.1792\n", encoding="utf-8")
    args = ("analyze", "coverage", "--modelled-jamtland", "--points", str(points), "--radius-m", "10000")
    sv, en = swedish(*args), english(*args)
    assert "OBS: modellerad efterfrågan, inte folkbokförda invånare." in sv
    assert "Täckning inom 10000 m" in sv and "sårbara grupper:" in sv and "okänt (inga antal" in sv
    assert "kommun" in sv and "befolkning" in sv and "täckta" in sv and "andel" in sv
    assert "NOTE: modelled demand, not registered residents." in en
    assert "Coverage within 10000 m" in en and "vulnerable groups:" in en and "unknown (no counts" in en


def test_bad_analysis_input_on_the_command_line_is_refused_in_swedish(tmp_path: Path):
    bad = tmp_path / "points.csv"
    bad.write_text("id,name,lon,lat\na,A,63.17,14.63\n", encoding="utf-8")
    args = ("analyze", "coverage", "--modelled-jamtland", "--points", str(bad), "--radius-m", "5000")
    sv, en = swedish(*args), english(*args)
    assert "rad 2" in sv and "ser ut att vara omkastade" in sv, sv
    assert "row 2" in en and "swapped" in en, en


def test_an_import_dry_run_speaks_swedish_by_default_and_english_with_lang_en(db, tmp_path: Path):
    path = tmp_path / "nya.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon\nKRK-NY,Trygghetspunkt Nälden,2309,1,63.3301,14.2350\n",
                    encoding="utf-8")
    args = ("import", "points", str(path), "--user", "krokom", "--dry-run")
    sv, en = swedish(*args), english(*args)
    assert "KRK-NY: ny punkt" in sv and "inget ändrades (--dry-run)" in sv
    assert "1 punkter skapade, 0 uppdaterade, 0 oförändrade, 1 lokaler skapade" in sv
    assert "KRK-NY: new point" in en and "1 points created, 0 updated, 0 unchanged, 1 sites created" in en
    assert "punkt" not in en and "new point" not in sv


def test_an_export_and_the_demo_loader_report_in_swedish(db, tmp_path: Path):
    out = tmp_path / "punkter.geojson"
    assert "Skrev 3 punkter till" in swedish("export", "points", "-m", "2380", "-o", str(out))
    assert "Wrote 3 points to" in english("export", "points", "-m", "2380", "-o", str(out))
