"""The catalogue holds every function, role and piece of equipment R6 names, once, in two languages."""

from trygg.rules import catalogue as c


def test_it_lists_every_base_and_complementary_function_of_r6():
    assert {f.code for f in c.BASE_FUNCTIONS} == {
        "info_comms", "heating", "electricity", "drinking_water", "hygiene_sanitation", "robust_telecom", "food"}
    assert {f.code for f in c.COMPLEMENTARY_FUNCTIONS} == {
        "fuel", "overnight", "crisis_support", "basic_health_care", "family_corner", "physical_protection",
        "evacuation_billeting", "order_security"}


def test_it_lists_every_staff_role_of_r6():
    r6 = {"communicator", "rakel_operator", "tech_backup_power", "tech_telephony", "tech_it", "tech_heating",
          "food_distribution", "emergency_water", "facility_care", "childcare", "care_staff", "guard",
          "evacuation_leader", "language_staff"}
    assert r6 <= set(c.STAFF_ROLES)


def test_it_lists_every_piece_of_equipment_of_r6():
    r6 = {"backup_generator", "backup_boiler", "emergency_water_tank", "first_aid_kit", "defibrillator",
          "firefighting_equipment", "latrine", "hygiene_articles", "tv", "radio", "shortwave_radio", "telephone",
          "rakel_terminal", "phone_charging", "beds", "blankets", "sleeping_mats", "kitchen", "food_supply", "vehicles"}
    assert r6 <= set(c.EQUIPMENT)


def test_every_entry_has_a_swedish_and_an_english_name():
    for table in (c.FUNCTIONS, c.STAFF_ROLES, c.EQUIPMENT, c.POINT_KINDS, c.SITE_KINDS, c.ACTIVATION_QUESTIONS):
        for code, entry in table.items():
            assert entry.code == code
            assert entry.name("sv") and entry.name("en"), code


def test_power_drawing_equipment_has_a_load_class_and_a_typical_figure():
    for e in c.EQUIPMENT.values():
        assert (e.load_class is None) == (e.typical_power_kw == 0), e.code


def test_an_unknown_code_is_shown_as_itself():
    assert c.name_of("no_such_thing", c.FUNCTIONS) == "no_such_thing"
    assert c.name_of("heating", c.FUNCTIONS, "en") == "Heating"
