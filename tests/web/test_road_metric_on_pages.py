"""The coverage and access pages name the metric of their figures: road km with a configured
road network (TRYGG_ROAD_PBF), straight line × 1.3 without one, and a bad path falls back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.analysis.test_road_network_lake import write_lake

pytestmark = pytest.mark.django_db


def metric_of(html: str, element_id: str) -> str:
    return re.sub(r"\s+", " ", re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:span|small|p)>', html, re.S).group(1))


@pytest.fixture
def lake_roads(settings, tmp_path: Path) -> Path:
    settings.TRYGG_ROAD_PBF = str(write_lake(tmp_path / "sjon.osm.pbf"))
    settings.TRYGG_ROAD_CACHE_DIR = str(tmp_path / "road-cache")
    return tmp_path / "road-cache"


def test_without_a_road_network_the_pages_say_straight_line(krokom, settings) -> None:
    settings.TRYGG_ROAD_PBF = ""
    coverage = krokom.get("/m/2309/coverage/").content.decode()
    assert metric_of(coverage, "metric") == "Avstånd: fågelvägen × 1,3."
    access = krokom.get("/m/2309/access/").content.decode()
    assert "fågelvägen × 1,3" in metric_of(access, "method")


def test_with_a_configured_pbf_the_pages_measure_road_km_and_say_so(krokom, lake_roads: Path) -> None:
    coverage = krokom.get("/m/2309/coverage/")
    assert coverage.status_code == 200
    html = coverage.content.decode()
    assert metric_of(html, "metric") == "Avstånd: väg-km."
    # The premises' suggestions are ranked by the same road km, and the page says that too.
    assert metric_of(html, "suggestions-metric") == "Lokalernas räckvidd: väg-km."
    access = krokom.get("/m/2309/access/").content.decode()
    assert "väg-km" in metric_of(access, "method") and "fågelvägen" not in metric_of(access, "method")
    assert len(list(lake_roads.glob("roads-*.npz"))) == 1  # built once, cached for the next start


def test_a_missing_pbf_falls_back_to_straight_line_not_an_error(krokom, settings, tmp_path: Path) -> None:
    settings.TRYGG_ROAD_PBF = str(tmp_path / "saknas.osm.pbf")
    settings.TRYGG_ROAD_CACHE_DIR = str(tmp_path / "road-cache")
    response = krokom.get("/m/2309/coverage/")
    assert response.status_code == 200
    assert metric_of(response.content.decode(), "metric") == "Avstånd: fågelvägen × 1,3."


def test_suggested_premises_reach_by_road_when_there_is_a_network(tmp_path: Path) -> None:
    from tests.analysis.test_road_network_lake import villages
    from trygg.analysis.network import build_road_graph
    from trygg.population.coverage import greedy_additions

    demand, school = villages()  # Byn 300 and Cby 120 residents; the school in Alby across the lake
    graph = build_road_graph(write_lake(tmp_path / "sjon.osm.pbf"))
    by_road = greedy_additions(demand, None, school, radius_m=12_000, detour=1.3, graph=graph)
    by_line = greedy_additions(demand, None, school, radius_m=12_000, detour=1.3)
    assert [(s.site_name, s.adds_people) for s in by_road] == [("Skolan i Alby", 300)]  # Cby is 14 km by road
    assert [(s.site_name, s.adds_people) for s in by_line] == [("Skolan i Alby", 420)]
