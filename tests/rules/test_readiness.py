"""The readiness check (R6): gaps with severity and source, and a score that rises as gaps are fixed."""

from dataclasses import replace

from trygg.rules.levels import required_functions
from trygg.rules.readiness import PointPlan, Severity, SosAlarm, StaffNeed, check_readiness, roll_up

ANSWERS = dict.fromkeys(("who_decides", "who_starts", "staffing_endurance", "other_rules", "capacity", "access", "robust_comms", "closing"), "answered")
LEVEL_TWO_COMPLETE = PointPlan(
    level=2,
    functions=frozenset(required_functions(2)),
    equipment={"first_aid_kit": 1, "radio": 1, "phone_charging": 2, "firefighting_equipment": 1, "kitchen": 1},
    staffing=(StaffNeed("point_manager", 1, 1), StaffNeed("communicator", 1, 1)),
    activation=ANSWERS, capacity_day=100, backup_power="fixed", manager_assigned=True, fuel_arranged=True,
    sos_alarm="rakel",
)


def codes(plan):
    return {g.code for g in check_readiness(plan).gaps}


def test_a_complete_level_two_plan_has_no_gaps_and_scores_100():
    r = check_readiness(LEVEL_TWO_COMPLETE)
    assert r.gaps == [] and r.score == 100


def test_a_level_three_point_without_overnight_capacity_or_beds_shows_those_gaps():
    plan = replace(LEVEL_TWO_COMPLETE, level=3)
    found = codes(plan)
    assert {"capacity_night", "equipment:beds", "equipment:blankets", "overnight_staffing",
            "fire_safety_24h", "function:overnight"} <= found
    gaps = {g.code: g for g in check_readiness(plan).gaps}
    assert gaps["capacity_night"].severity is Severity.CRITICAL and gaps["capacity_night"].requirement == "R2"


def test_fixing_the_plan_removes_the_gaps_and_raises_the_score():
    broken = replace(LEVEL_TWO_COMPLETE, level=3)
    fixed = replace(
        broken, capacity_night=50, fire_safety_24h=True,
        functions=broken.functions | {"overnight"},
        equipment={**broken.equipment, "beds": 50, "blankets": 100},
        staffing=broken.staffing + (StaffNeed("point_manager", 1, 1, overnight=True),),
    )
    before, after = check_readiness(broken), check_readiness(fixed)
    assert after.gaps == [] and after.score == 100 > before.score


def test_any_one_of_alternative_equipment_satisfies_the_need():
    plan = replace(LEVEL_TWO_COMPLETE, equipment={**LEVEL_TWO_COMPLETE.equipment, "radio": 0, "tv": 1})
    assert "equipment:radio" not in codes(plan)


def test_a_point_without_backup_power_or_connection_point_has_a_critical_gap():
    gaps = {g.code: g for g in check_readiness(replace(LEVEL_TWO_COMPLETE, backup_power="none")).gaps}
    assert gaps["backup_power"].severity is Severity.CRITICAL


def test_a_connection_point_counts_as_electricity_in_place():
    assert "backup_power" not in codes(replace(LEVEL_TWO_COMPLETE, backup_power="connection_point", fuel_arranged=None))


def test_an_understaffed_role_is_a_major_gap_naming_the_numbers():
    plan = replace(LEVEL_TWO_COMPLETE, staffing=(StaffNeed("guard", 2, 1),))
    gap = next(g for g in check_readiness(plan).gaps if g.code == "staff:guard")
    assert gap.severity is Severity.MAJOR and "1 of 2" in gap.message("en") and "1 av 2" in gap.message("sv")


def test_level_one_does_not_require_food_or_a_kitchen():
    plan = replace(LEVEL_TWO_COMPLETE, level=1, functions=frozenset(required_functions(1)), equipment={
        "first_aid_kit": 1, "radio": 1, "phone_charging": 1, "firefighting_equipment": 1})
    assert check_readiness(plan).gaps == []


def test_gaps_come_most_severe_first():
    severities = [g.severity for g in check_readiness(PointPlan(level=3)).gaps]
    order = [Severity.CRITICAL, Severity.MAJOR, Severity.MINOR]
    assert severities == sorted(severities, key=order.index)


def test_an_empty_plan_scores_zero():
    assert check_readiness(PointPlan(level=1)).score == 0


def test_roll_up_averages_scores_and_counts_critical_gaps():
    results = [check_readiness(LEVEL_TWO_COMPLETE), check_readiness(replace(LEVEL_TWO_COMPLETE, backup_power="none"))]
    r = roll_up(results)
    assert r.points == 2 and r.critical_gaps == 1 and r.points_without_critical_gaps == 1
    assert r.mean_score == (100 + results[1].score) / 2
    assert roll_up([]).points == 0


def test_a_level_two_point_that_cannot_alarm_112_has_a_critical_gap():
    gap = next(g for g in check_readiness(replace(LEVEL_TWO_COMPLETE, sos_alarm="none")).gaps if g.code == "sos_alarm")
    assert gap.severity is Severity.CRITICAL and gap.requirement == "R6"
    assert "kan inte larma 112" in gap.message("sv") and "cannot alarm 112" in gap.message("en")


def test_an_unrecorded_sos_path_is_a_major_gap_at_levels_two_and_three():
    for level in (2, 3):
        gaps = {g.code: g for g in check_readiness(replace(LEVEL_TWO_COMPLETE, level=level, sos_alarm=None)).gaps}
        assert gaps["sos_alarm"].severity is Severity.MAJOR
        assert "inte angivet" in gaps["sos_alarm"].message("sv")


def test_every_way_to_alarm_112_closes_the_gap_and_level_one_needs_none():
    for way in SosAlarm:
        if way is not SosAlarm.NONE:
            assert "sos_alarm" not in codes(replace(LEVEL_TWO_COMPLETE, sos_alarm=way.value))
    assert "sos_alarm" not in codes(replace(LEVEL_TWO_COMPLETE, level=1, sos_alarm="none"))
