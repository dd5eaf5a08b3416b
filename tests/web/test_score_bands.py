"""Readiness scores read the same everywhere: one set of bands (trygg.rules.readiness.SCORE_BANDS)
colours the badges on the pages and the points on the map."""

import re

import pytest

from trygg.rules.readiness import SCORE_BANDS, score_band


@pytest.mark.parametrize(("score", "band"), [(100, "good"), (80, "good"), (79, "fair"), (50, "fair"),
                                              (49, "poor"), (0, "poor")])
def test_a_score_falls_in_the_band_its_lowest_score_says(score, band):
    assert score_band(score) == band


def test_the_bands_cover_every_score_from_the_best_down():
    lowest = [low for _band, low in SCORE_BANDS]
    assert lowest == sorted(lowest, reverse=True) and lowest[-1] == 0


def test_the_badges_and_the_map_of_a_municipality_agree_on_each_points_band(krokom):
    response = krokom.get("/m/2309/")
    body = response.content.decode()
    features = response.context["map_data"]["points"]["features"]
    assert features
    for feature in features:
        props = feature["properties"]
        assert props["readiness_band"] == score_band(props["readiness"])
    badges = re.findall(r'<span class="score (\w+)">(\d+)</span>', body)
    assert badges, "the points table shows no score badges"
    for band, score in badges:
        assert band == score_band(int(score))
