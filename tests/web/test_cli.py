"""The `trygg` commands that work on the registry."""

import json

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.registry.models import Point, Site


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_sot_reports_kalls_six_criteria_from_its_plan(db):
    result = run("check-sot", "Kall")
    assert result.exit_code == 0
    assert "SOT-punkt Kall (Åre kommun): MET" in result.output
    assert result.output.count("  MET  ") + result.output.count("MET      ") >= 6


def test_check_sot_fails_criterion_two_for_a_point_without_a_fuel_station(db):
    data = json.loads(run("check-sot", "SOT-VALSJOBYN", "--json").output)
    second = data[0]["criteria"][1]
    assert second["verdict"] == "not_met" and second["reason"] == "No fuel station is linked to the point."
    assert data[0]["meets_minimum_level"] is False


def test_check_sot_names_an_unknown_point(db):
    result = CliRunner().invoke(main, ["check-sot", "Atlantis"])
    assert result.exit_code == 2 and "No SOT-punkt matches 'Atlantis'" in result.output


def test_readiness_json_rolls_up_every_point(db):
    data = json.loads(run("readiness", "--json").output)
    assert data["county"]["points"] == Point.objects.count() == len(data["points"])
    park = next(p for p in data["points"] if p["ref"] == "OSD-PARK")
    assert {"capacity_night", "equipment:beds"} <= {g["code"] for g in park["gaps"]}


def test_readiness_text_for_one_municipality(db):
    output = run("readiness", "-m", "2380").output
    assert "Östersunds kommun: 3 points" in output and "Krokom" not in output


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_row_and_field(db, tmp_path):
    path = tmp_path / "punkter.csv"
    path.write_text(
        "namn;kommunkod;nivå;lat;lon;kapacitet_dag\n"
        "Trygghetspunkt A;2309;2;63,33;14,45;50\n"
        "Trygghetspunkt B;2309;4;63,34;14,46;50\n"
        "Trygghetspunkt C;2309;1;63,35;14,47;50\n", encoding="cp1252")
    before = (Point.objects.count(), Site.objects.count())
    result = CliRunner().invoke(main, ["import", "points", str(path), "--user", "admin"])
    assert result.exit_code == 2
    assert "row 3" in result.output and "'level'" in result.output
    assert (Point.objects.count(), Site.objects.count()) == before


def test_a_row_the_database_refuses_rolls_back_the_rows_before_it(db, tmp_path):
    path = tmp_path / "punkter.csv"
    path.write_text(
        "name,municipality_code,level,lat,lon,capacity_day,capacity_night\n"
        "Good,2309,2,63.33,14.45,50,0\n"
        "Night at level 2,2309,2,63.34,14.46,50,20\n"
        "Unknown kommun,9999,1,63.35,14.47,10,0\n", encoding="utf-8")
    before = Point.objects.count()
    result = CliRunner().invoke(main, ["import", "points", str(path), "--user", "admin"])
    assert result.exit_code == 2
    assert "row 3, field 'capacity_night'" in result.output and "row 4, field 'municipality_code'" in result.output
    assert Point.objects.count() == before and not Point.objects.filter(name="Good").exists()


def test_an_import_limited_to_one_municipality_refuses_rows_for_another(db, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,municipality_code,level,lat,lon\nX,2321,1,63.4,13.1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "points", str(path), "-m", "2309", "--user", "admin"])
    assert result.exit_code == 2 and "may not change that municipality" in result.output


def test_a_good_file_imports_with_decimal_commas_and_sweref_coordinates(db, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name;municipality_code;level;n;e;capacity_day\n"
                    "Trygghetspunkt Änge;2309;1;7027400;475000;40\n", encoding="utf-8-sig")
    result = run("import", "points", str(path), "--user", "admin")
    assert "1 points created" in result.output
    site = Point.objects.get(name="Trygghetspunkt Änge").sites.get()
    assert 63 < site.lat < 64 and 14 < site.lon < 15 and not site.location_approximate


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_an_export_imports_back_unchanged(db, tmp_path, fmt):
    out = tmp_path / f"points.{fmt}"
    run("export", "points", "--format", fmt, "-o", str(out))
    before = {p.ref: (p.name, p.level, p.capacity_day, p.priority_rank) for p in Point.objects.all()}
    assert "0 points created, 0 updated, 27 unchanged" in run("import", "points", str(out), "--user", "admin").output
    assert {p.ref: (p.name, p.level, p.capacity_day, p.priority_rank) for p in Point.objects.all()} == before


def test_export_geojson_goes_to_standard_output(db):
    data = json.loads(run("export", "points", "-m", "2321").output)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 4


def test_load_demo_twice_changes_nothing(db):
    counts = (Point.objects.count(), Site.objects.count())
    run("load-demo")
    assert (Point.objects.count(), Site.objects.count()) == counts
