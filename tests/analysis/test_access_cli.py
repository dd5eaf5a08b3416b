"""``trygg analyze access``: the bundled Jämtland stores, or files of stores and fuel stations."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trygg.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["analyze", "access", *args])
    return result.exit_code, result.output


def test_it_prints_access_for_jamtland_by_kommun() -> None:
    code, output = run("--jamtland")
    assert code == 0, output
    assert "grocery" in output and "fuel" in output and ">20 km" in output
    assert "Strömsund" in output
    assert "could not be placed" in output


def test_it_prints_json_with_shares_beyond_each_threshold() -> None:
    code, output = run("--jamtland", "--json", "--thresholds-km", "5,10,20,40")
    assert code == 0, output
    figures = json.loads(output)
    assert set(figures["overall"]["grocery"]["share_beyond_km"]) == {"5", "10", "20", "40"}
    assert len(figures["by_municipality"]) == 8


def test_it_reads_stores_and_fuel_from_files(tmp_path: Path) -> None:
    stores, fuel, demand = tmp_path / "s.csv", tmp_path / "f.csv", tmp_path / "d.csv"
    stores.write_text("id,name,lon,lat\n1,ICA,14.6357,63.1792\n", encoding="utf-8")
    fuel.write_text("id,name,lon,lat\n1,OKQ8,14.6357,63.1792\n", encoding="utf-8")
    demand.write_text(
        "id,lon,lat,population\na,14.6357,63.1792,10\nb,14.6357,63.5,5\n", encoding="utf-8"
    )
    code, output = run(
        "--demand", str(demand), "--stores", str(stores), "--fuel", str(fuel), "--json"
    )
    assert code == 0, output
    figures = json.loads(output)
    assert figures["overall"]["grocery"]["share_beyond_km"]["20"] == 5 / 15


def test_it_rejects_thresholds_that_are_not_numbers() -> None:
    code, output = run("--jamtland", "--thresholds-km", "5,ten")
    assert code == 2 and "--thresholds-km" in output


def test_it_asks_for_stores_and_fuel_or_jamtland(tmp_path: Path) -> None:
    stores = tmp_path / "s.csv"
    stores.write_text("id,name,lon,lat\n1,ICA,14.6357,63.1792\n", encoding="utf-8")
    code, output = run("--modelled-jamtland", "--stores", str(stores))
    assert code == 2 and "--fuel" in output
