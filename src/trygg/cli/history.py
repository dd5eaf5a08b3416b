"""``trygg history export``: the registry's change history as CSV or JSON, one row per changed field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, ngettext
from trygg.cli.web import setup_django


@main.group()
def history() -> None:
    """History of registry changes: who changed which field, when, old → new."""


@history.command("export")
@click.option("-m", "--municipality", "code", help="Only this municipality (SCB code).")
@click.option("--point", "ref", help="Only this point (its reference), its sites, plan and records.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only changes on or after this date (YYYY-MM-DD, Swedish time).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV (one row per changed field, for a spreadsheet) or JSON (for a program).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: standard output).")
def export_cmd(code: str | None, ref: str | None, since: dt.datetime | None, fmt: str, output: Path | None) -> None:
    """Export the change history (CSV cells that a spreadsheet would run as formulas are neutralised)."""
    setup_django()
    from django.conf import settings
    from django.utils import timezone, translation

    from trygg.registry.changes import changes_csv, changes_json, changes_of

    translation.activate(settings.LANGUAGE_CODE)
    sources = _sources(code, ref)
    start = timezone.make_aware(since, timezone.get_default_timezone()) if since else None
    changes = changes_of(sources, since=start)
    text = changes_csv(changes) if fmt == "csv" else changes_json(changes) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(ngettext("{n} change written to {output}.", "{n} changes written to {output}.", len(changes))
                   .format(n=len(changes), output=output), err=True)


def _sources(code: str | None, ref: str | None) -> list[tuple[type, dict[str, object]]]:
    from trygg.registry.changes import all_sources, municipality_sources, point_sources
    from trygg.registry.models import Municipality, Point

    municipality = None
    if code:
        municipality = Municipality.objects.filter(scb_code=code).first()
        if municipality is None:
            raise UserError(_("No municipality has the SCB code {code}.").format(code=code))
    if ref:
        points = Point.objects.filter(ref=ref)
        if municipality is not None:
            points = points.filter(municipality=municipality)
        found = list(points[:2])
        if not found:
            raise UserError((_("No point has the reference {ref} in {municipality}.") if municipality
                             else _("No point has the reference {ref}.")).format(ref=ref, municipality=municipality))
        if len(found) > 1:
            raise UserError(_("Several municipalities have a point {ref}: give the municipality with -m.").format(ref=ref))
        return point_sources(found[0])
    return municipality_sources(municipality) if municipality is not None else all_sources()
