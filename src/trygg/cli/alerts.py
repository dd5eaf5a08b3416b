"""`trygg alerts run`: find silent points and send the alerts that are due (docs/alerts.md)."""

from __future__ import annotations

import time

import click

from trygg.cli import main
from trygg.cli.language import ngettext
from trygg.cli.web import setup_django


@main.group("alerts")
def alerts_group() -> None:
    """Alerts by e-mail and SMS: subscriptions are made on the web page "Mina larm"."""


@alerts_group.command("run")
@click.option("--every", type=click.IntRange(min=10), help="Keep running, every N seconds (at least 10).")
def run_cmd(every: int | None) -> None:
    """Look for silent points, then send every queued or due-for-retry alert."""
    setup_django()
    from trygg.alerts.send import send_pending
    from trygg.alerts.triggers import check_silent

    while True:
        silent = check_silent()
        summary = send_pending()
        click.echo(ngettext("{n} silent point; sent {sent}, will retry {retrying}, failed {failed}.",
                            "{n} silent points; sent {sent}, will retry {retrying}, failed {failed}.",
                            silent).format(n=silent, sent=summary.sent, retrying=summary.retrying,
                                           failed=summary.failed))
        if every is None:
            return
        time.sleep(every)
