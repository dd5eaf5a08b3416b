"""The SOT minimum level (R3): six criteria, each met, not met or unknown, with a reason."""

import pytest

from trygg.rules.sot import Business, SotFacts, Verdict, check_sot

STORE = Business("Lanthandeln", full_assortment=True, year_round=True, lat=63.4667, lon=13.2333)
FUEL = Business("Macken", year_round=True, lat=63.4670, lon=13.2340)
COMPLETE = SotFacts(store=STORE, fuel_station=FUEL, generator_present=True, generator_feeds_store=True,
                    generator_feeds_fuel=True, info_node=True, command_place=True,
                    organisation_name="Byaföreningen", organisation_activates=True)


def verdicts(facts, **kw):
    return [c.verdict for c in check_sot(facts, **kw).criteria]


def test_a_complete_point_meets_all_six_criteria():
    result = check_sot(COMPLETE)
    assert [c.number for c in result.criteria] == [1, 2, 3, 4, 5, 6]
    assert result.meets_minimum_level


def test_a_point_without_a_fuel_station_fails_criterion_two_and_says_why():
    from dataclasses import replace

    result = check_sot(replace(COMPLETE, fuel_station=None))
    second = result.criteria[1]
    assert second.verdict is Verdict.NOT_MET
    assert "No fuel station" in str(second.reason) and "drivmedelsstation" in second.reason.in_language("sv")
    assert not result.meets_minimum_level


def test_a_fuel_station_beyond_direct_vicinity_fails_with_the_distance():
    from dataclasses import replace

    far = replace(FUEL, lat=63.4767)  # about 1.1 km north
    second = check_sot(replace(COMPLETE, fuel_station=far)).criteria[1]
    assert second.verdict is Verdict.NOT_MET
    assert "1112 m" in str(second.reason)  # 0.01° of latitude and 35 m east and "500 m" in str(second.reason)


def test_the_vicinity_distance_is_configurable():
    from dataclasses import replace

    far = replace(FUEL, lat=63.4767)
    assert check_sot(replace(COMPLETE, fuel_station=far), vicinity_m=1500).criteria[1].verdict is Verdict.MET


def test_nothing_recorded_is_unknown_not_met_where_the_fact_is_only_missing():
    result = check_sot(SotFacts(store=Business("Butiken"), fuel_station=Business("Macken")))
    assert verdicts(SotFacts(store=Business("Butiken"), fuel_station=Business("Macken"))) == [
        Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.NOT_MET]
    assert result.verdict is Verdict.NOT_MET


def test_a_generator_that_feeds_only_the_store_fails_criterion_three():
    from dataclasses import replace

    third = check_sot(replace(COMPLETE, generator_feeds_fuel=False)).criteria[2]
    assert third.verdict is Verdict.NOT_MET and "fuel station" in str(third.reason)


def test_a_store_without_full_assortment_fails_criterion_one():
    from dataclasses import replace

    first = check_sot(replace(COMPLETE, store=replace(STORE, full_assortment=False))).criteria[0]
    assert first.verdict is Verdict.NOT_MET


def test_it_rejects_a_non_positive_vicinity():
    with pytest.raises(ValueError, match="vicinity_m"):
        check_sot(COMPLETE, vicinity_m=0)
