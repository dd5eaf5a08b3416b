"""``trygg import grid FILE``: store SCB's population grid for a municipality or the county, all or nothing."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import click

from trygg.cli import UserError
from trygg.cli.language import _, current, ngettext
from trygg.cli.web import import_group, setup_django


def _organisation(municipality: str | None) -> Any:
    from trygg.registry.choices import OrganisationKind
    from trygg.registry.models import Organisation

    if municipality:
        found = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=municipality).first()
        if found is None:
            raise UserError(_("Nothing was imported: no municipality with code {municipality!r}.").format(municipality=municipality))
        return found
    counties = list(Organisation.objects.filter(kind=OrganisationKind.COUNTY))
    if len(counties) != 1:
        raise UserError(_("Nothing was imported: name the municipality with -m CODE (the database has {n} counties).").format(n=len(counties)))
    return counties[0]


def _user(username: str | None) -> Any:
    from django.contrib.auth import get_user_model

    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(_("Nothing was imported: no user {username!r}.").format(username=username))
    return user


@import_group.command("grid")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, help="SCB's reference year, when the file does not say (referenstid).")
@click.option("--replace", is_flag=True, help="Replace the grid already stored for the organisation.")
@click.option("--municipality", "-m", help="Store for this municipality (4-digit SCB code); default: the county.")
@click.option("--user", "-u", "username", help="The user the import is attributed to (default: the system user).")
def import_grid_cmd(path: str, year: int | None, replace: bool, municipality: str | None,
                    username: str | None) -> None:
    """Import SCB's population grid (befolkning per rutnät; CSV or GeoPackage, 1 km or 250 m) from PATH.

    The coverage, site-selection and access pages then use it instead of the modelled population.
    """
    setup_django()
    from django.utils import translation

    from trygg.formats.errors import ImportRejected
    from trygg.formats.population_grid import read_population_grid
    from trygg.population.labels import demand_source_label
    from trygg.population.store import store_grid

    organisation = _organisation(municipality)
    user = _user(username)
    try:
        grid = read_population_grid(Path(path), year=year)
        for warning in grid.warnings:
            click.echo(_("warning: {message}").format(message=warning.in_language(current())), err=True)
        by_name = None if user else f"trygg import grid ({getpass.getuser()})"
        stored = store_grid(grid, organisation, user, replace=replace, by_name=by_name)
    except ImportRejected as exc:
        raise UserError(_("Nothing was imported. {n} problem(s):\n{problems}").format(
            n=len(exc.errors), problems=exc.describe(current()))) from None
    dataset = stored.dataset
    squares = dataset.square_count
    stored_text = (
        ngettext("{path}: {n} square with {people} residents stored for {name} (replacing {old}).",
                 "{path}: {n} squares with {people} residents stored for {name} (replacing {old}).", squares)
        if stored.replaced
        else ngettext("{path}: {n} square with {people} residents stored for {name}.",
                      "{path}: {n} squares with {people} residents stored for {name}.", squares)
    )
    click.echo(stored_text.format(path=path, n=squares, people=dataset.total_population, name=organisation.name,
                                  old=stored.replaced))
    if stored.left_out:
        click.echo(ngettext("{n} square lies outside {name} and was not stored.",
                            "{n} squares lie outside {name} and were not stored.", stored.left_out).format(
            n=stored.left_out, name=organisation.name))
    with translation.override(current()):  # the label in the language the command line speaks
        click.echo(_("Demand source: {label}").format(label=demand_source_label(dataset)))
