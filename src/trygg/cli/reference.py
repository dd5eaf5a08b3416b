"""`trygg load-reference`: every county and municipality of Sweden (SCB codes, names, boundaries)."""

from __future__ import annotations

import click

from trygg.cli import main
from trygg.cli.web import migrate, setup_django


@main.command("load-reference")
def load_reference_cmd() -> None:
    """Load all 21 counties and 290 municipalities of Sweden; existing ones keep their content (idempotent)."""
    setup_django()
    migrate()
    from trygg.registry.reference import load_reference

    click.echo(f"Reference data: {load_reference()}.")
