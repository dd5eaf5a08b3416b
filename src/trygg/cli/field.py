"""`trygg field`: record entries in a point's offline package while the network is down.

Works on the package file alone (no database, no server): a laptop at the
point adds notes, status reports and state changes, each with its own UUID;
the file is merged back on the event page when the network returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from trygg.cli import UserError, main

_PACKAGE = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.group()
def field() -> None:
    """Offline field mode: add entries to a point's working package (JSON) without network."""


def _add(package_path: Path, **entry: Any) -> None:
    from trygg.formats import fieldpack

    try:
        package = fieldpack.load(package_path)
        added = fieldpack.add_entry(package, **entry)
        fieldpack.save(package, package_path)
    except fieldpack.PackageError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{package_path}: {added['kind']} {added['id']} at {added['occurred_at']} "
               f"({len(package['new_entries'])} entries waiting to be merged)")


@field.command("note")
@click.argument("package", type=_PACKAGE)
@click.argument("text")
def field_note(package: Path, text: str) -> None:
    """Add a note (TEXT) to PACKAGE."""
    _add(package, kind="note", text=text)


@field.command("state")
@click.argument("package", type=_PACKAGE)
@click.argument("state", type=click.Choice(["opening", "open", "full", "closing", "closed", "ready"]))
def field_state(package: Path, state: str) -> None:
    """Record that the point moved to STATE."""
    _add(package, kind="state", data={"state": state})


@field.command("status")
@click.argument("package", type=_PACKAGE)
@click.option("--people", type=click.IntRange(min=0), help="People present now.")
@click.option("--power", type=click.Choice(["mains", "backup", "none"]), help="Where the power comes from now.")
@click.option("--fuel-l", type=click.FloatRange(min=0), help="Fuel left, litres.")
@click.option("--temp-c", type=float, help="Indoor temperature, °C.")
@click.option("--water", type=click.Choice(["ok", "limited", "none"]), help="Drinking water.")
@click.option("--staff", type=click.IntRange(min=0), help="Staff on site.")
@click.option("--needs", help="What the point needs.")
@click.option("--problems", help="Problems.")
def field_status(package: Path, people: int | None, power: str | None, fuel_l: float | None, temp_c: float | None,
                 water: str | None, staff: int | None, needs: str | None, problems: str | None) -> None:
    """Record a status report (the server checks it again when the package is merged)."""
    data = {"people_present": people, "power_source": power, "fuel_l": fuel_l, "indoor_temp_c": temp_c,
            "water": water, "staff_on_site": staff, "needs": needs, "problems": problems}
    data = {k: v for k, v in data.items() if v is not None}
    if not data:
        raise UserError("Give at least one figure (e.g. --people 12).")
    _add(package, kind="status", data=data)


@field.command("show")
@click.argument("package", type=_PACKAGE)
def field_show(package: Path) -> None:
    """Show the package's point and the entries waiting to be merged."""
    from trygg.formats import fieldpack

    try:
        p = fieldpack.load(package)
    except fieldpack.PackageError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{p['event']['name']} – {p['point']['name']} (issued to {p.get('issued_to', '?')})")
    for contact in p.get("contacts", []):
        click.echo(f"  contact: {contact['name']}: {contact.get('phone') or '–'} {contact.get('rakel') or ''}")
    for entry in p["new_entries"]:
        click.echo(f"  waiting: {entry['occurred_at']} {entry['kind']} {entry.get('text') or entry.get('data')}")
