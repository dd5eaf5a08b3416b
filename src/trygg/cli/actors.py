"""`trygg import actors FILE`: the actor directory from CSV, all or nothing (docs/actors.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from trygg.cli import UserError
from trygg.cli.language import _, current, message
from trygg.cli.web import import_group, setup_django

if TYPE_CHECKING:
    from trygg.registry.actors import ActorSummary


def _change_lines(summary: ActorSummary) -> list[str]:
    lines = []
    for change in summary.changes:
        if change.created:
            lines.append(_("{name}: new actor").format(name=change.name))
        elif not change.fields:
            lines.append(_("{name}: unchanged").format(name=change.name))
        for name, (old, new) in change.fields.items():
            lines.append(f"{change.name}: {name}: {old!r} → {new!r}")
    return lines


@import_group.command("actors")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True,
              help="Who imports the file: their role decides which actors they may keep; the history names them.")
@click.option("--replace", is_flag=True, help="An empty cell clears the field (by default it leaves it as it is).")
@click.option("--dry-run", is_flag=True, help="Print what would change, actor by actor, and change nothing.")
def import_actors_cmd(path: str, username: str, replace: bool, dry_run: bool) -> None:
    """Import the actor directory (police, rescue service, SOS Alarm, volunteers…) from a CSV file."""
    setup_django()
    from django.contrib.auth import get_user_model

    from trygg.formats.actors import read_actors
    from trygg.formats.errors import ImportRejected
    from trygg.registry.actors import import_actors, may_import_actors

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(_("No active user {username!r}: give the username of the person importing.").format(username=username))
    if not may_import_actors(user):
        raise UserError(_("{username} may not keep any actors: a coordinator or the county officer imports them.").format(username=username))
    try:
        table = read_actors(Path(path))
        for warning in table.warnings:
            click.echo(_("warning: {warning}").format(warning=warning.in_language(current())), err=True)
        summary = import_actors(table, user, replace=replace, dry_run=dry_run, source_name=path)
    except ImportRejected as exc:
        raise UserError(_("Nothing was imported. {n} problem(s):\n{problems}").format(
            n=len(exc.errors), problems=exc.describe(current()))) from None
    except (OSError, ValueError) as exc:
        raise UserError(_("Nothing was imported: {exc}").format(exc=message(exc))) from None
    if dry_run:
        for line in _change_lines(summary):
            click.echo(line)
    counts = {"path": path, "created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
    if dry_run:
        click.echo(_("{path}: {created} actors would be created, {updated} updated, {unchanged} unchanged "
                     "(--dry-run: nothing was changed).").format(**counts))
    else:
        click.echo(_("{path}: {created} actors were created, {updated} updated, {unchanged} unchanged.").format(**counts))
