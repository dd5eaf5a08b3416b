"""`trygg field`: record entries in a point's offline package while the network is down.

``note``, ``state``, ``status`` and ``show`` work on the package file alone (no database, no
server): a laptop at the point adds notes, status reports and state changes, each with its own
UUID and, with ``--noted-by``, the name of who noted it. The file is merged back on the event
page, or with ``trygg field merge --user NAME`` on the server, when the network returns; the
entries are then written by that user (docs/field.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, current, message, ngettext

_PACKAGE = click.Path(exists=True, dir_okay=False, path_type=Path)
_NOTED_BY = click.option("--noted-by", default="", help="Your name as you want it noted (a note, not the author).")


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
        raise UserError(message(exc)) from None
    waiting = len(package["new_entries"])
    click.echo(ngettext("{path}: {kind} {id} at {time} ({n} entry waiting to be merged)",
                        "{path}: {kind} {id} at {time} ({n} entries waiting to be merged)", waiting)
               .format(path=package_path, kind=_kind(added["kind"]), id=added["id"], time=added["occurred_at"], n=waiting))


def _kind(kind: str) -> str:
    """An entry kind as a word of the user's language (the package keeps the code)."""
    words = {"note": _("note"), "state": _("state change"), "status": _("status report")}
    return words.get(kind, kind)


@field.command("note")
@click.argument("package", type=_PACKAGE)
@click.argument("text")
@_NOTED_BY
def field_note(package: Path, text: str, noted_by: str) -> None:
    """Add a note (TEXT) to PACKAGE."""
    _add(package, kind="note", text=text, noted_by=noted_by)


@field.command("state")
@click.argument("package", type=_PACKAGE)
@click.argument("state", type=click.Choice(["opening", "open", "full", "closing", "closed", "ready"]))
@_NOTED_BY
def field_state(package: Path, state: str, noted_by: str) -> None:
    """Record that the point moved to STATE."""
    _add(package, kind="state", data={"state": state}, noted_by=noted_by)


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
@_NOTED_BY
def field_status(package: Path, people: int | None, power: str | None, fuel_l: float | None, temp_c: float | None,
                 water: str | None, staff: int | None, needs: str | None, problems: str | None, noted_by: str) -> None:
    """Record a status report (the server checks it again when the package is merged)."""
    data = {"people_present": people, "power_source": power, "fuel_l": fuel_l, "indoor_temp_c": temp_c,
            "water": water, "staff_on_site": staff, "needs": needs, "problems": problems}
    data = {k: v for k, v in data.items() if v is not None}
    if not data:
        raise UserError(_("Give at least one figure (e.g. --people 12)."))
    _add(package, kind="status", data=data, noted_by=noted_by)


@field.command("show")
@click.argument("package", type=_PACKAGE)
def field_show(package: Path) -> None:
    """Show the package's point and the entries waiting to be merged."""
    from trygg.formats import fieldpack

    try:
        p = fieldpack.load(package)
    except fieldpack.PackageError as exc:
        raise UserError(message(exc)) from None
    click.echo(_("{event} – {point} (issued to {user})").format(
        event=p["event"]["name"], point=p["point"]["name"], user=p.get("issued_to", "?")))
    for contact in p.get("contacts", []):
        click.echo("  " + _("contact: {name}: {phone} {rakel}").format(
            name=contact["name"], phone=contact.get("phone") or "–", rakel=contact.get("rakel") or "").rstrip())
    for entry in p["new_entries"]:
        noted = " " + _("(noted by {name})").format(name=entry["noted_by"]) if entry.get("noted_by") else ""
        click.echo("  " + _("waiting: {time} {kind} {what}").format(
            time=entry["occurred_at"], kind=_kind(entry["kind"]), what=entry.get("text") or entry.get("data")) + noted)


@field.command("merge")
@click.argument("package", type=_PACKAGE)
@click.option("--event", "event_id", type=int, required=True, help="The event to merge into (its number).")
@click.option("--user", "username", required=True, help="Who merges the package: the entries are written by this user.")
def field_merge(package: Path, event_id: int, username: str) -> None:
    """Merge PACKAGE's offline entries into EVENT's log on the server (all or nothing, once)."""
    from trygg.cli.web import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from trygg.formats import fieldpack
    from trygg.operations import access, offline

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(_("No active user {username!r}: give the username of the person merging the package.").format(username=username))
    event = access.visible_events(user).filter(pk=event_id).first()
    if event is None:
        raise UserError(_("Event {event_id} does not exist or {username!r} may not see it.").format(event_id=event_id, username=username))
    try:
        result = offline.merge_package(fieldpack.load(package), event, user)
    except fieldpack.PackageError as exc:
        raise UserError(_("Nothing was imported: {problem}").format(problem=exc.describe(current()))) from None
    except offline.PackageRefused as exc:
        raise UserError(_("Nothing was imported: {exc}").format(exc=message(exc))) from None
    except ValidationError as exc:
        raise UserError(_("Nothing was imported: {problem}").format(problem=exc.messages[0])) from None
    click.echo(_("{package}: {created} new entries merged as {username}, {known} already known.").format(
        package=package, created=result.created, username=username, known=result.already_known))
