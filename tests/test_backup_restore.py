"""`trygg backup` and `trygg restore` give back every table exactly, or change nothing.

Each database here is a real one of its own (an SQLite file, or a PostgreSQL database when the
suite runs on PostgreSQL), driven through the real `trygg` command in subprocesses. Tables are
compared as the database itself returns them (raw SQL, every column), so a value that lost its
microseconds, a time zone or a digit fails the comparison.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.serverutil import PYTHON, TRYGG, fresh_database_url

PREAMBLE = ("import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trygg.web.settings'); "
            "django.setup()\n")

# A real event in Krokom: an activation decision, a shared status report with fractional figures,
# an offline field package merged back, a second factor, a failed login and a session.
SOURCE_ACTIVITY = """
import datetime as dt
from pathlib import Path
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from trygg.formats import fieldpack
from trygg.operations import decisions, offline
from trygg.operations.log import NewEntry, append
from trygg.registry.models import Organisation, Point

users = get_user_model().objects
coordinator, staff = users.get(username="krokom"), users.get(username="valsjobyn")
krokom = Organisation.objects.get(scb_code="2309")
event = decisions.create_event(name="Strömavbrott Offerdal", kind="power_outage", exercise=False,
                               municipalities=[krokom], owner=krokom, created_by_id=coordinator.pk,
                               starts_at=timezone.now() - dt.timedelta(hours=1))
points = {p.ref: p for p in Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"])}
decisions.activate(event, coordinator.pk, krokom, list(points.values()), decisions.Decision(
    decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott i hela Offerdal",
    decided_at=timezone.now(), level=2))
partner = Organisation.objects.exclude(pk=krokom.pk).exclude(kind="municipality").first()
append(NewEntry(event=event, author_id=coordinator.pk, author_org=krokom, kind="status", occurred_at=timezone.now(),
                point=points["SOT-ROTVIKEN"], data={"people_present": 7, "fuel_l": 212.5, "indoor_temp_c": 18.4},
                visibility="selected", shared_with=(partner,)))
package = offline.export_package(event, points["SOT-VALSJOBYN"], staff)
t0 = timezone.now()
fieldpack.add_entry(package, kind="state", data={"state": "opening"}, occurred_at=t0)
fieldpack.add_entry(package, kind="status", data={"people_present": 12, "power_source": "backup", "fuel_l": 0.1},
                    occurred_at=t0 + dt.timedelta(seconds=1, microseconds=123457))
fieldpack.add_entry(package, kind="note", text="Generatorn startade på andra försöket",
                    occurred_at=t0 + dt.timedelta(seconds=2))
assert offline.merge_package(package, event, coordinator).created == 3  # staff may not record a state change
fieldpack.save(package, Path(sys.argv[1]))
TOTPDevice.objects.create(user=users.get(username="lan"), name="Telefon", confirmed=True)
AccessAttempt.objects.create(username="krokom", ip_address="192.0.2.7", user_agent="curl", http_accept="*/*",
                             path_info="/login/", get_data="", post_data="username=krokom", failures_since_start=2)
SessionStore().create()
"""

# Every table as the database returns it, as a set of rows (sorted by repr, so no order is assumed).
RAW_TABLES = """
import pickle
from django.db import connection
skip = {"django_migrations", "django_session"}
with connection.cursor() as cursor:
    tables = {}
    for table in connection.introspection.table_names():
        if table in skip:
            continue
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        tables[table] = sorted(cursor.fetchall(), key=repr)
    cursor.execute("SELECT COUNT(*) FROM django_session")
    tables["sessions"] = cursor.fetchone()[0]
with open(sys.argv[1], "wb") as out:
    pickle.dump(tables, out)
"""

# Every model's columns as Django reads them, ordered by key: comparable across SQLite and PostgreSQL.
MODEL_TABLES = """
import pickle
from django.apps import apps
tables = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or model._meta.db_table == "django_session":
        continue
    columns = [f.attname for f in model._meta.concrete_fields]
    tables[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list(*columns))
with open(sys.argv[1], "wb") as out:
    pickle.dump(tables, out)
"""

MERGE_AGAIN = """
from django.contrib.auth import get_user_model
from trygg.formats import fieldpack
from trygg.operations import offline
from trygg.operations.models import Event
package = fieldpack.load(sys.argv[1])
result = offline.merge_package(package, Event.objects.get(pk=package["event"]["id"]),
                               get_user_model().objects.get(username="krokom"))
print(result.created, result.already_known)
"""

NEW_ROWS = """
from django.utils import timezone
from django.contrib.auth import get_user_model
from trygg.operations import decisions
from trygg.operations.models import Event
from trygg.registry.models import Organisation
before = [Organisation.objects.order_by("pk").last().pk, Event.objects.order_by("pk").last().pk]
org = Organisation.objects.create(name="Nya kommunen", kind="municipality", scb_code="9999")
event = decisions.create_event(name="Storm", kind="storm", exercise=True, municipalities=[org], owner=org,
                               created_by_id=get_user_model().objects.get(username="krokom").pk, starts_at=timezone.now())
print(*before, org.pk, event.pk)
"""


def django(env: dict[str, str], code: str, *args: str) -> str:
    result = subprocess.run([PYTHON, "-c", PREAMBLE + code, *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def trygg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRYGG, *args], env=env, capture_output=True, text=True)


def database(tmp: Path, name: str, url: str | None = None) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url or fresh_database_url(tmp, name), "TRYGG_FAST_PASSWORDS": "1"}


def migrated(tmp: Path, name: str, url: str | None = None) -> dict[str, str]:
    env = database(tmp, name, url)
    django(env, "from django.core.management import call_command; call_command('migrate', verbosity=0)")
    return env


def dump(env: dict[str, str], tmp: Path, script: str = RAW_TABLES) -> dict[str, Any]:
    out = tmp / f"dump-{os.urandom(4).hex()}.pickle"
    django(env, script, str(out))
    with out.open("rb") as f:
        return pickle.load(f)  # noqa: S301 (our own file, written just now)


def refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Nothing was restored" in result.stderr
    assert words in result.stderr, result.stderr


@dataclass(frozen=True)
class Source:
    env: dict[str, str]
    backup: Path
    package: Path
    tables: dict[str, Any]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """The demo with an event, status reports and a merged field package, and its backup."""
    tmp = tmp_path_factory.mktemp("backup")
    env = database(tmp, "backup_source")
    assert trygg(env, "load-demo").returncode == 0
    package = tmp / "package.json"
    django(env, SOURCE_ACTIVITY, str(package))
    backup = tmp / "trygg.backup.gz"
    made = trygg(env, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    return Source(env, backup, package, dump(env, tmp))


def other_database_url(tmp: Path) -> str:
    """A database of the other kind than the suite's: PostgreSQL for an SQLite run and back."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return f"sqlite:///{tmp / 'cross.sqlite3'}"
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3) as c:
            name = f"trygg_backup_cross_{os.getpid()}"
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def test_the_backup_holds_every_table_of_the_database_but_sessions(source, tmp_path):
    with gzip.open(source.backup, "rt", encoding="utf-8") as f:
        header = json.loads(f.readline())
    in_backup = {t["table"] for t in header["tables"]}
    assert in_backup == set(source.tables) - {"sessions", "sqlite_sequence"}
    assert {"operations_logentry", "operations_logentry_shared_with", "auth_user", "accounts_membership",
            "otp_totp_totpdevice", "axes_accessattempt", "django_content_type"} <= in_backup
    assert "registry.0001_initial" in header["migrations"] and header["version"] == 1
    assert source.backup.stat().st_mode & 0o077 == 0  # password hashes and TOTP secrets: the owner's only


def test_a_backup_into_a_missing_folder_fails_with_a_message_and_leaves_no_file(source, tmp_path):
    result = trygg(source.env, "backup", str(tmp_path / "no-such-folder" / "x.gz"))
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "no-such-folder").exists() and list(source.backup.parent.glob("*.part")) == []


def test_a_restore_into_a_fresh_database_equals_the_original_in_every_table_and_column(source, tmp_path):
    target = migrated(tmp_path, "backup_fresh")
    done = trygg(target, "restore", str(source.backup))
    assert done.returncode == 0, done.stderr
    restored = dump(target, tmp_path)
    assert restored.pop("sessions") == 0 and source.tables["sessions"] == 1  # sessions are left out
    original = {k: v for k, v in source.tables.items() if k != "sessions"}
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert len(original["operations_logentry"]) >= 6 and original["operations_logentry_shared_with"]


def test_the_times_compared_carry_microseconds(source, tmp_path):
    """The equality above is only worth something if the times it compares are finer than milliseconds."""
    entries = dump(source.env, tmp_path, MODEL_TABLES)["operations_logentry"]
    times = [value for row in entries for value in row if hasattr(value, "microsecond")]
    assert len(times) >= 12 and any(t.microsecond % 1000 for t in times)


def test_merging_the_already_merged_field_package_after_a_restore_changes_nothing(source, tmp_path):
    target = migrated(tmp_path, "backup_merge")
    assert trygg(target, "restore", str(source.backup)).returncode == 0
    before = dump(target, tmp_path)
    assert django(target, MERGE_AGAIN, str(source.package)).split() == ["0", "3"]
    assert dump(target, tmp_path) == before


def test_new_rows_after_a_restore_get_fresh_ids(source, tmp_path):
    target = migrated(tmp_path, "backup_ids")
    assert trygg(target, "restore", str(source.backup)).returncode == 0
    last_org, last_event, new_org, new_event = map(int, django(target, NEW_ROWS).split())
    assert new_org > last_org and new_event > last_event


def test_a_truncated_backup_is_refused_and_the_target_is_unchanged(source, tmp_path):
    target = migrated(tmp_path, "backup_truncated")
    assert trygg(target, "load-demo").returncode == 0
    before = dump(target, tmp_path)
    data = source.backup.read_bytes()
    for cut in (len(data) // 2, len(data) - 9):
        truncated = tmp_path / f"cut-{cut}.gz"
        truncated.write_bytes(data[:cut])
        refused(trygg(target, "restore", "--force", str(truncated)), "truncated")
    assert dump(target, tmp_path) == before


def _gzip(tmp: Path, name: str, lines: list[Any]) -> Path:
    path = tmp / name
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(line) + "\n" for line in lines)
    return path


def test_a_file_that_is_not_a_whole_trygg_backup_is_refused_with_a_clear_message(source, tmp_path):
    target = migrated(tmp_path, "backup_foreign")
    before = dump(target, tmp_path)
    plain = tmp_path / "points.csv"
    plain.write_text("ref,name\nA,B\n", encoding="utf-8")
    # A flipped bit in the gzip trailer's CRC is always found, at the end: "damaged". One in the middle of the
    # compressed data may still decompress into readable lines with wrong values, so only "nothing restored"
    # is certain for it (which line it trips on depends on the data).
    flipped = bytearray(source.backup.read_bytes())
    flipped[-8] ^= 0xFF
    damaged = tmp_path / "damaged.gz"
    damaged.write_bytes(bytes(flipped))
    scrambled = bytearray(source.backup.read_bytes())
    scrambled[len(scrambled) // 2] ^= 0xFF
    garbled = tmp_path / "garbled.gz"
    garbled.write_bytes(bytes(scrambled))
    with gzip.open(source.backup, "rt", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    users = next(i for i, line in enumerate(lines) if isinstance(line, dict) and line.get("table") == "auth_user")
    bad_time = [*lines[:users + 1], [*lines[users + 1][:-1], "yesterday"], *lines[users + 2:]]
    end = next(i for i, line in enumerate(lines) if isinstance(line, dict) and line.get("end") == "auth_user")
    twice = [*lines[:users + 2], lines[users + 1], *lines[users + 2:end], {**lines[end], "rows": lines[end]["rows"] + 1},
             *lines[end + 1:]]
    members = next(i for i, line in enumerate(lines) if isinstance(line, dict) and line.get("table") == "accounts_membership")
    user_column = lines[members]["columns"].index("user_id")
    member = list(lines[members + 1])
    member[user_column] = 999_999  # no such user
    dangling = [*lines[:members + 1], member, *lines[members + 2:]]
    cases = {
        plain: "not a trygg backup",
        damaged: "damaged",
        garbled: "Nothing was restored",
        _gzip(tmp_path, "other.gz", [{"hello": "world"}]): "not a trygg backup",
        _gzip(tmp_path, "future.gz", [{**lines[0], "version": 99}]): "format version 99",
        _gzip(tmp_path, "no-end.gz", lines[:-1]): "truncated",
        _gzip(tmp_path, "wrong-count.gz", [*lines[:-1], {**lines[-1], "rows": 1}]): "does not match",
        _gzip(tmp_path, "bad-time.gz", bad_time): f"Line {users + 2} (auth_user)",
        _gzip(tmp_path, "same-user-twice.gz", twice): "the database refused a row",
        _gzip(tmp_path, "dangling.gz", dangling): "a reference to a missing row",
        _gzip(tmp_path, "trailing.gz", [*lines, {"hello": "world"}]): "after the end",
        tmp_path / "missing.gz": "does not exist",
    }
    for path, words in cases.items():
        refused(trygg(target, "restore", str(path)), words)
    assert dump(target, tmp_path) == before


def test_a_non_empty_database_is_refused_without_force_and_replaced_with_it(source, tmp_path):
    target = migrated(tmp_path, "backup_nonempty")
    assert trygg(target, "load-demo").returncode == 0
    django(target, "from django.contrib.sessions.backends.db import SessionStore; SessionStore().create()")
    before = dump(target, tmp_path)
    refused(trygg(target, "restore", str(source.backup)), "not empty")
    assert dump(target, tmp_path) == before
    done = trygg(target, "restore", "--force", str(source.backup))
    assert done.returncode == 0, done.stderr
    restored = dump(target, tmp_path)
    assert restored.pop("sessions") == 0  # everyone logs in again
    assert restored == {k: v for k, v in source.tables.items() if k != "sessions"}


def test_a_database_at_another_migration_state_is_refused(source, tmp_path):
    target = migrated(tmp_path, "backup_schema")
    django(target, "from django.db import connection\nwith connection.cursor() as c:\n"
                   "    c.execute(\"INSERT INTO django_migrations (app, name, applied) VALUES ('registry', '9999_future', '2026-01-01')\")")
    before = dump(target, tmp_path)
    refused(trygg(target, "restore", str(source.backup)), "registry.9999_future")
    assert dump(target, tmp_path) == before


def test_an_unmigrated_database_is_refused(source, tmp_path):
    target = database(tmp_path, "backup_unmigrated")
    refused(trygg(target, "restore", str(source.backup)), "not migrated")


def test_a_backup_restores_into_the_other_kind_of_database(source, tmp_path):
    target = migrated(tmp_path, "backup_cross", other_database_url(tmp_path))
    done = trygg(target, "restore", str(source.backup))
    assert done.returncode == 0, done.stderr
    assert dump(target, tmp_path, MODEL_TABLES) == dump(source.env, tmp_path, MODEL_TABLES)
    assert django(target, MERGE_AGAIN, str(source.package)).split() == ["0", "3"]
    # And back again: the copy's backup restores into the suite's kind of database, still equal
    # (as values: PostgreSQL's jsonb keeps no key order, so the raw JSON text may be reordered).
    again = tmp_path / "again.gz"
    assert trygg(target, "backup", str(again)).returncode == 0
    home = migrated(tmp_path, "backup_cross_home")
    assert trygg(home, "restore", str(again)).returncode == 0
    assert dump(home, tmp_path, MODEL_TABLES) == dump(source.env, tmp_path, MODEL_TABLES)


def _swedish(env: dict[str, str]) -> dict[str, str]:
    """``env`` without a language: the command line's default, Swedish."""
    return {**{k: v for k, v in env.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}, "LANG": "C.UTF-8"}


def test_backup_and_restore_speak_swedish_by_default(source, tmp_path):
    made = trygg(_swedish(source.env), "backup", str(tmp_path / "sv.backup.gz"))
    assert made.returncode == 0, made.stderr
    assert re.search(r"Säkerhetskopierade .+: \d+ tabeller, \d+ rader, \d+(,\d)? [kM]B på \d+,\d\d s till .+sv\.backup\.gz\.",
                     made.stdout), made.stdout
    target = migrated(tmp_path, "backup_swedish")
    done = trygg(_swedish(target), "restore", str(source.backup))
    assert done.returncode == 0, done.stderr
    assert re.search(r"Återställde \d+ tabeller, \d+ rader till .+ på \d+,\d\d s\. Alla måste logga in igen\.", done.stdout)
    missing = tmp_path / "missing.gz"
    refused = trygg(_swedish(target), "restore", str(missing))
    assert refused.returncode == 2
    assert f"Fel: Inget återställdes: {missing} finns inte eller är ingen fil." in refused.stderr, refused.stderr
    again = trygg(_swedish(target), "restore", str(source.backup))
    assert "Databasen är inte tom (" in again.stderr and "ange --force för att ersätta allt i den." in again.stderr
    assert "This database is not empty" in trygg(target, "restore", str(source.backup)).stderr  # LANGUAGE=en
