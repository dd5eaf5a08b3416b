"""An offline package edited on another machine merges back exactly once, in any order."""

import datetime as dt
import json
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.formats import fieldpack
from trygg.operations import offline
from trygg.operations.log import rebuild
from trygg.operations.models import LogEntry, PointStatus
from trygg.registry.models import Point


@pytest.fixture
def valsjobyn():
    return Point.objects.get(ref="SOT-VALSJOBYN")


@pytest.fixture
def staff(db):
    return get_user_model().objects.get(username="valsjobyn")


def exported(activated, valsjobyn, staff, tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(offline.export_package(activated, valsjobyn, staff), default=str), encoding="utf-8")
    return path


def test_the_package_holds_plan_contacts_and_the_log_so_far(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    assert package["point"]["name"] == "SOT-punkt Valsjöbyn" and package["issued_to"] == "valsjobyn"
    assert package["plan"]["activation"]["who_decides"]
    assert any(c["name"] == "Krokoms kommun" for c in package["contacts"])
    assert any(e["kind"] == "state" and e["data"]["state"] == "standby" for e in package["log"])


def test_entries_recorded_offline_merge_exactly_once_whatever_the_order(activated, valsjobyn, staff, tmp_path):
    path = exported(activated, valsjobyn, staff, tmp_path)
    # On the laptop, with no network and no database: two copies edited on two machines.
    laptop_a, laptop_b = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(path, laptop_a)
    shutil.copy(path, laptop_b)
    t0 = timezone.now()  # after the activation decision
    a = fieldpack.load(laptop_a)
    fieldpack.add_entry(a, kind="state", data={"state": "opening"}, occurred_at=t0)
    fieldpack.add_entry(a, kind="status", data={"people_present": 12, "power_source": "backup"}, occurred_at=t0 + dt.timedelta(seconds=30))
    fieldpack.save(a, laptop_a)
    b = fieldpack.load(laptop_b)
    fieldpack.add_entry(b, kind="state", data={"state": "open"}, occurred_at=t0 + dt.timedelta(seconds=10))
    fieldpack.add_entry(b, kind="note", text="Generatorn startade på andra försöket", occurred_at=t0 + dt.timedelta(seconds=20))
    fieldpack.save(b, laptop_b)

    before = LogEntry.objects.count()
    first = offline.merge_package(fieldpack.load(laptop_b), activated, staff)  # the later file first
    second = offline.merge_package(fieldpack.load(laptop_a), activated, staff)
    again = offline.merge_package(fieldpack.load(laptop_a), activated, staff)  # and the same file twice
    assert (first.created, second.created, again.created, again.already_known) == (2, 2, 0, 2)
    assert LogEntry.objects.count() == before + 4
    status = PointStatus.objects.get(event=activated, point=valsjobyn)
    assert (status.state, status.people_present) == ("open", 12)
    assert rebuild(activated, valsjobyn).state == "open"
    assert LogEntry.objects.filter(event=activated, source="offline").count() == 4


def test_a_package_for_another_event_is_refused(activated, valsjobyn, staff, tmp_path, outage):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    package["event"]["id"] = activated.pk + 999
    with pytest.raises(ValidationError):
        offline.merge_package(package, activated, staff)


def test_a_damaged_entry_rejects_the_whole_file(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="ok")
    package["new_entries"].append({"id": "not-a-uuid", "kind": "note", "occurred_at": "2026-01-01T10:00:00+01:00"})
    with pytest.raises(fieldpack.PackageError, match=r"new_entries\[2\]: field 'id' is not a UUID"):
        offline.merge_package(package, activated, staff)


def test_a_bad_report_in_a_package_rolls_back_the_good_ones(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="ok")
    fieldpack.add_entry(package, kind="status", data={"fuel_l": -3})
    before = LogEntry.objects.count()
    with pytest.raises(ValidationError, match=r"new_entries\[2\]"):
        offline.merge_package(package, activated, staff)
    assert LogEntry.objects.count() == before


def test_the_field_commands_record_offline_and_the_file_merges_once(activated, valsjobyn, staff, tmp_path):
    from click.testing import CliRunner

    from trygg.cli import main

    path = exported(activated, valsjobyn, staff, tmp_path)
    runner = CliRunner()
    for args in (["state", str(path), "opening"], ["state", str(path), "open"],
                 ["status", str(path), "--people", "9", "--power", "backup", "--fuel-l", "150"],
                 ["note", str(path), "Radio via ordonnans till Föllinge kl 03"]):
        result = runner.invoke(main, ["field", *args])
        assert result.exit_code == 0, result.output
    assert "4 entries waiting" in result.output
    bad = runner.invoke(main, ["field", "status", str(path)])
    assert bad.exit_code == 2 and "at least one figure" in bad.output
    first = offline.merge_package(fieldpack.load(path), activated, staff)
    again = offline.merge_package(fieldpack.load(path), activated, staff)
    assert (first.created, again.created, again.already_known) == (4, 0, 4)
    status = PointStatus.objects.get(event=activated, point=valsjobyn)
    assert (status.state, status.people_present, status.fuel_l) == ("open", 9, 150)
