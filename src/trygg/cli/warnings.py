"""`trygg warnings import|poll|list`: SMHI and CAP 1.2 warnings as triggers (docs/warnings.md)."""

from __future__ import annotations

import time

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, message, tr
from trygg.cli.web import setup_django


@main.group("warnings")
def warnings_group() -> None:
    """Warnings from SMHI and CAP 1.2 sources: import a file, poll the configured feeds, list those in force."""


@warnings_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--user", "username", required=True, help="Who imports the file (recorded with each warning).")
def import_cmd(path: str, username: str) -> None:
    """Read an SMHI warnings JSON file or a CAP 1.2 XML file and store its warnings (all or nothing)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from trygg.formats.warnings import WarningInputError, read_warning_file
    from trygg.warnings.store import store_warnings

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(_("No active user {username!r}: give the username of the person importing.").format(username=username))
    try:
        records = read_warning_file(path)
    except WarningInputError as err:
        raise UserError(_("Nothing was imported. {err}").format(err=message(err))) from None
    summary = store_warnings(records, received_from=path, user=user)
    click.echo(_("{path}: {summary}.").format(path=path, summary=tr(summary.text())))


@warnings_group.command("poll")
@click.option("--every", type=click.IntRange(min=30), help="Keep polling, every N seconds (at least 30).")
def poll_cmd(every: int | None) -> None:
    """Fetch WARNINGS_SMHI_URL and WARNINGS_CAP_URLS once (or --every N seconds); nothing when unset."""
    setup_django()
    from trygg.warnings.poll import configured_feeds, poll_once

    if not configured_feeds():
        click.echo(_("No warning feed is configured (WARNINGS_SMHI_URL, WARNINGS_CAP_URLS): nothing was fetched."))
        return
    while True:
        failed = False
        for result in poll_once():
            if result.failure is not None:
                failed = True
                click.echo(message(result.failure), err=True)
            elif result.summary is not None:
                click.echo(_("{path}: {summary}.").format(path=result.url, summary=tr(result.summary.text())))
        if every is None:
            if failed:
                raise SystemExit(1)
            return
        time.sleep(every)


@warnings_group.command("list")
@click.option("--municipality", "-m", help="Only warnings touching this municipality (4-digit SCB code).")
def list_cmd(municipality: str | None) -> None:
    """The warnings in force, worst first, with the municipalities they touch."""
    setup_django()
    from django.utils import timezone

    from trygg.warnings.models import ExternalWarning

    warnings = ExternalWarning.objects.in_force().prefetch_related("municipalities")
    if municipality:
        warnings = warnings.filter(municipalities__scb_code=municipality)
    rows = sorted(warnings, key=lambda w: -w.severity_rank)
    if not rows:
        click.echo(_("No warning in force."))
    for w in rows:
        names = ", ".join(m.name for m in w.municipalities.all()) or _("no municipality in the registry")
        line = (_("{level}: {headline} ({area}) until {until} – {municipalities}") if w.ends_at
                else _("{level}: {headline} ({area}) until further notice – {municipalities}"))
        click.echo(line.format(
            level=w.get_level_display(), headline=w.headline or w.event, area=w.area_name,
            until=timezone.localtime(w.ends_at).strftime("%Y-%m-%d %H:%M") if w.ends_at else "",
            municipalities=names))
