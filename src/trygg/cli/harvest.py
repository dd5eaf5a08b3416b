"""`trygg harvest import|poll`: other instances' published GeoJSON feeds (docs/dataset.md)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, current, message
from trygg.cli.web import setup_django


@main.group("harvest")
def harvest_group() -> None:
    """Other trygg instances' published points: import a feed file, or poll HARVEST_URLS."""


@harvest_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--source", "source", required=True, help="The source's name; its previous copy is replaced.")
@click.option("--user", "username", help="Who imports the file (recorded on the source).")
def import_cmd(path: str, source: str, username: str | None) -> None:
    """Validate a points.geojson file against trygg-points/1.x and store it as SOURCE's points (all or nothing)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from trygg.harvest.store import harvest_bytes
    from trygg.harvest.validate import FeedError

    user_id = None
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise UserError(_("No active user {username!r}.").format(username=username))
        user_id = user.pk
    try:
        body = Path(path).read_bytes()
    except OSError as err:
        raise UserError(_("{path}: cannot be read ({strerror}). Nothing was stored.").format(path=path, strerror=err.strerror)) from None
    try:
        summary = harvest_bytes(source, body, str(Path(path).resolve()), user_id=user_id)
    except FeedError as err:
        raise UserError(_("{path}: {err}. Nothing was stored.").format(path=path, err=message(err))) from None
    click.echo(_("{path}: {summary}.").format(path=path, summary=summary.describe(current())))


@harvest_group.command("poll")
@click.option("--every", type=click.IntRange(min=30), help="Keep polling, every N seconds (at least 30).")
def poll_cmd(every: int | None) -> None:
    """Fetch every HARVEST_URLS feed once (or --every N seconds); nothing when unset."""
    setup_django()
    from trygg.harvest.poll import configured_urls, poll_once

    if not configured_urls():
        click.echo(_("No feed is configured (HARVEST_URLS): nothing was fetched."))
        return
    while True:
        failed = False
        for result in poll_once():
            if result.failure is not None:
                failed = True
                click.echo(_("{path}: {err}. Nothing was stored.").format(path=result.url, err=message(result.failure)),
                           err=True)
            elif result.summary is not None:
                click.echo(_("{path}: {summary}.").format(path=result.url, summary=result.summary.describe(current())))
        if every is None:
            if failed:
                raise SystemExit(1)
            return
        time.sleep(every)
