"""Which help a point promises residents follows from its plan's catalogue codes, conservatively."""

from trygg.rules.catalogue import EQUIPMENT, FUNCTIONS
from trygg.rules.public_info import HELP_FROM_PLAN, HelpCategory, help_offered


def test_every_help_category_is_backed_by_real_catalogue_codes():
    for category, source in HELP_FROM_PLAN.items():
        assert source.functions or source.equipment, category
        assert source.functions <= FUNCTIONS.keys() and source.equipment <= EQUIPMENT.keys()
    assert set(HELP_FROM_PLAN) == set(HelpCategory)


def test_a_plan_with_heating_water_and_a_first_aid_kit_offers_those_three():
    offered = help_offered({"heating", "drinking_water"}, {"first_aid_kit"})
    assert offered == (HelpCategory.WARMTH, HelpCategory.WATER, HelpCategory.FIRST_AID)


def test_electricity_alone_does_not_promise_phone_charging():
    assert HelpCategory.CHARGING not in help_offered({"electricity"}, set())
    assert HelpCategory.CHARGING in help_offered({"electricity"}, {"phone_charging"})


def test_equipment_alone_can_promise_water_and_toilets():
    assert help_offered(set(), {"emergency_water_tank", "latrine"}) == (HelpCategory.WATER, HelpCategory.TOILETS)


def test_an_empty_plan_promises_nothing():
    assert help_offered((), ()) == ()
