"""`trygg backup FILE` and `trygg restore FILE [--force]`: the whole database in one file (docs/backup.md)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, message, number
from trygg.cli.web import _database_label, setup_django


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{number(size / 1_000_000, '.1f')} MB" if size >= 1_000_000 else f"{number(size / 1000, '.0f')} kB"


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_cmd(file: Path) -> None:
    """Write every table of the database (DATABASE_URL) to FILE: gzip JSON lines, readable only by you."""
    setup_django()
    from trygg.web.backup import BackupError, backup

    started = time.perf_counter()
    try:
        summary = backup(file)
    except (BackupError, OSError) as exc:
        raise UserError(message(exc)) from None
    click.echo(_("Backed up {database}: {tables} tables, {rows} rows, {size} in {seconds} s to {file}.").format(
        database=_database_label(), tables=summary.tables, rows=summary.rows, size=_size(file),
        seconds=number(time.perf_counter() - started, ".2f"), file=file))


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace everything in a database that already has data.")
def restore_cmd(file: Path, force: bool) -> None:
    """Restore FILE (made by `trygg backup`) into the migrated database, all or nothing."""
    setup_django()
    from trygg.web.backup import BackupError, restore

    started = time.perf_counter()
    try:
        summary = restore(file, force=force)
    except (BackupError, OSError) as exc:
        raise UserError(_("Nothing was restored: {exc}").format(exc=message(exc))) from None
    click.echo(_("Restored {tables} tables, {rows} rows into {database} in {seconds} s. "
                 "Everyone must log in again.").format(
        tables=summary.tables, rows=summary.rows, database=_database_label(),
        seconds=number(time.perf_counter() - started, ".2f")))
