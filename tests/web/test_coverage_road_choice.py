"""The site-selection (coverage) page measures by road minutes, road km or straight line when a road
network reaches the municipality, and every figure names its measure (issue 12, item 2).

The network is the lake fixture of tests/analysis/test_road_network_lake.py, written with pyosmium
into a real .osm.pbf: Alby (the school) and Byn are 10 km apart by a 60 km/h road around the lake;
Cby lies 2 km beyond Byn on a 30 km/h one-way loop, so from Cby it is 4 km at 30 km/h + 10 km at
60 km/h = 18 minutes to Alby, by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.analysis.test_road_network_lake import villages, write_lake
from trygg.analysis.demand import Demand
from trygg.analysis.network import build_road_graph
from trygg.analysis.travel import ROAD_KM, ROAD_MINUTES, STRAIGHT_LINE
from trygg.population.coverage import _coverage, greedy_additions, network_reaches

pytestmark = pytest.mark.django_db


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:span|small|p)>', html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip()


@pytest.fixture
def lake_roads(settings, tmp_path: Path) -> Path:
    settings.TRYGG_ROAD_PBF = str(write_lake(tmp_path / "sjon.osm.pbf"))
    settings.TRYGG_ROAD_CACHE_DIR = str(tmp_path / "road-cache")
    return Path(settings.TRYGG_ROAD_PBF)


def test_road_minutes_on_the_lake_match_the_hand_computed_times(tmp_path: Path) -> None:
    demand, school = villages()
    graph = build_road_graph(write_lake(tmp_path / "sjon.osm.pbf"))
    minutes = _coverage(demand, school, 60, 1.3, graph, ROAD_MINUTES).nearest_cost
    assert minutes.tolist() == pytest.approx([10.0, 18.0], abs=0.01)
    adds = {limit: [s.adds_people for s in greedy_additions(demand, None, school, limit, 1.3, graph=graph,
                                                            metric=ROAD_MINUTES)] for limit in (12, 20)}
    assert adds == {12: [300], 20: [420]}
    # the same network by road km (Cby 14 km) and the straight line (both within 12 km × 1.3)
    assert [s.adds_people for s in greedy_additions(demand, None, school, 12_000, 1.3, graph=graph,
                                                    metric=ROAD_KM)] == [300]
    assert [s.adds_people for s in greedy_additions(demand, None, school, 12_000, 1.3, graph=graph,
                                                    metric=STRAIGHT_LINE)] == [420]


def test_a_network_reaches_only_the_area_it_covers(tmp_path: Path) -> None:
    graph = build_road_graph(write_lake(tmp_path / "sjon.osm.pbf"))
    near, _ = villages()
    far = Demand.from_lonlat(["Malmö"], [13.0038], [55.6050], [1000])
    assert network_reaches(graph, near) and not network_reaches(graph, far)
    assert not network_reaches(None, near)


def test_with_a_network_the_page_offers_the_three_measures_road_km_first(krokom, lake_roads) -> None:
    response = krokom.get("/m/2309/coverage/")
    assert response.status_code == 200
    html = response.content.decode()
    options = re.findall(r'<option value="(\w+)"( selected)?>([^<]+)</option>', html.split('id="metric-choice"')[1])
    assert [(key, label) for key, _, label in options[:3]] == [
        ("road_km", "väg-km"), ("road_minutes", "vägminuter"), ("straight_line", "fågelvägen × 1,3")]
    assert options[0][1] == " selected"
    assert text_of(html, "metric") == "Avstånd: väg-km."
    assert "väg-km" in text_of(html, "reach") and "10 km" in text_of(html, "reach")


def test_road_minutes_are_named_on_every_figure(krokom, lake_roads) -> None:
    response = krokom.get("/m/2309/coverage/", {"metric": "road_minutes", "limit_min": "20"})
    assert response.status_code == 200
    html = response.content.decode()
    coverage = response.context["coverage"]
    assert coverage.metric_key == ROAD_MINUTES and coverage.result.method == "time"
    assert text_of(html, "metric") == "Avstånd: vägminuter."
    assert text_of(html, "suggestions-metric") == "Lokalernas räckvidd: vägminuter."
    assert "20 min" in text_of(html, "reach") and "vägminuter" in text_of(html, "reach")
    assert "(vägminuter)" in html  # the demand table's distance column says it too
    demand_points = [f for f in response.context["map_data"]["points"]["features"]
                     if f["properties"].get("role") == "demand"]
    assert demand_points and all(f["properties"]["km"] is None for f in demand_points)


def test_the_straight_line_can_be_chosen_with_a_network(krokom, lake_roads) -> None:
    response = krokom.get("/m/2309/coverage/", {"metric": "straight_line"})
    assert response.status_code == 200 and response.context["coverage"].result.method == "distance"
    assert text_of(response.content.decode(), "metric") == "Avstånd: fågelvägen × 1,3."


def test_without_a_network_there_is_no_choice_and_a_road_measure_is_refused(krokom, settings) -> None:
    settings.TRYGG_ROAD_PBF = ""
    plain = krokom.get("/m/2309/coverage/").content.decode()
    assert 'id="metric-choice"' not in plain
    refused = krokom.get("/m/2309/coverage/", {"metric": "road_minutes"})
    assert refused.status_code == 400
    assert "metric: inget vägnät når Krokoms kommun (TRYGG_ROAD_PBF); mät fågelvägen" in refused.content.decode()
    krokom.post("/i18n/setlang/", {"language": "en", "next": "/"})
    refused = krokom.get("/m/2309/coverage/", {"metric": "road_minutes"})
    assert refused.status_code == 400
    assert ("metric: no road network reaches Krokoms kommun (TRYGG_ROAD_PBF); measure by straight line"
            in refused.content.decode())


def test_a_bad_parameter_is_refused_in_swedish_by_default_and_in_english_with_the_english_ui(krokom) -> None:
    swedish = krokom.get("/m/2309/coverage/", {"limit_min": "fem"})
    assert swedish.status_code == 400
    assert "limit_min: &#x27;fem&#x27; är inget tal" in swedish.content.decode()
    krokom.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = krokom.get("/m/2309/coverage/", {"radius_km": "2000"})
    assert english.status_code == 400
    assert "radius_km: &#x27;2000&#x27; must be above 0 and at most 1000" in english.content.decode()


@pytest.mark.parametrize(("params", "field"), [({"metric": "helicopter"}, "metric"),
                                               ({"limit_min": "fem"}, "limit_min"),
                                               ({"radius_km": "-3"}, "radius_km")])
def test_bad_measure_parameters_name_the_field(krokom, lake_roads, params, field) -> None:
    response = krokom.get("/m/2309/coverage/", params)
    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()
