"""OSM tags that set a road's speed and direction."""

from __future__ import annotations

import pytest

from trygg.analysis.network import DEFAULT_SPEEDS_KMH, oneway_direction, parse_maxspeed


@pytest.mark.parametrize(
    ("tag", "kmh"),
    [
        ("70", 70.0),
        ("70 km/h", 70.0),
        ("30 mph", 30 * 1.609344),
        ("SE:urban", 50.0),
        ("se:rural", 70.0),
        ("SE:motorway", 110.0),
        ("50;70", 50.0),
    ],
)
def test_it_reads_a_usable_maxspeed(tag: str, kmh: float) -> None:
    assert parse_maxspeed(tag) == pytest.approx(kmh)


@pytest.mark.parametrize("tag", [None, "", "none", "signals", "walk", "0", "999", "SE:unknown"])
def test_it_ignores_a_maxspeed_it_cannot_use(tag: str | None) -> None:
    assert parse_maxspeed(tag) is None


@pytest.mark.parametrize(
    ("tags", "direction"),
    [
        ({"highway": "primary"}, 0),
        ({"highway": "primary", "oneway": "yes"}, 1),
        ({"highway": "primary", "oneway": "-1"}, -1),
        ({"highway": "tertiary", "junction": "roundabout"}, 1),
        ({"highway": "motorway"}, 1),
        ({"highway": "motorway", "oneway": "no"}, 0),
    ],
)
def test_it_reads_the_direction_of_travel(tags: dict[str, str], direction: int) -> None:
    assert oneway_direction(tags) == direction


def test_its_default_speeds_follow_the_swedish_general_limits() -> None:
    # 50 km/h in built-up areas and 70 outside (Trafikförordningen 3 kap. 17 §)
    # bound the minor classes; only trunk roads and motorways go above 80.
    assert DEFAULT_SPEEDS_KMH["residential"] <= 50
    assert DEFAULT_SPEEDS_KMH["secondary"] == 70
    assert max(v for k, v in DEFAULT_SPEEDS_KMH.items() if k not in ("motorway", "trunk")) <= 80
