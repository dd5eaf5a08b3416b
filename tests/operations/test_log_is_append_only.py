"""The log is append-only; the point's state is a projection that can be rebuilt from it."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.operations.log import NewEntry, append, rebuild
from trygg.operations.models import AppendOnly, LogEntry, PointStatus
from trygg.registry.models import Point


def status_entry(event, user, org, point, when=None, entry_id=None, **data):
    return NewEntry(event=event, author_id=user.pk, author_org=org, kind="status",
                    occurred_at=when or timezone.now(), point=point, data=data, entry_id=entry_id)


def test_an_entry_cannot_be_changed_or_deleted(activated):
    entry = LogEntry.objects.filter(event=activated).first()
    entry.text = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()


def test_activation_records_one_decision_and_puts_both_points_on_standby(activated):
    decision = LogEntry.objects.get(event=activated, kind="decision")
    assert decision.data["mandate"] == "kommundirektor" and decision.data["decided_by"] == "Kommundirektören"
    assert decision.text == "Strömavbrott i hela Offerdal" and len(decision.data["points"]) == 2
    assert set(PointStatus.objects.filter(event=activated).values_list("state", flat=True)) == {"standby"}


def test_the_projection_equals_a_rebuild_from_the_log(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    for state in ("opening", "open"):
        append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="state",
                        occurred_at=timezone.now(), point=valsjobyn, data={"state": state}))
    append(status_entry(activated, krokom_user, krokom_org, valsjobyn, people_present=23, power_source="backup",
                        fuel_l=310, indoor_temp_c=19.5))
    stored = PointStatus.objects.get(event=activated, point=valsjobyn)
    rebuilt = rebuild(activated, valsjobyn).as_fields()
    assert {k: getattr(stored, k) for k in rebuilt} == rebuilt
    assert (stored.state, stored.people_present, stored.fuel_l) == ("open", 23, 310)


def test_a_correction_replaces_what_it_corrects_without_touching_the_original(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    wrong, _ = append(status_entry(activated, krokom_user, krokom_org, valsjobyn, people_present=100))
    append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="correction",
                    occurred_at=timezone.now(), point=valsjobyn, data={"people_present": 23}, corrects=wrong,
                    text="Skrivfel: 23, inte 100"))
    assert PointStatus.objects.get(event=activated, point=valsjobyn).people_present == 23
    assert LogEntry.objects.get(pk=wrong.pk).data["people_present"] == 100
    with pytest.raises(ValidationError):  # a correction is checked like what it corrects
        append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="correction",
                        occurred_at=timezone.now(), point=valsjobyn, data={"people_present": -1}, corrects=wrong))


def test_a_late_entry_about_an_earlier_time_does_not_overwrite_a_newer_report(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    append(status_entry(activated, krokom_user, krokom_org, valsjobyn, people_present=40))
    append(status_entry(activated, krokom_user, krokom_org, valsjobyn, when=timezone.now() - dt.timedelta(minutes=30),
                        people_present=5))
    assert PointStatus.objects.get(event=activated, point=valsjobyn).people_present == 40


def test_the_same_uuid_twice_is_written_once(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    entry_id, when = uuid.uuid4(), timezone.now()
    first, created = append(status_entry(activated, krokom_user, krokom_org, valsjobyn, when, entry_id, people_present=7))
    again, created_again = append(status_entry(activated, krokom_user, krokom_org, valsjobyn, when, entry_id, people_present=7))
    assert created and not created_again and first.pk == again.pk
    assert LogEntry.objects.filter(pk=entry_id).count() == 1
    with pytest.raises(ValidationError):
        append(status_entry(activated, krokom_user, krokom_org, valsjobyn, when, entry_id, people_present=8))


@pytest.mark.parametrize(("data", "field"), [
    ({"people_present": 100000}, "people_present"),
    ({"fuel_l": -5}, "fuel_l"),
    ({"indoor_temp_c": 80}, "indoor_temp_c"),
    ({"power_source": "nuclear"}, "power_source"),
    ({"functions_available": ["teleport"]}, "functions_available"),
    ({}, "__all__"),
])
def test_bad_reports_are_refused_with_the_field_and_nothing_is_recorded(activated, krokom_user, krokom_org, data, field):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    before = LogEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        append(status_entry(activated, krokom_user, krokom_org, valsjobyn, **data))
    assert field in e.value.message_dict
    assert LogEntry.objects.count() == before


def test_a_report_for_a_point_outside_the_event_is_refused(activated, krokom_user, krokom_org):
    kall = Point.objects.get(ref="SOT-KALL")
    with pytest.raises(ValidationError) as e:
        append(status_entry(activated, krokom_user, krokom_org, kall, people_present=3))
    assert "point" in e.value.message_dict


def test_a_report_from_the_future_is_refused(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    with pytest.raises(ValidationError) as e:
        append(status_entry(activated, krokom_user, krokom_org, valsjobyn, timezone.now() + dt.timedelta(hours=2),
                            people_present=3))
    assert "occurred_at" in e.value.message_dict


def test_a_point_cannot_jump_from_standby_to_closed_by_way_of_open(activated, krokom_user, krokom_org):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    with pytest.raises(ValidationError) as e:
        append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="state",
                        occurred_at=timezone.now(), point=valsjobyn, data={"state": "full"}))
    assert "state" in e.value.message_dict


def test_a_point_that_never_reports_after_activation_goes_silent(activated, krokom_user, krokom_org):
    import datetime as dt

    from trygg.operations.picture import is_silent

    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    status = PointStatus.objects.get(event=activated, point=valsjobyn)
    assert status.last_contact_at is None  # the decision was not word from the point
    assert not is_silent(status, 120, timezone.now())
    assert is_silent(status, 120, timezone.now() + dt.timedelta(minutes=121))
    append(status_entry(activated, krokom_user, krokom_org, valsjobyn, people_present=3))
    status.refresh_from_db()
    assert not is_silent(status, 120, timezone.now() + dt.timedelta(minutes=119))
