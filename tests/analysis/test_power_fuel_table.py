"""Diesel consumption: the reference table reproduced exactly, and interpolated between."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trygg.analysis.power.fuel import (
    TABLE_L_PER_H,
    TABLE_LOAD_FRACTIONS,
    TABLE_RATED_KW,
    ConsumptionCurve,
    litres_per_hour,
)

TABLE_POINTS = [
    (float(rated), float(fraction), float(TABLE_L_PER_H[i, j]))
    for i, rated in enumerate(TABLE_RATED_KW)
    for j, fraction in enumerate(TABLE_LOAD_FRACTIONS)
]


@pytest.mark.parametrize(("rated_kw", "fraction", "expected"), TABLE_POINTS)
def test_it_matches_every_table_point_exactly(rated_kw: float, fraction: float, expected: float) -> None:
    assert litres_per_hour(rated_kw, rated_kw * fraction)[0] == pytest.approx(expected, abs=1e-12)


def test_the_table_holds_the_reference_figures() -> None:
    # REFERENCE.md, "Backup power and fuel": spot-check the transcription.
    assert TABLE_L_PER_H[0].tolist() == [2.3, 3.4, 4.9, 6.1]
    assert TABLE_L_PER_H[-1].tolist() == [41.6, 70.0, 99.9, 135.1]


def test_it_interpolates_linearly_between_rated_rows() -> None:
    # 40 kW is halfway between the 20 and 60 kW rows; half load on both.
    assert litres_per_hour(40.0, 20.0)[0] == pytest.approx((3.4 + 11.0) / 2)


def test_it_interpolates_bilinearly_inside_a_cell() -> None:
    # 80 kW at 62.5 % load: the mean of the four corners of the 60/100 × ½/¾ cell.
    corners = [11.0, 14.4, 15.5, 22.0]
    assert litres_per_hour(80.0, 50.0)[0] == pytest.approx(sum(corners) / 4)


def test_it_extrapolates_below_quarter_load_toward_the_no_load_figure() -> None:
    # No load on a 20 kW set: 2 × 2.3 − 3.4 = 1.2 l/h; at ⅛ load halfway to ¼.
    assert litres_per_hour(20.0, 1e-9)[0] == pytest.approx(1.2)
    assert litres_per_hour(20.0, 2.5)[0] == pytest.approx((1.2 + 2.3) / 2)


def test_a_stopped_set_burns_nothing() -> None:
    assert litres_per_hour(60.0, 0.0)[0] == 0.0


def test_it_scales_in_proportion_above_500_kw_and_below_20_kw() -> None:
    assert litres_per_hour(1000.0, 500.0)[0] == pytest.approx(2 * 70.0)
    assert litres_per_hour(10.0, 5.0)[0] == pytest.approx(3.4 / 2)


def test_it_caps_an_overloaded_set_at_full_load() -> None:
    assert litres_per_hour(20.0, 30.0)[0] == pytest.approx(6.1)


def test_it_evaluates_many_sets_over_many_hours_at_once() -> None:
    rated = np.array([20.0, 100.0])
    load = np.array([[10.0, 5.0, 0.0], [100.0, 25.0, 50.0]])
    result = litres_per_hour(rated, load)
    assert result.shape == (2, 3)
    np.testing.assert_allclose(result, [[3.4, 2.3, 0.0], [28.0, 9.8, 15.5]])


def test_a_data_sheet_curve_replaces_the_table_for_its_set() -> None:
    curve = ConsumptionCurve((0.25, 0.5, 0.75, 1.0), (2.0, 3.0, 4.2, 5.5))
    result = litres_per_hour([20.0, 20.0], [[10.0], [10.0]], [curve, None])
    assert result[:, 0].tolist() == pytest.approx([3.0, 3.4])


def test_a_data_sheet_curve_is_exact_at_its_points_and_extended_below() -> None:
    curve = ConsumptionCurve((0.5, 1.0), (4.0, 6.0))
    fractions = np.array([0.5, 1.0, 0.25])
    # Below its lowest point the first segment (slope 4 l/h per unit load) is extended.
    assert curve.at(fractions).tolist() == pytest.approx([4.0, 6.0, 3.0])


@given(
    rated=st.floats(min_value=5.0, max_value=2000.0),
    low=st.floats(min_value=0.01, max_value=1.0),
    high=st.floats(min_value=0.01, max_value=1.0),
)
def test_more_load_never_burns_less(rated: float, low: float, high: float) -> None:
    low, high = sorted((low, high))
    lph = litres_per_hour([rated, rated], [[rated * low], [rated * high]])
    assert lph[0, 0] <= lph[1, 0] + 1e-9


@given(load=st.floats(min_value=0.0, max_value=1.0), a=st.floats(5.0, 900.0), b=st.floats(5.0, 900.0))
def test_a_bigger_set_never_burns_less_at_the_same_load_fraction(load: float, a: float, b: float) -> None:
    small, big = sorted((a, b))
    lph = litres_per_hour([small, big], [[small * load], [big * load]])
    assert lph[0, 0] <= lph[1, 0] + 1e-9
