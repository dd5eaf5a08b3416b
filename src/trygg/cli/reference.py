"""`trygg load-reference`: every county and municipality of Sweden (SCB codes, names, boundaries)."""

from __future__ import annotations

import click

from trygg.cli import main
from trygg.cli.language import ngettext
from trygg.cli.web import migrate, setup_django


@main.command("load-reference")
def load_reference_cmd() -> None:
    """Load all 21 counties and 290 municipalities of Sweden; existing ones keep their content (idempotent)."""
    setup_django()
    migrate()
    from trygg.registry.reference import load_reference

    summary = load_reference()
    counties = ngettext("{n} county", "{n} counties", summary.counties_created).format(n=summary.counties_created)
    municipalities = ngettext("{n} municipality", "{n} municipalities", summary.municipalities_created).format(
        n=summary.municipalities_created)
    click.echo(ngettext("Reference data: {counties} and {municipalities} created, {n} existing one completed.",
                        "Reference data: {counties} and {municipalities} created, {n} existing ones completed.",
                        summary.completed).format(counties=counties, municipalities=municipalities,
                                                  n=summary.completed))
