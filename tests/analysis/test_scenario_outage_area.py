"""Which points lose mains: inside the outage polygon, or in the listed municipalities."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from trygg.analysis.power import OutageArea, PowerInputError

LON = np.array([12.884557, 14.717023, 14.364073])  # Åre, Östersund, Sveg
LAT = np.array([63.395879, 63.145292, 62.035081])
CODES = ["2321", "2380", "2361"]


def test_it_selects_points_inside_the_polygon() -> None:
    west = shapely.Polygon([(12.0, 62.9), (14.0, 62.9), (14.0, 64.0), (12.0, 64.0)])
    assert OutageArea(polygon=west).covers(LON, LAT, CODES).tolist() == [True, False, False]


def test_it_selects_points_in_the_listed_municipalities() -> None:
    area = OutageArea(municipality_codes=("2380", "2361"))
    assert area.covers(LON, LAT, CODES).tolist() == [False, True, True]


def test_polygon_and_municipalities_together_take_the_union() -> None:
    west = shapely.Polygon([(12.0, 62.9), (14.0, 62.9), (14.0, 64.0), (12.0, 64.0)])
    area = OutageArea(polygon=west, municipality_codes=("2361",))
    assert area.covers(LON, LAT, CODES).tolist() == [True, False, True]


def test_it_rejects_a_self_intersecting_polygon() -> None:
    bowtie = shapely.Polygon([(12.0, 63.0), (14.0, 64.0), (14.0, 63.0), (12.0, 64.0)])
    with pytest.raises(PowerInputError, match="not a valid polygon"):
        OutageArea(polygon=bowtie)


def test_it_rejects_an_outage_with_no_area() -> None:
    with pytest.raises(PowerInputError, match="name a polygon or municipality codes"):
        OutageArea()


def test_it_rejects_a_municipality_code_that_is_not_scb() -> None:
    with pytest.raises(PowerInputError, match=r"outage.municipalities\[0\] = '99'"):
        OutageArea(municipality_codes=("99",))
