"""An offline package edited on another machine merges back exactly once, in any order; the server
signs what it issued, refuses what was changed, and writes every entry as the uploader (issue 11)."""

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from trygg.cli import main
from trygg.formats import fieldpack
from trygg.operations import offline
from trygg.operations.log import rebuild
from trygg.operations.models import LogEntry, PointStatus
from trygg.operations.prose import entry_sentence
from trygg.registry.models import Point


@pytest.fixture
def valsjobyn():
    return Point.objects.get(ref="SOT-VALSJOBYN")


@pytest.fixture
def staff(db):
    return get_user_model().objects.get(username="valsjobyn")


@pytest.fixture
def coordinator(db):
    return get_user_model().objects.get(username="krokom")


def exported(activated, valsjobyn, staff, tmp_path, name="package.json"):
    path = tmp_path / name
    path.write_text(json.dumps(offline.export_package(activated, valsjobyn, staff)), encoding="utf-8")
    return path


def web_client(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, event, content: bytes, name="package.json"):
    """POST the file as the browser's form does and follow to the event page (Swedish, the default)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("ops_import", kwargs={"pk": event.pk}),
                       {"package": SimpleUploadedFile(name, content, content_type="application/json")}, follow=True)


def page_messages(response) -> str:
    return " | ".join(str(m) for m in response.context["messages"])


def test_the_package_holds_plan_contacts_and_the_log_so_far(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    assert package["point"]["name"] == "SOT-punkt Valsjöbyn" and package["issued_to"] == "valsjobyn"
    assert package["plan"]["activation"]["who_decides"]
    assert any(c["name"] == "Krokoms kommun" for c in package["contacts"])
    assert any(e["kind"] == "state" and e["data"]["state"] == "standby" for e in package["log"])
    assert package["signature"]["algorithm"] == "HMAC-SHA256" and len(package["signature"]["value"]) == 64


def test_entries_recorded_offline_merge_exactly_once_whatever_the_order(activated, valsjobyn, staff, coordinator, tmp_path):
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
    # Back on the network the coordinator merges them (staff may report, not change a point's state).
    first = offline.merge_package(fieldpack.load(laptop_b), activated, coordinator)  # the later file first
    second = offline.merge_package(fieldpack.load(laptop_a), activated, coordinator)
    again = offline.merge_package(fieldpack.load(laptop_a), activated, coordinator)  # and the same file twice
    assert (first.created, second.created, again.created, again.already_known) == (2, 2, 0, 2)
    assert LogEntry.objects.count() == before + 4
    status = PointStatus.objects.get(event=activated, point=valsjobyn)
    assert (status.state, status.people_present) == ("open", 12)
    assert rebuild(activated, valsjobyn).state == "open"
    assert LogEntry.objects.filter(event=activated, source="offline").count() == 4


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


# ---- the author is the uploader; "noted by" is a note ----------------------------------------


def test_the_author_written_in_an_entry_is_ignored_and_the_uploader_is_the_author(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    entry = fieldpack.add_entry(package, kind="note", text="Dieselbilen kom", noted_by="Eva på skolan")
    entry["author"] = "krokom"  # a forged author: the coordinator, who did not write it
    offline.merge_package(package, activated, staff)
    stored = LogEntry.objects.get(pk=entry["id"])
    assert stored.author == staff and stored.noted_by == "Eva på skolan" and stored.package_issued_to == ""
    with translation.override("sv"):
        assert entry_sentence(stored) == "Dieselbilen kom Antecknad av Eva på skolan."
    with translation.override("en"):
        assert entry_sentence(stored) == "Dieselbilen kom Noted by Eva på skolan."


def test_a_package_issued_to_a_may_be_uploaded_by_b_of_the_same_point(activated, valsjobyn, staff, coordinator, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))  # issued to Vilhelm
    entry = fieldpack.add_entry(package, kind="status", data={"people_present": 7}, noted_by="Vilhelm")
    result = offline.merge_package(package, activated, coordinator)  # Karin uploads it
    stored = LogEntry.objects.get(pk=entry["id"])
    assert result.created == 1 and stored.author == coordinator and stored.package_issued_to == "valsjobyn"
    with translation.override("sv"):
        assert entry_sentence(stored) == ("Rapport: 7 personer på plats. Antecknad av Vilhelm. "
                                          "Från ett fältpaket utfärdat till valsjobyn.")
    # The same file from its holder afterwards changes nothing.
    assert offline.merge_package(package, activated, staff).already_known == 1
    assert LogEntry.objects.get(pk=entry["id"]).author == coordinator


def test_a_user_who_may_not_report_for_the_point_cannot_upload_its_package(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="x")
    kall = get_user_model().objects.get(username="kall")
    before = LogEntry.objects.count()
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="inte får rapportera för"):
        offline.merge_package(package, activated, kall)
    assert LogEntry.objects.count() == before


# ---- signature ----------------------------------------------------------------------------------


def tampered(package, change):
    change(package)
    return package


TAMPERING = {
    "point": lambda p: p["point"].update(id=Point.objects.get(ref="SOT-ROTVIKEN").pk),
    "issued_to": lambda p: p.update(issued_to="krokom"),
    "log entry text": lambda p: p["log"][0].update(text="Inget beslut fattades"),
    "plan": lambda p: p["plan"].update(activation={}),
    "added key": lambda p: p.update(note="extra"),
}


@pytest.mark.parametrize("what", sorted(TAMPERING))
def test_a_package_changed_after_signing_is_refused_and_nothing_is_stored(what, activated, valsjobyn, staff, coordinator, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="Skulle inte lagras")
    tampered(package, TAMPERING[what])
    before = LogEntry.objects.count()
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="signatur stämmer inte"):
        offline.merge_package(package, activated, coordinator)
    assert LogEntry.objects.count() == before


def test_a_package_for_another_event_is_refused_even_with_a_valid_signature(activated, valsjobyn, staff, coordinator, krokom_org, tmp_path):
    from trygg.operations import decisions

    other = decisions.create_event(name="Övning Föllinge", kind="power_outage", exercise=True, municipalities=[krokom_org],
                                   owner=krokom_org, created_by_id=coordinator.pk, starts_at=timezone.now() - dt.timedelta(hours=1))
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="x")
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="utfärdades för en annan händelse"):
        offline.merge_package(package, other, staff)
    package["event"]["id"] = other.pk  # and rewriting the event breaks the signature
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="signatur stämmer inte"):
        offline.merge_package(package, other, staff)


def test_an_unsigned_or_foreign_signed_package_is_refused(activated, valsjobyn, staff, tmp_path):
    package = fieldpack.load(exported(activated, valsjobyn, staff, tmp_path))
    fieldpack.add_entry(package, kind="note", text="x")
    del package["signature"]
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="inte signerat"):
        offline.merge_package(package, activated, staff)
    fieldpack.sign(package, b"another server's key")
    with translation.override("sv"), pytest.raises(offline.PackageRefused, match="signatur stämmer inte"):
        offline.merge_package(package, activated, staff)


def test_the_signature_is_bound_to_event_point_and_holder():
    base = {"format": fieldpack.FORMAT, "version": 1, "event": {"id": 1}, "point": {"id": 2}, "issued_to": "a",
            "new_entries": []}
    key = b"k" * 32
    signatures = {fieldpack.signature(p, key) for p in (
        base, {**base, "event": {"id": 3}}, {**base, "point": {"id": 3}}, {**base, "issued_to": "b"})}
    assert len(signatures) == 4
    signed = json.loads(json.dumps(base))
    fieldpack.sign(signed, key)
    fieldpack.add_entry(signed, kind="note", text="offline entries are not signed")
    assert fieldpack.signature_state(signed, key) == "valid"
    assert fieldpack.signature_state(signed, b"x" * 32) == "invalid"


# ---- bad shapes: a message, never a 500 -----------------------------------------------------------


def _bad_shapes(good: dict) -> dict[str, bytes]:
    def variant(**changes) -> bytes:
        return json.dumps({**good, **changes}).encode()

    return {
        "event a string": variant(event="Strömavbrott"),
        "event id a string": variant(event={"id": "7"}),
        "point null": variant(point=None),
        "new_entries null": variant(new_entries=None),
        "new_entries an object": variant(new_entries={"id": 1}),
        "entry text a number": variant(new_entries=[{"id": "6c1f0e38-5c8e-4d9e-9e7b-3b1b0e6f1a11", "kind": "note",
                                                     "occurred_at": "2026-12-07T01:00:00+01:00", "text": 5}]),
        "a NUL in a note": variant(new_entries=[{"id": "6c1f0e38-5c8e-4d9e-9e7b-3b1b0e6f1a11", "kind": "note",
                                                 "occurred_at": "2026-12-07T01:00:00+01:00", "text": "a\x00b"}]),
        "not JSON": b"{\"format\": ",
        "not UTF-8": b"\xff\xfe\x00",
        "a list": b"[1, 2, 3]",
        "deeply nested": b"[" * 100_000 + b"]" * 100_000,
        "huge": b" " * (fieldpack.MAX_BYTES + 1),
    }


def test_bad_packages_get_a_message_on_the_web_not_a_500(activated, valsjobyn, staff, tmp_path):
    good = json.loads(exported(activated, valsjobyn, staff, tmp_path).read_text(encoding="utf-8"))
    client = web_client(staff)
    before = LogEntry.objects.count()
    for what, content in _bad_shapes(good).items():
        response = upload(client, activated, content)
        assert response.status_code == 200, what
        shown = page_messages(response)
        assert shown.startswith("Inget importerades:"), (what, shown)
    assert LogEntry.objects.count() == before


def test_bad_packages_get_a_message_on_the_command_line(activated, valsjobyn, staff, tmp_path):
    good = json.loads(exported(activated, valsjobyn, staff, tmp_path).read_text(encoding="utf-8"))
    before = LogEntry.objects.count()
    for what, content in _bad_shapes(good).items():
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        result = CliRunner().invoke(main, ["field", "merge", str(path), "--event", str(activated.pk), "--user", "valsjobyn"])
        assert result.exit_code == 2 and "Nothing was imported" in result.output, (what, result.output)
        assert "Traceback" not in result.output
    assert LogEntry.objects.count() == before


# ---- the web and command-line paths -----------------------------------------------------------------


def test_the_web_download_and_upload_write_the_uploader_and_show_noted_by(activated, valsjobyn, staff, coordinator, tmp_path):
    client = web_client(staff)
    downloaded = client.get(reverse("ops_package", kwargs={"pk": activated.pk, "point_pk": valsjobyn.pk}))
    assert downloaded.status_code == 200
    package = fieldpack.parse(downloaded.content)
    entry = fieldpack.add_entry(package, kind="note", text="Vattnet räcker till i morgon", noted_by="Eva")
    entry["author"] = "krokom"
    content = json.dumps(package).encode()

    response = upload(web_client(coordinator), activated, content)  # Karin uploads Vilhelm's package
    assert "1 nya poster har lagts till, 0 fanns redan." in page_messages(response)
    stored = LogEntry.objects.get(pk=entry["id"])
    assert stored.author == coordinator and stored.noted_by == "Eva"
    page = response.content.decode()
    assert "Vattnet räcker till i morgon Antecknad av Eva. Från ett fältpaket utfärdat till valsjobyn." in page

    again = upload(client, activated, content)
    assert "0 nya poster har lagts till, 1 fanns redan." in page_messages(again)

    package["point"]["id"] = Point.objects.get(ref="SOT-ROTVIKEN").pk
    refused = upload(client, activated, json.dumps(package).encode())
    assert "signatur stämmer inte" in page_messages(refused)


def test_the_field_commands_record_offline_and_merge_as_the_user_the_command_runs_as(activated, valsjobyn, staff, coordinator, tmp_path):
    path = exported(activated, valsjobyn, staff, tmp_path)
    runner = CliRunner()
    for args in (["state", str(path), "opening"], ["state", str(path), "open", "--noted-by", "Vilhelm"],
                 ["status", str(path), "--people", "9", "--power", "backup", "--fuel-l", "150"],
                 ["note", str(path), "Radio via ordonnans till Föllinge kl 03", "--noted-by", "Eva"]):
        result = runner.invoke(main, ["field", *args])
        assert result.exit_code == 0, result.output
    assert "4 entries waiting" in result.output
    assert "(noted by Eva)" in runner.invoke(main, ["field", "show", str(path)]).output
    bad = runner.invoke(main, ["field", "status", str(path)])
    assert bad.exit_code == 2 and "at least one figure" in bad.output

    merge = ["field", "merge", str(path), "--event", str(activated.pk)]
    first = runner.invoke(main, [*merge, "--user", "krokom"])
    assert first.exit_code == 0 and "4 new entries merged as krokom, 0 already known" in first.output, first.output
    again = runner.invoke(main, [*merge, "--user", "krokom"])
    assert again.exit_code == 0 and "0 new entries merged as krokom, 4 already known" in again.output, again.output
    merged = LogEntry.objects.filter(event=activated, source="offline")
    assert {e.author.username for e in merged} == {"krokom"} and {e.package_issued_to for e in merged} == {"valsjobyn"}
    assert sorted(e.noted_by for e in merged) == ["", "", "Eva", "Vilhelm"]
    status = PointStatus.objects.get(event=activated, point=valsjobyn)
    assert (status.state, status.people_present, status.fuel_l) == ("open", 9, 150)

    nobody = runner.invoke(main, [*merge, "--user", "nobody"])
    assert nobody.exit_code == 2 and "No active user 'nobody'" in nobody.output
    kall = runner.invoke(main, [*merge, "--user", "kall"])
    assert kall.exit_code == 2 and ("Nothing was imported" in kall.output or "may not see it" in kall.output)
    package = fieldpack.load(path)
    package["issued_to"] = "krokom"
    fieldpack.save(package, path)
    forged = runner.invoke(main, [*merge, "--user", "krokom"])
    assert forged.exit_code == 2 and "signature does not match" in forged.output, forged.output
    swedish = runner.invoke(main, ["--lang", "sv", *merge, "--user", "krokom"])  # the whole message follows --lang
    assert swedish.exit_code == 2 and "Fel: Inget importerades: " in swedish.output, swedish.output
    assert "signatur stämmer inte" in swedish.output


def test_the_field_commands_speak_swedish_by_default(activated, valsjobyn, staff, tmp_path):
    path = exported(activated, valsjobyn, staff, tmp_path)
    runner = CliRunner(env={"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"})
    noted = runner.invoke(main, ["field", "note", str(path), "Vattnet räcker", "--noted-by", "Eva"])
    assert noted.exit_code == 0 and "anteckning" in noted.output and "(1 post väntar på att slås ihop)" in noted.output
    shown = runner.invoke(main, ["field", "show", str(path)]).output
    assert "(utfärdat till valsjobyn)" in shown and "väntar:" in shown and "(noterat av Eva)" in shown
    assert "waiting" not in shown and "issued to" not in shown
