"""Staffing endurance: gaps found before they happen, and too little rest between shifts."""

import datetime as dt

from trygg.rules.staffing import Need, RosterShift, hours_worked, rest_problems, staffing_gaps

T0 = dt.datetime(2026, 1, 5, 6, 0)


def shift(role, start_h, end_h, person=""):
    return RosterShift(role, T0 + dt.timedelta(hours=start_h), T0 + dt.timedelta(hours=end_h), person)


def test_a_fully_rostered_day_has_no_gaps():
    shifts = [shift("guard", 0, 8, "A"), shift("guard", 8, 16, "B"), shift("guard", 16, 24, "C")]
    assert staffing_gaps([Need("guard", 1)], shifts, T0, 24) == []


def test_an_uncovered_evening_is_one_merged_gap_with_the_number_missing():
    gaps = staffing_gaps([Need("care_staff", 2)], [shift("care_staff", 0, 12, "A"), shift("care_staff", 0, 8, "B")], T0, 16)
    assert [(g.starts_at.hour, g.ends_at.hour, g.missing) for g in gaps] == [(14, 18, 1), (18, 22, 2)]


def test_overnight_roles_are_needed_only_at_night():
    gaps = staffing_gaps([Need("point_manager", 1, overnight=True)], [], T0, 24)
    assert [(g.starts_at.hour, g.ends_at.hour) for g in gaps] == [(6, 7), (22, 6)]


def test_daytime_roles_follow_the_opening_hours():
    gaps = staffing_gaps([Need("communicator", 1)], [], T0, 24, open_hours=(10, 16))
    assert [(g.starts_at.hour, g.ends_at.hour) for g in gaps] == [(10, 16)]


def test_less_than_eleven_hours_between_two_shifts_is_flagged():
    problems = rest_problems([shift("guard", 0, 8, "Anna"), shift("guard", 16, 24, "Anna"), shift("guard", 0, 8, "Bo")])
    assert len(problems) == 1 and problems[0].person == "Anna" and problems[0].rest_h == 8


def test_hours_worked_add_up_per_person():
    assert hours_worked([shift("guard", 0, 8, "Anna"), shift("cook", 20, 26, "Anna")]) == {"Anna": 14.0}
