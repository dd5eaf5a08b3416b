"""``trygg analyze coverage``: text, JSON, CSV and GeoJSON out; bad input as one message."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from osm_fixtures import grid_node, write_ladder

from trygg.analysis.geo import xy_to_lonlat
from trygg.cli import main


@pytest.fixture
def points(tmp_path: Path) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(
        "id,name,lon,lat\nosd,Östersund rådhus,14.6357,63.1792\nsveg,Sveg,14.3658,62.0341\n",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["analyze", "coverage", *args])
    return result.exit_code, result.output


def test_it_prints_coverage_of_the_modelled_jamtland_demand(points: Path) -> None:
    code, output = run("--modelled-jamtland", "--points", str(points), "--radius-m", "10000")
    assert code == 0, output
    assert "modelled demand" in output
    assert "Östersund" in output and "Härjedalen" in output
    assert "elderly: unknown" in output


def test_it_prints_json_with_the_covered_population(points: Path) -> None:
    code, output = run(
        "--modelled-jamtland", "--points", str(points), "--radius-m", "10000", "--json"
    )
    assert code == 0, output
    figures = json.loads(output)
    assert figures["population"] == pytest.approx(131_155)
    assert 0 < figures["covered"] < figures["population"]
    assert figures["demand"]["modelled"] is True
    assert figures["detour"] == 1.3


def test_it_writes_uncovered_geojson_and_a_csv_per_point(points: Path, tmp_path: Path) -> None:
    geojson, table = tmp_path / "uncovered.geojson", tmp_path / "cells.csv"
    code, output = run(
        "--modelled-jamtland",
        "--points",
        str(points),
        "--radius-m",
        "10000",
        "--geojson-out",
        str(geojson),
        "--csv-out",
        str(table),
    )
    assert code == 0, output
    collection = json.loads(geojson.read_text(encoding="utf-8"))
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(collection["features"]) == sum(r["covered"] == "False" for r in rows)


def test_it_covers_by_travel_time_on_a_road_file(tmp_path: Path) -> None:
    pbf = write_ladder(tmp_path / "ladder.osm.pbf")
    nodes = [grid_node(0, 0), grid_node(2, 1)]
    lon, lat = xy_to_lonlat([n.x_m for n in nodes], [n.y_m for n in nodes])
    demand = tmp_path / "demand.csv"
    demand.write_text(
        f"id,lon,lat,population\nnear,{lon[0]},{lat[0]},10\nfar,{lon[1]},{lat[1]},5\n"
    )
    site = tmp_path / "site.csv"
    site.write_text(f"id,name,lon,lat\ns,Site,{lon[0]},{lat[0]}\n")
    code, output = run(
        "--demand",
        str(demand),
        "--points",
        str(site),
        "--pbf",
        str(pbf),
        "--limit-min",
        "3",
        "--json",
    )
    assert code == 0, output
    figures = json.loads(output[output.index("{") :])
    # "far" needs 60 + 120 + 40 s (top road, middle rung, primary) = 3 min 40 s.
    assert figures["covered"] == 10 and figures["unit"] == "min"


def test_it_rejects_a_zero_radius_with_one_message(points: Path) -> None:
    code, output = run("--modelled-jamtland", "--points", str(points), "--radius-m", "0")
    assert code == 2
    assert "radius_m=0" in output and "Traceback" not in output


def test_it_names_the_row_of_a_swapped_point(tmp_path: Path) -> None:
    bad = tmp_path / "points.csv"
    bad.write_text("id,name,lon,lat\na,A,63.17,14.63\n", encoding="utf-8")
    code, output = run("--modelled-jamtland", "--points", str(bad), "--radius-m", "5000")
    assert code == 2
    assert "row 2" in output and "swapped" in output


def test_it_asks_for_exactly_one_demand_source(points: Path) -> None:
    code, output = run("--points", str(points), "--radius-m", "5000")
    assert code == 2 and "--modelled-jamtland" in output


def test_it_asks_for_a_radius_or_a_time_limit(points: Path) -> None:
    code, output = run("--modelled-jamtland", "--points", str(points))
    assert code == 2 and "--radius-m" in output


@pytest.mark.parametrize("command", ["coverage", "access"])
def test_every_option_has_help(command: str) -> None:
    cmd = main.commands["analyze"].commands[command]  # type: ignore[attr-defined]
    assert cmd.help
    for param in cmd.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"{command} --{param.name} has no help"


NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def test_it_speaks_swedish_by_default_and_the_json_stays_english(points: Path, tmp_path: Path) -> None:
    geojson, table = tmp_path / "uncovered.geojson", tmp_path / "cells.csv"
    args = ["analyze", "coverage", "--modelled-jamtland", "--points", str(points), "--radius-m", "10000"]
    swedish = CliRunner().invoke(main, [*args, "--geojson-out", str(geojson), "--csv-out", str(table)],
                                 env=NO_LANGUAGE)
    assert swedish.exit_code == 0, swedish.output
    assert f"Skrev de otäckta punkterna till {geojson}" in swedish.output
    assert f"rader till {table}" in swedish.output
    assert "Täckning inom 10000 m (fågelvägen × 1,3) från 2 punkter" in swedish.output
    english = CliRunner().invoke(main, ["--lang", "en", *args, "--csv-out", str(table)], env=NO_LANGUAGE)
    assert "Coverage within 10000 m (straight line × 1.3) of 2 points" in english.output
    assert f"rows to {table}" in english.output
    figures = json.loads(CliRunner().invoke(main, [*args, "--json"], env=NO_LANGUAGE).stdout)
    assert figures["metric"] == "straight line × 1.3"


def test_the_road_graph_lines_speak_swedish_by_default(tmp_path: Path) -> None:
    pbf = write_ladder(tmp_path / "ladder.osm.pbf")
    lon, lat = xy_to_lonlat([grid_node(0, 0).x_m], [grid_node(0, 0).y_m])
    demand, site = tmp_path / "demand.csv", tmp_path / "site.csv"
    demand.write_text(f"id,lon,lat,population\nnear,{lon[0]},{lat[0]},10\n")
    site.write_text(f"id,name,lon,lat\ns,Site,{lon[0]},{lat[0]}\n")
    args = ["analyze", "coverage", "--demand", str(demand), "--points", str(site), "--pbf", str(pbf),
            "--limit-min", "3", "--json"]
    env = NO_LANGUAGE | {"TRYGG_DATA_DIR": str(tmp_path / "data")}
    built = CliRunner().invoke(main, args, env=env)
    assert built.exit_code == 0, built.output
    assert f"Vägnät från {pbf} (cachas i {tmp_path / 'data' / 'road-cache'}) …" in built.output
    assert "Byggt och cachat: " in built.output
    assert "Läst från cachen: " in CliRunner().invoke(main, args, env=env).output
    assert "Read from the cache: " in CliRunner().invoke(main, ["--lang", "en", *args], env=env).output
