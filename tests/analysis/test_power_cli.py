"""``trygg scenario run`` and ``trygg power check --file`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from trygg.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "scenario-storm-jamtland.yaml"

POINTS = {
    "outdoor_c": -20,
    "start": "2026-01-12T06:00:00+01:00",
    "points": [
        {
            "id": "bygdegarden", "name": "Bygdegården", "level": 3, "priority": 1,
            "loads": [{"name": "Last", "class": "other", "power_kw": 10, "simultaneity": 1.0}],
            "generator": {"kind": "fixed", "rated_kw": 20, "tank_l": 200},
        },
        {
            "id": "skolan", "name": "Skolan", "level": 2,
            "loads": [{"name": "Kök", "class": "kitchen", "power_kw": 20}],
            "heating": {"floor_area_m2": 500, "heat_source": "electric"},
            "generator": {"kind": "portable", "rated_kw": 20, "tank_l": 200},
        },
    ],
}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def points_file(tmp_path: Path) -> Path:
    path = tmp_path / "points.yaml"
    path.write_text(yaml.safe_dump(POINTS, allow_unicode=True), encoding="utf-8")
    return path


def test_scenario_run_prints_a_report_in_priority_order() -> None:
    code, output = invoke("scenario", "run", str(EXAMPLE), "--no-keep-open")
    assert code == 0, output
    assert "Vinterstorm västra Jämtland" in output
    assert output.index("Trygghetspunkt Järpen") < output.index("Svenstahallen Svenstavik")
    assert "no backup" in output
    assert "People-hours of service" in output


def test_scenario_run_says_what_keeps_everyone_open() -> None:
    code, output = invoke("scenario", "run", str(EXAMPLE))
    assert code == 0, output
    assert "To keep every point with a generator open:" in output
    assert "Verified by simulation." in output


def test_scenario_run_prints_json() -> None:
    code, output = invoke("scenario", "run", str(EXAMPLE), "--json", "--no-keep-open")
    assert code == 0
    payload = json.loads(output)
    assert payload["scenario"]["allocation"] == "priority"
    assert {p["id"] for p in payload["points"]} >= {"jarpen", "sveg"}
    fuel = payload["fuel"]
    total_in = fuel["start_in_tanks_l"] + fuel["start_in_sources_l"] + fuel["agreed_deliveries_in_l"]
    total_out = fuel["burned_l"] + fuel["left_in_tanks_l"] + fuel["left_in_sources_l"]
    assert total_in == pytest.approx(total_out, abs=0.5)
    assert len(payload["timeline"]["power_source"]["jarpen"]) == 72


def test_scenario_run_optimize_reports_the_lp() -> None:
    code, output = invoke("scenario", "run", str(EXAMPLE), "--optimize", "--json", "--no-keep-open")
    assert code == 0
    optimisation = json.loads(output)["optimization"]
    assert "Optimal" in optimisation["status"]
    assert optimisation["weighted_service_h"] >= optimisation["rule_based_weighted_service_h"]


def test_scenario_run_writes_png_charts(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    code, output = invoke("scenario", "run", str(EXAMPLE), "--charts", str(charts), "--no-keep-open")
    assert code == 0, output
    for name in ("fuel-levels.png", "power-timeline.png"):
        data = (charts / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        assert f"wrote {charts / name}" in output


def test_scenario_run_exits_2_on_bad_input(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["deliveries"][0]["arrives"] = "2026-01-13T00:00:00+01:00"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, output = invoke("scenario", "run", str(bad))
    assert code == 2
    assert f"{bad}: deliveries[0].arrives" in output
    assert "Traceback" not in output


def test_power_check_prints_each_point(points_file: Path) -> None:
    code, output = invoke("power", "check", "--file", str(points_file))
    # The portable set relied on for 72 h is a high-severity finding: exit 1.
    assert code == 1
    assert "Bygdegården" in output and "endurance 58.8 h" in output
    assert "dry at 2026-01-14T16:49" in output
    assert "only 3 of 8 portable sets" in output


def test_power_check_prints_json_and_honours_the_temperature(points_file: Path) -> None:
    code, output = invoke("power", "check", "--file", str(points_file), "--json", "--outdoor-c", "-5")
    checks = {c["id"]: c for c in json.loads(output)}
    # Electric heating, 500 m² × 1.2 W/m²K × 23 K = 13.8 kW, plus the kitchen 20 × 0.6 = 12 kW.
    assert checks["skolan"]["peak_kw"] == pytest.approx(25.8)
    assert checks["skolan"]["outdoor_c"] == -5.0
    assert "load_exceeds_generator" in {f["code"] for f in checks["skolan"]["flags"]}


def test_power_check_passes_when_nothing_is_high(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump({"points": POINTS["points"][:1]}), encoding="utf-8")
    code, _ = invoke("power", "check", "--file", str(path), "--planned-outage-h", "24")
    assert code == 0


def test_power_check_writes_printable_sheets(points_file: Path, tmp_path: Path) -> None:
    sheets = tmp_path / "sheets"
    invoke("power", "check", "--file", str(points_file), "--sheets", str(sheets))
    html = (sheets / "bygdegarden.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Reservkraft och bränsle" in html


def test_power_check_exits_2_on_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "points.yaml"
    path.write_text(yaml.safe_dump({"points": [{"id": "a", "level": 2, "generator": {
        "kind": "fixed", "rated_kw": 20, "tank_l": 0}}]}), encoding="utf-8")
    code, output = invoke("power", "check", "--file", str(path))
    assert code == 2
    assert f"{path}: points[0].generator.tank_l = 0.0: must be a number above zero" in output


@pytest.mark.parametrize("args", [["scenario", "run"], ["power", "check"]])
def test_every_command_and_option_has_help(args: list[str]) -> None:
    command = main
    for name in args:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help
    assert all(param.help for param in command.params if hasattr(param, "help") and param.param_type_name == "option")
