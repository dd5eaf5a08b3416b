"""Backup and restore of the whole database: every table of every installed app, exactly.

A backup is gzip-compressed JSON lines, read and written one row at a time so memory stays
bounded whatever the size of the database:

    {"format": "trygg-backup", "version": 1, "migrations": [...], "tables": [...], ...}   header
    {"table": "registry_point", "model": "registry.Point", "columns": ["id", ...]}          a table
    [1, "SOT-KALL", ...]                                                                   its rows
    {"end": "registry_point", "rows": 27}                                                  its end
    ...
    {"end": "backup", "tables": 44, "rows": 1234}                                          the end

Tables are found generically (``apps.get_models`` with the auto-created many-to-many tables),
so a new app or model is included without a change here. Values are written in the
database-independent form of their field (datetimes in ISO 8601 to the microsecond, UUIDs,
decimals and dates as text), so a backup made on SQLite restores into PostgreSQL and back.

Restore writes the rows as they are, in one transaction: raw inserts that run no ``save()``
and send no ``post_save`` (so the append-only log is only ever inserted into, never updated,
and no alert goes out again for an entry restored), and flushes the tables first like
``django-admin flush`` (``--force``). The session table is left out of every backup: a
session is a bearer credential, and after a restore everyone logs in again.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import decimal
import gzip
import io
import json
import os
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from trygg.text import N_, TextError

FORMAT = "trygg-backup"
VERSION = 1
#: Left out of every backup (see the module docstring) and emptied by every restore.
EXCLUDED_TABLES = frozenset({"django_session"})
#: Tables that ``migrate`` fills by itself: a freshly migrated database still counts as empty.
FILLED_BY_MIGRATE = frozenset({"django_content_type", "auth_permission"})
#: Rows inserted per statement (SQLite further limits the number of parameters).
BATCH_ROWS = 500


class BackupError(TextError):
    """A backup cannot be made or restored; the message (a translatable text) says why (and where in the file).

    ``str()`` is the English; the command line shows it in its language (``describe``), as the
    message ids below are in the catalogue. File names, line numbers and table names are parameters.
    """


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int


# ---- which tables ---------------------------------------------------------------


def backup_models() -> list[type[models.Model]]:
    """Every model that owns a table, including auto-created many-to-many tables, in a stable order."""
    seen: set[str] = set()
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def _kept(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    return [m for m in models_ if m._meta.db_table not in EXCLUDED_TABLES]


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


# ---- values: each field's database-independent form -------------------------------


def _value_type(field: models.Field) -> str:
    """The internal type of what a column holds (a foreign key holds its target's key)."""
    while isinstance(field, models.ForeignObject) and field.target_field is not None:
        field = field.target_field
    return field.get_internal_type()


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
# JSON-native values (numbers, text, booleans and JSONField contents) pass through as they are.
_CODECS: dict[str, Codec] = {
    "DateTimeField": (dt.datetime.isoformat, dt.datetime.fromisoformat),
    "DateField": (dt.date.isoformat, dt.date.fromisoformat),
    "TimeField": (dt.time.isoformat, dt.time.fromisoformat),
    "DurationField": (lambda d: d // dt.timedelta(microseconds=1), lambda n: dt.timedelta(microseconds=n)),
    "DecimalField": (str, decimal.Decimal),
    "UUIDField": (str, uuid.UUID),
    "BinaryField": (lambda b: base64.b64encode(bytes(b)).decode("ascii"), base64.b64decode),
}


def _codecs(model: type[models.Model]) -> list[Codec | None]:
    """The (encode, decode) pair of each column; None: written as it is."""
    return [_CODECS.get(_value_type(f)) for f in model._meta.concrete_fields]


def _encode_row(row: tuple[Any, ...], codecs: list[Codec | None]) -> list[Any]:
    return [v if c is None or v is None else c[0](v) for v, c in zip(row, codecs, strict=True)]


def _decode_row(row: list[Any], codecs: list[Codec | None]) -> list[Any]:
    return [v if c is None or v is None else c[1](v) for v, c in zip(row, codecs, strict=True)]


# ---- migration state ------------------------------------------------------------


def migration_state() -> list[str]:
    """The applied migrations as ``app.name``, sorted; empty when the database was never migrated."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _first_names(names: list[str], limit: int = 5) -> str:
    """At most ``limit`` names, comma-separated, "…" when there are more; "–" for none."""
    if not names:
        return "–"
    return ", ".join(names[:limit]) + (" …" if len(names) > limit else "")


def _schema_difference(backup: list[str], here: list[str]) -> dict[str, str]:
    """The migrations applied on one side only, as the parameters of the message that names them."""
    return {"missing": _first_names(sorted(set(backup) - set(here))),
            "extra": _first_names(sorted(set(here) - set(backup)))}


# ---- writing --------------------------------------------------------------------


def _line(out: IO[str], obj: Any) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _write_table(out: IO[str], model: type[models.Model]) -> int:
    meta = model._meta
    columns = _columns(model)
    codecs = _codecs(model)
    _line(out, {"table": meta.db_table, "model": meta.label, "columns": columns})
    rows = 0
    for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
        _line(out, _encode_row(row, codecs))
        rows += 1
    _line(out, {"end": meta.db_table, "rows": rows})
    return rows


def _snapshot() -> None:
    """Read every table as of one moment (PostgreSQL); SQLite's transaction already is one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _header(tables: list[type[models.Model]], migrations: list[str]) -> dict[str, Any]:
    from trygg import __version__

    return {"format": FORMAT, "version": VERSION, "trygg": __version__, "vendor": connection.vendor,
            "created_at": dt.datetime.now(dt.UTC).isoformat(), "migrations": migrations,
            "tables": [{"table": m._meta.db_table, "model": m._meta.label} for m in tables],
            "excluded": sorted(EXCLUDED_TABLES)}


def write_backup(out: IO[str]) -> Summary:
    """Write the whole database to ``out`` (text), as one consistent snapshot."""
    connection.ensure_connection()
    with transaction.atomic():
        _snapshot()
        migrations = migration_state()
        if not migrations:
            raise BackupError(N_("This database has never been migrated: there is nothing to back up."))
        tables = _kept(backup_models())
        _line(out, _header(tables, migrations))
        rows = sum(_write_table(out, model) for model in tables)
        _line(out, {"end": "backup", "tables": len(tables), "rows": rows})
    return Summary(len(tables), rows)


def backup(path: Path) -> Summary:
    """Write a backup to ``path``; a failed backup never leaves a partial file there.

    The file holds password hashes and second-factor secrets, so only its owner may read it.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(N_("The folder {folder} does not exist: create it first.", folder=str(path.parent)))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        os.fchmod(fd, 0o600)
        with (os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="") as zipped,
              io.TextIOWrapper(zipped, encoding="utf-8", newline="\n") as text):
            summary = write_backup(text)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return summary


# ---- reading --------------------------------------------------------------------


class _Reader:
    """The file's lines as JSON values, with the line number for every message."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.number = 0

    def next(self) -> Any:
        try:
            line = next(self._lines)
        except StopIteration:
            raise BackupError(N_("The file ends after line {line}: it is truncated.", line=self.number)) from None
        self.number += 1
        try:
            return json.loads(line)
        except json.JSONDecodeError as exc:
            raise BackupError(N_("Line {line} is not valid JSON ({reason}): the file is damaged.",
                                  line=self.number, reason=exc.msg)) from None

    def expect_end(self) -> None:
        """Read to the end of the file, which also has gzip check the whole file's CRC."""
        try:
            next(self._lines)
        except StopIteration:
            return
        raise BackupError(N_("Line {line}: there is more after the end of the backup: the file is damaged.",
                              line=self.number + 1))

    def expect_object(self, key: str) -> dict[str, Any]:
        value = self.next()
        if not isinstance(value, dict) or key not in value:
            raise BackupError(N_("Line {line}: expected the {key!r} line of the backup format, found something else.",
                                  line=self.number, key=key))
        return value


def _check_header(header: Any) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(N_("This is not a trygg backup (made by `trygg backup`)."))
    if header.get("version") != VERSION:
        raise BackupError(N_("This backup has format version {version}; this trygg reads version {readable}.",
                              version=repr(header.get("version")), readable=VERSION))
    for key, kind in (("migrations", list), ("tables", list)):
        if not isinstance(header.get(key), kind):
            raise BackupError(N_("The backup's header has no valid {key!r}: the file is damaged.", key=key))
    return header


def _check_target(header: dict[str, Any], tables: list[type[models.Model]], force: bool) -> None:
    """Refuse, before anything is changed, a database this backup does not fit."""
    here = migration_state()
    if not here:
        raise BackupError(N_("This database is not migrated: run `django-admin migrate --settings=trygg.web.settings` "
                             "(the same version of trygg as the backup) and restore again."))
    if here != header["migrations"]:
        raise BackupError(N_("The backup was made with another schema than this database has (not applied here: "
                             "{missing}; applied here but not in the backup: {extra}). Restore with the version of "
                             "trygg that made the backup, migrated to the same state.",
                             **_schema_difference(header["migrations"], here)))
    wanted = [str(t.get("table")) for t in header["tables"] if isinstance(t, dict)]
    present = [m._meta.db_table for m in tables]
    if wanted != present:
        raise BackupError(N_("The backup's tables differ from this database's: missing here {missing}, "
                             "not in the backup {extra}.",
                             missing=_first_names(sorted(set(wanted) - set(present)), 20),
                             extra=_first_names(sorted(set(present) - set(wanted)), 20)))
    if not force:
        filled = [m._meta.db_table for m in tables
                  if m._meta.db_table not in FILLED_BY_MIGRATE and m._base_manager.exists()]
        if filled:
            raise BackupError(N_("This database is not empty ({tables} have rows). Restore into a new, migrated "
                                 "database, or give --force to replace everything in it.", tables=_first_names(filled)))


def _flush(all_tables: list[type[models.Model]]) -> None:
    """Empty every table (what ``django-admin flush`` does); foreign keys are checked at commit."""
    statements = connection.ops.sql_flush(no_style(), [m._meta.db_table for m in all_tables],
                                          reset_sequences=False, allow_cascade=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _insert(model: type[models.Model], rows: list[list[Any]]) -> None:
    """Insert rows exactly as given: ``raw`` skips ``pre_save`` (auto_now) and ``save()``, like loaddata."""
    fields = list(model._meta.concrete_fields)
    batch = max(1, min(BATCH_ROWS, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), batch):
        objs = [model(*values) for values in rows[start:start + batch]]
        # QuerySet._insert is Django's private raw insert (what loaddata uses); the stubs leave private API out.
        model._base_manager._insert(objs, fields=fields, raw=True, using=connection.alias)  # type: ignore[attr-defined]


def _restore_table(reader: _Reader, model: type[models.Model]) -> int:
    meta = model._meta
    start = reader.expect_object("table")
    if start.get("table") != meta.db_table or start.get("columns") != _columns(model):
        raise BackupError(N_("Line {line}: table {table} with columns {columns} does not match {here} here "
                             "({here_columns}).", line=reader.number, table=repr(start.get("table")),
                             columns=repr(start.get("columns")), here=meta.db_table,
                             here_columns=", ".join(_columns(model))))
    codecs = _codecs(model)
    pending: list[list[Any]] = []
    rows = 0
    while isinstance(value := reader.next(), list):
        try:
            pending.append(_decode_row(value, codecs))
        except (ValueError, TypeError, ArithmeticError, binascii.Error) as exc:
            raise BackupError(N_("Line {line} ({table}): a value cannot be read ({reason}).",
                                  line=reader.number, table=meta.db_table, reason=str(exc))) from None
        rows += 1
        if len(pending) >= BATCH_ROWS:
            _insert_at(reader, model, pending)
            pending = []
    _insert_at(reader, model, pending)
    if not isinstance(value, dict) or value.get("end") != meta.db_table or value.get("rows") != rows:
        raise BackupError(N_("Line {line}: table {table} ends wrongly (read {rows} rows): the file is damaged.",
                             line=reader.number, table=meta.db_table, rows=rows))
    return rows


def _insert_at(reader: _Reader, model: type[models.Model], rows: list[list[Any]]) -> None:
    if not rows:
        return
    try:
        _insert(model, rows)
    except (DatabaseError, ValueError, TypeError) as exc:
        raise BackupError(N_("Near line {line} ({table}): the database refused a row: {reason}.",
                             line=reader.number, table=model._meta.db_table,
                             reason=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                             )) from None


def _reset_sequences(tables: list[type[models.Model]]) -> None:
    """Let new rows get fresh ids after the restored ones (PostgreSQL; SQLite follows by itself)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)


def _check_constraints() -> None:
    """Foreign keys are checked now, to name the problem, instead of failing at commit."""
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            connection.check_constraints()
    except DatabaseError as exc:
        raise BackupError(N_("The backup's rows do not fit together (a reference to a missing row): {reason}",
                             reason=str(exc).strip().splitlines()[0])) from None


def read_backup(lines: Iterator[str], force: bool = False) -> Summary:
    """Replace the database's contents with the backup in ``lines``, all or nothing."""
    reader = _Reader(lines)
    header = _check_header(reader.next())
    every_table = backup_models()
    tables = _kept(every_table)
    _check_target(header, tables, force)
    with transaction.atomic():
        _flush(every_table)
        rows = sum(_restore_table(reader, model) for model in tables)
        end = reader.expect_object("end")
        if end != {"end": "backup", "tables": len(tables), "rows": rows}:
            raise BackupError(N_("Line {line}: the backup's last line does not match what was read: the file is damaged.",
                                 line=reader.number))
        reader.expect_end()
        _check_constraints()
        _reset_sequences(tables)
    ContentType.objects.clear_cache()
    from trygg.public.cache import forget_everything

    forget_everything()  # the restored rows were written without the signals that keep the public pages fresh
    return Summary(len(tables), rows)


def _text_lines(path: Path) -> Iterator[str]:
    """The decompressed lines; a damaged or truncated file becomes a BackupError."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as text:
            yield from text
    except gzip.BadGzipFile as exc:
        raise BackupError(N_("{path} is not a trygg backup, or it is damaged ({reason}).",
                             path=str(path), reason=str(exc))) from None
    except (EOFError, zlib.error):
        raise BackupError(N_("{path} is truncated or damaged: it ends in the middle of the compressed data.",
                             path=str(path))) from None
    except UnicodeDecodeError:
        raise BackupError(N_("{path} is damaged: it holds bytes that are not UTF-8 text.", path=str(path))) from None


def restore(path: Path, force: bool = False) -> Summary:
    """Restore the backup at ``path`` into this (migrated) database; nothing changes on any error."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(N_("{path} does not exist or is not a file.", path=str(path)))
    return read_backup(_text_lines(path), force=force)
