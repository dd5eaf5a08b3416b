"""`trygg jobs work`: run the long computations started on the web (trygg.jobs, docs/deploy.md)."""

from __future__ import annotations

import time

import click

from trygg.cli import main
from trygg.cli.language import ngettext
from trygg.cli.web import setup_django


@main.group("jobs")
def jobs_group() -> None:
    """Long computations started on the web (the fuel plan over a long outage): the worker."""


@jobs_group.command("work")
@click.option(
    "--every",
    type=click.FloatRange(min=0.5),
    default=2.0,
    show_default=True,
    help="Look for waiting jobs every N seconds.",
)
@click.option("--once", is_flag=True, help="Run the jobs waiting now, then stop.")
def work_cmd(every: float, once: bool) -> None:
    """Run waiting jobs, oldest first; a job whose worker stopped (no progress for 10 min) is failed."""
    setup_django()
    from django.db import close_old_connections

    from trygg.jobs.runner import fail_stale, work_once

    while True:
        stale = fail_stale()
        done = work_once()
        if stale or done or once:
            ran = ngettext("{n} job run", "{n} jobs run", done).format(n=done)
            failed = ngettext("{n} interrupted job failed", "{n} interrupted jobs failed", stale).format(n=stale)
            click.echo(f"{ran}; {failed}.", err=True)
        if once:
            return
        close_old_connections()  # a long-running worker: a connection the database dropped is replaced
        time.sleep(every)
