"""Bad input: a clear message naming file, field and value; nothing runs half way."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from trygg.analysis.errors import AnalysisError
from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    Load,
    PowerInputError,
)
from trygg.cli import main
from trygg.formats.power_scenario import read_points, read_scenario
from trygg.rules.catalogue import LoadClass

VALID: dict[str, Any] = {
    "name": "Liten storm",
    "start": "2026-01-12T06:00:00+01:00",
    "duration_h": 24,
    "outdoor_c": -10,
    "outage": {"municipalities": ["2321"]},
    "points": [
        {
            "id": "jarpen",
            "name": "Järpen",
            "municipality": "2321",
            "lon": 13.4475,
            "lat": 63.3535,
            "level": 2,
            "priority": 1,
            "loads": [{"name": "Belysning", "class": "lighting", "power_kw": 2.0}],
            "generator": {"kind": "fixed", "rated_kw": 20, "tank_l": 200},
        }
    ],
    "depots": [{"id": "osd", "name": "Depå", "lon": 14.717, "lat": 63.145, "fuel_l": 1000}],
    "trucks": [{"id": "bil", "capacity_l": 1000, "depot": "osd"}],
    "deliveries": [
        {"id": "lev", "to": "osd", "fuel_l": 500,
         "departs": "2026-01-12T10:00:00+01:00", "arrives": "2026-01-12T14:00:00+01:00"}
    ],
}


def write(tmp_path: Path, data: dict[str, Any], name: str = "storm.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def broken(tmp_path: Path, change: Any) -> Path:
    data = copy.deepcopy(VALID)
    change(data)
    return write(tmp_path, data)


def error_for(path: Path) -> str:
    with pytest.raises(PowerInputError) as info:
        read_scenario(path)
    assert isinstance(info.value, AnalysisError) and isinstance(info.value, ValueError)
    return str(info.value)


def test_the_valid_file_reads(tmp_path: Path) -> None:
    assert read_scenario(write(tmp_path, VALID)).points[0].spec.id == "jarpen"


def test_it_rejects_a_zero_generator_rating(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0]["generator"].update(rated_kw=0))
    message = error_for(path)
    assert message.startswith(str(path))
    assert "points[0].generator.rated_kw = 0.0: must be a number above zero" in message


def test_it_rejects_a_negative_generator_rating(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0]["generator"].update(rated_kw=-20))
    assert "points[0].generator.rated_kw = -20.0" in error_for(path)


def test_it_rejects_a_negative_load_rating(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0]["loads"][0].update(power_kw=-2))
    assert "points[0].loads[0].power_kw = -2.0: must be a number above zero" in error_for(path)


def test_it_rejects_a_zero_truck_capacity(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["trucks"][0].update(capacity_l=0))
    assert "trucks[0].capacity_l = 0.0" in error_for(path)


def test_it_rejects_a_tank_with_no_generator(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0].update(generator={"kind": "none", "tank_l": 500}))
    message = error_for(path)
    assert "points[0].generator.tank_l = 500.0: a tank with no generator" in message


def test_it_rejects_a_load_in_kva_without_a_power_factor(tmp_path: Path) -> None:
    load = {"name": "Fläkt", "class": "other", "power_kva": 5}
    path = broken(tmp_path, lambda d: d["points"][0]["loads"].append(load))
    message = error_for(path)
    assert "points[0].loads[1].power_factor = None" in message
    assert "power_kva = 5.0 needs a power_factor" in message


def test_it_rejects_an_outage_polygon_that_does_not_close(tmp_path: Path) -> None:
    ring = [[12.0, 63.0], [14.0, 63.0], [14.0, 64.0], [12.0, 64.0]]
    path = broken(tmp_path, lambda d: d.update(outage={"polygon": {"type": "Polygon", "coordinates": [ring]}}))
    message = error_for(path)
    assert "outage.polygon.coordinates[0]" in message
    assert "does not close" in message and "[12.0, 64.0]" in message


def test_it_rejects_an_outage_polygon_outside_sweden(tmp_path: Path) -> None:
    # Latitude and longitude swapped: lands in the Arctic Ocean.
    ring = [[63.0, 12.0], [63.0, 14.0], [64.0, 14.0], [64.0, 12.0], [63.0, 12.0]]
    path = broken(tmp_path, lambda d: d.update(outage={"polygon": {"type": "Polygon", "coordinates": [ring]}}))
    message = error_for(path)
    assert "outage.polygon bounds = [63.0, 12.0, 64.0, 14.0]: lies outside Sweden" in message


def test_it_rejects_a_delivery_that_arrives_before_it_departs(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["deliveries"][0].update(arrives="2026-01-12T08:00:00+01:00"))
    message = error_for(path)
    assert "deliveries[0].arrives = '2026-01-12T08:00:00+01:00'" in message
    assert "arrives before it departs (2026-01-12T10:00:00+01:00)" in message


def test_it_rejects_a_start_without_a_utc_offset(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d.update(start="2026-01-12T06:00:00"))
    assert "start = '2026-01-12T06:00:00': needs a UTC offset" in error_for(path)


def test_it_rejects_a_misspelt_field(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0]["generator"].update(rated_kwh=20))
    assert "points[0].generator.rated_kwh = 20: unknown field" in error_for(path)


def test_it_rejects_a_truck_from_a_depot_that_does_not_exist(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["trucks"][0].update(depot="ostersund"))
    assert "trucks[0].depot = 'ostersund': names no depot" in error_for(path)


def test_it_rejects_a_point_outside_sweden_and_spots_swapped_coordinates(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0].update(lon=63.35, lat=13.45))
    message = error_for(path)
    assert "points[0].lon = 63.35" in message and "swapped" in message


def test_it_rejects_a_point_without_a_priority_in_a_scenario(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0].pop("priority"))
    assert "points[0].priority = None" in error_for(path)


def test_it_rejects_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "storm.yaml"
    path.write_text("points: [unclosed", encoding="utf-8")
    assert "is not valid YAML" in error_for(path)


def test_it_reads_the_same_scenario_from_json(tmp_path: Path) -> None:
    import json

    path = tmp_path / "storm.json"
    data = copy.deepcopy(VALID)
    data["points"][0]["generator"]["rated_kw"] = 0
    path.write_text(json.dumps(data), encoding="utf-8")
    assert f"{path}: points[0].generator.rated_kw = 0.0" in error_for(path)


def test_the_dataclasses_refuse_bad_values_on_their_own() -> None:
    with pytest.raises(PowerInputError, match="tank_l = 100"):
        GeneratorSpec(GeneratorKind.NONE, tank_l=100.0)
    with pytest.raises(PowerInputError, match="power_factor = None"):
        Load("Fläkt", LoadClass.OTHER, power_kva=3.0)
    with pytest.raises(PowerInputError, match="rated_kw = 0"):
        GeneratorSpec(GeneratorKind.FIXED, rated_kw=0.0, tank_l=100.0)


def test_a_points_file_names_its_own_bad_field(tmp_path: Path) -> None:
    path = write(tmp_path, {"points": [{"id": "a", "level": 4}]}, "points.yaml")
    with pytest.raises(PowerInputError, match=r"points\.yaml: points\[0\]\.level = 4: must be 1, 2 or 3"):
        read_points(path)


def test_nothing_runs_half_way_on_bad_input(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["points"][0]["generator"].update(rated_kw=0))
    charts = tmp_path / "charts"
    result = CliRunner().invoke(main, ["scenario", "run", str(path), "--charts", str(charts)])
    assert result.exit_code == 2
    assert "rated_kw = 0.0" in result.output
    assert "Traceback" not in result.output
    assert not charts.exists()
