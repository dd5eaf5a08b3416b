"""Cross-field rules in clean(), with messages keyed to the field at fault, in Swedish and English."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trygg.registry.models import Agreement, Organisation, Point, Routine, Site


def errors_of(obj, language="en"):
    with translation.override(language), pytest.raises(ValidationError) as e:
        obj.full_clean()
    with translation.override(language):
        return {field: [str(m) for m in messages] for field, messages in e.value.message_dict.items()}


@pytest.fixture
def krokom_kommun(db):
    return Organisation.objects.get(scb_code="2309")


def test_a_fixed_generator_needs_a_rating(krokom_kommun):
    errors = errors_of(Site(municipality=krokom_kommun, name="Hall", backup_power="fixed"))
    assert errors["generator_kw"] == ["A fixed backup generator needs its rating in kW (above zero)."]


def test_the_message_is_swedish_in_the_swedish_ui(krokom_kommun):
    errors = errors_of(Site(municipality=krokom_kommun, name="Hall", backup_power="fixed"), "sv")
    assert "kW" in errors["generator_kw"][0] and "fixed backup" not in errors["generator_kw"][0]


def test_a_tank_without_a_fixed_generator_is_refused(krokom_kommun):
    assert "tank_l" in errors_of(Site(municipality=krokom_kommun, name="Hall", tank_l=300))


def test_swapped_coordinates_are_named_as_swapped(krokom_kommun):
    errors = errors_of(Site(municipality=krokom_kommun, name="Hall", lat=14.6, lon=63.2))
    assert errors["lat"] == ["Latitude and longitude look swapped."]


def test_a_position_outside_sweden_is_refused(krokom_kommun):
    errors = errors_of(Site(municipality=krokom_kommun, name="Hall", lat=59.9, lon=30.3))
    assert "lon" in errors


def test_half_a_coordinate_is_refused(krokom_kommun):
    assert "lon" in errors_of(Site(municipality=krokom_kommun, name="Hall", lat=63.2))


def test_only_level_three_takes_people_overnight(krokom_kommun):
    errors = errors_of(Point(municipality=krokom_kommun, name="P", level=2, capacity_day=50, capacity_night=10))
    assert "capacity_night" in errors


def test_a_non_sot_point_cannot_have_a_store(krokom_kommun):
    store = Site.objects.filter(kind="grocery_store").first()
    errors = errors_of(Point(municipality=krokom_kommun, name="P", kind="trygghetspunkt", sot_store=store))
    assert "sot_store" in errors


def test_the_sot_store_must_be_a_grocery_store(krokom_kommun):
    school = Site.objects.filter(kind="school").first()
    assert "sot_store" in errors_of(Point(municipality=krokom_kommun, name="P", kind="sot_punkt", sot_store=school))


def test_two_points_cannot_share_a_priority_rank(krokom_kommun):
    assert "priority_rank" in errors_of(Point(municipality=krokom_kommun, name="P", priority_rank=1))


def test_languages_must_be_iso_codes(krokom_kommun):
    assert "languages" in errors_of(Point(municipality=krokom_kommun, name="P", languages="svenska"))


def test_an_agreement_cannot_end_before_it_starts(krokom_kommun):
    import datetime as dt

    a = Agreement(municipality=krokom_kommun, subject="fuel", title="A", valid_from=dt.date(2026, 5, 1),
                  valid_to=dt.date(2026, 1, 1))
    assert "valid_to" in errors_of(a)


def test_a_routine_is_overdue_when_never_done_or_past_its_interval(point):
    import datetime as dt

    today = dt.date(2026, 11, 22)
    assert Routine(point=point("KRK-HALL"), kind="other", interval_days=30).is_overdue(today)
    assert Routine(point=point("KRK-HALL"), kind="other", interval_days=30, last_done=dt.date(2026, 10, 1)).is_overdue(today)
    assert not Routine(point=point("KRK-HALL"), kind="other", interval_days=30, last_done=dt.date(2026, 11, 1)).is_overdue(today)
