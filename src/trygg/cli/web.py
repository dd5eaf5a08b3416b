"""Commands that need the database: demo, serve, load-demo, import, export, check-sot, readiness."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, current, message, ngettext, tr

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def setup_django() -> None:
    """Configure Django once, creating the default SQLite folder if that is what is used."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.web.settings")
    import django
    from django.conf import settings

    django.setup()
    from django.utils import translation

    translation.activate(current())  # model choices and Django's messages in the CLI's language
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def run_server(host: str, port: int, workers: int, access_log: bool = True) -> None:
    """Serve with gunicorn (threads, so SQLite's single writer is shared sanely)."""
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from trygg.web.wsgi import application

    if host not in ("127.0.0.1", "localhost", "::1") and settings.SECRET_KEY.startswith("trygg-development"):
        raise UserError(_("Set SECRET_KEY (and ALLOWED_HOSTS) before serving on a public address."))

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            # Open push streams (trygg.operations.push) hold a thread each: add threads for them.
            self.cfg.set("threads", 4 + (settings.PUSH_MAX_STREAMS if settings.REDIS_URL else 0))
            if access_log:
                self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return application

    Server().run()


def _database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return str(db["NAME"]) if db["ENGINE"].endswith("sqlite3") else f"PostgreSQL {db.get('HOST') or 'localhost'}/{db['NAME']}"


@main.command("load-demo")
def load_demo_cmd() -> None:
    """Create or upgrade the database and load the Jämtland demo (idempotent)."""
    setup_django()
    migrate()
    from trygg.demo.load import load_demo

    summary = load_demo()
    click.echo(_("Demo loaded into {database}: {organisations} organisations, {sites} sites, {points} points, "
                 "{users} users.").format(database=_database_label(), organisations=summary.organisations,
                                          sites=summary.sites, points=summary.points, users=summary.users))


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Load the demo and stop (for scripts).")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Set up the database, load the Jämtland demo and serve it on 127.0.0.1:8000."""
    setup_django()
    migrate()
    from trygg.demo.content import DEMO_PASSWORD, ORGANISATIONS, USERS
    from trygg.demo.load import load_demo
    from trygg.registry.models import Organisation

    summary = load_demo()
    click.echo(_("Demo data: {points} points, {sites} sites in {database}.").format(
        points=summary.points, sites=summary.sites, database=_database_label()))
    click.echo("\n" + _("Open http://{host}:{port}/ and log in with password '{password}' as one of:").format(
        host=host, port=port, password=DEMO_PASSWORD))
    names = {o.scb_code: o.name for o in Organisation.objects.exclude(scb_code="")}
    names |= {spec.key: spec.name for spec in ORGANISATIONS}
    for u in USERS:
        click.echo(f"  {u.username:<12} {u.role:<15} {names.get(u.organisation, u.organisation)}")
    if not no_serve:
        run_server(host, port, workers=2)


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--migrate/--no-migrate", "do_migrate", default=True, show_default=True, help="Apply migrations first.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log every request to standard output (costs about 0.3 ms a request under a surge).")
def serve(host: str, port: int, workers: int, do_migrate: bool, access_log: bool) -> None:
    """Serve the web application (gunicorn)."""
    setup_django()
    if do_migrate:
        migrate()
    run_server(host, port, workers, access_log)


def _points_queryset(municipality: str | None) -> Any:
    from trygg.registry.models import Point
    from trygg.registry.planview import with_readiness_data

    points = with_readiness_data(Point.objects.order_by("municipality__scb_code", "priority_rank", "name"))
    if municipality:
        points = points.filter(municipality__scb_code=municipality)
        if not points.exists():
            raise UserError(_("No points in municipality {code!r} (give a 4-digit SCB code, e.g. 2309).")
                            .format(code=municipality))
    return points


@main.command("check-sot")
@click.argument("point", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--vicinity-m", type=click.FloatRange(min=0, min_open=True), default=None, help="Largest store–fuel distance counted as direct vicinity (m).")
def check_sot_cmd(point: str | None, as_json: bool, vicinity_m: float | None) -> None:
    """Check the SOT minimum level (R3) for one SOT-punkt (name or reference) or all of them."""
    setup_django()
    from django.db.models import Q

    from trygg.registry.planview import sot_result

    points = _points_queryset(None).filter(kind="sot_punkt")
    if point:
        points = points.filter(Q(ref__iexact=point) | Q(name__icontains=point))
        if not points:
            raise UserError(_("No SOT-punkt matches {point!r}.").format(point=point))
    checked = []
    for p in points:
        r = sot_result(p, vicinity_m)
        assert r is not None
        checked.append((p, r))
    if as_json:  # machine output: codes and the English texts, whatever the user's language
        click.echo(json.dumps([
            {"point": p.name, "ref": p.ref, "municipality": p.municipality.name,
             "meets_minimum_level": r.meets_minimum_level, "verdict": r.verdict.value,
             "criteria": [{"number": c.number, "code": c.code, "title": str(c.title),
                           "verdict": c.verdict.value, "reason": str(c.reason)} for c in r.criteria]}
            for p, r in checked], ensure_ascii=False, indent=2))
        return
    marks = {"met": _("MET"), "not_met": _("NOT MET"), "unknown": _("UNKNOWN")}
    width = max(len(m) for m in marks.values())
    for p, r in checked:
        click.echo(f"{p.name} ({p.municipality.name}): {marks[r.verdict.value]}")
        for c in r.criteria:
            click.echo(f"  {c.number}. {marks[c.verdict.value]:<{width}}  {tr(c.title)}: {tr(c.reason)}")
        click.echo("")


@main.command()
@click.option("--municipality", "-m", help="Only this municipality (4-digit SCB code).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--gaps/--no-gaps", default=True, show_default=True, help="List each point's gaps.")
def readiness(municipality: str | None, as_json: bool, gaps: bool) -> None:
    """Readiness score and gaps per point, rolled up per municipality and for the county."""
    setup_django()
    from itertools import groupby

    from trygg.registry.planview import scored
    from trygg.rules.readiness import roll_up

    points = scored(_points_queryset(municipality))
    by_mun = [(name, list(group)) for name, group in groupby(points, key=lambda s: s.point.municipality.name)]
    county = roll_up(s.readiness for s in points)
    if as_json:
        click.echo(json.dumps({
            "county": county.__dict__,
            "municipalities": [{"name": name, **roll_up(s.readiness for s in group).__dict__} for name, group in by_mun],
            "points": [{"id": s.point.pk, "ref": s.point.ref, "name": s.point.name,
                        "municipality": s.point.municipality.scb_code, "level": s.point.level,
                        "score": s.readiness.score,
                        "gaps": [{"code": g.code, "severity": g.severity.value, "requirement": g.requirement,
                                  "message": str(g.text)} for g in s.readiness.gaps]} for s in points],
        }, ensure_ascii=False, indent=2))
        return
    severities = {"critical": _("critical"), "major": _("major"), "minor": _("minor")}
    for name, group in by_mun:
        r = roll_up(s.readiness for s in group)
        click.echo(f"{name}: {_summary(r)}")
        for s in group:
            where = _("level {level}, {state}").format(level=s.point.level, state=s.point.get_state_display())
            click.echo(f"  {s.readiness.score:>3}  {s.point.name} ({where})")
            if gaps:
                for g in s.readiness.gaps:
                    click.echo(f"         - [{severities[g.severity.value]}] {tr(g.text)} ({g.requirement})")
    click.echo(_("County: {summary}").format(summary=_summary(county)))


def _summary(r: Any) -> str:
    points = ngettext("{n} point", "{n} points", r.points).format(n=r.points)
    gaps = ngettext("{n} critical gap", "{n} critical gaps", r.critical_gaps).format(n=r.critical_gaps)
    return _("{points}, mean score {score}, {gaps}").format(points=points, score=r.mean_score, gaps=gaps)


@main.group("import")
def import_group() -> None:
    """Import points or sites from CSV or GeoJSON: all or nothing."""


def _importing_user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(_("No active user {username!r}: give the username of the person importing (--user).").format(username=username))
    return user


def _import_scope(user: Any, municipality: str | None) -> Any:
    """The municipalities ``user`` may change, narrowed to ``municipality`` when given."""
    from trygg.registry.scope import editable_municipalities

    allowed = editable_municipalities(user)
    if municipality:
        allowed = allowed.filter(scb_code=municipality)
    return allowed


def _run_import(kind: str, path: str, municipality: str | None, dry_run: bool, replace: bool, username: str) -> None:
    setup_django()
    from trygg.formats.errors import ImportRejected
    from trygg.formats.points import read_points, read_sites
    from trygg.registry import transfer

    user = _importing_user(username)
    allowed = _import_scope(user, municipality)
    reader, importer = (read_points, transfer.import_points) if kind == "points" else (read_sites, transfer.import_sites)
    try:
        result = reader(Path(path))
        for warning in result.warnings:
            click.echo(_("warning: {warning}").format(warning=warning.in_language(current())), err=True)
        summary = importer(result, allowed, replace=replace, dry_run=dry_run, user=user)  # type: ignore[arg-type]
    except ImportRejected as exc:
        raise UserError(_("Nothing was imported. {n} problem(s):\n{problems}").format(
            n=len(exc.errors), problems=exc.describe(current()))) from None
    except (OSError, ValueError) as exc:
        raise UserError(_("Nothing was imported: {exc}").format(exc=message(exc))) from None
    if dry_run:
        for diff in summary.diffs:
            for line in diff.lines(kind.removesuffix("s")):
                click.echo(line)
    counts = _import_counts(kind, summary)
    if dry_run:
        click.echo(_("{path}: would give {counts} ({encoding}, separator {delimiter!r}); nothing was changed (--dry-run).")
                   .format(path=path, counts=counts, encoding=result.encoding, delimiter=result.delimiter))
    else:
        click.echo(_("{path}: {counts}.").format(path=path, counts=counts))


def _import_counts(kind: str, summary: Any) -> str:
    if kind == "sites":
        return _("{created} sites created, {updated} updated, {unchanged} unchanged").format(
            created=summary.created, updated=summary.updated, unchanged=summary.unchanged)
    return _("{created} points created, {updated} updated, {unchanged} unchanged, {sites} sites created").format(
        created=summary.created, updated=summary.updated, unchanged=summary.unchanged, sites=summary.sites_created)


_IMPORT_OPTIONS = (
    click.option("--user", "username", required=True, help="Who imports (their municipalities; recorded in the history)."),
    click.option("--municipality", "-m", help="Refuse rows for any other municipality (4-digit SCB code)."),
    click.option("--replace", is_flag=True,
                 help="An empty cell clears its field (default: an empty cell leaves the field as it is)."),
    click.option("--dry-run", is_flag=True, help="Check the file and print what would change, per point; change nothing."),
)


def _import_options(command: Any) -> Any:
    for option in reversed(_IMPORT_OPTIONS):
        command = option(command)
    return command


@import_group.command("points")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_import_options
def import_points_cmd(path: str, username: str, municipality: str | None, replace: bool, dry_run: bool) -> None:
    """Import points with their sites from PATH (CSV or GeoJSON).

    A column the file lacks leaves its field unchanged; an empty cell too,
    unless --replace. Limits and rules: docs/import-export.md.
    """
    _run_import("points", path, municipality, dry_run, replace, username)


@import_group.command("sites")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_import_options
def import_sites_cmd(path: str, username: str, municipality: str | None, replace: bool, dry_run: bool) -> None:
    """Import sites (premises) from PATH (CSV or GeoJSON), matched by name within the municipality."""
    _run_import("sites", path, municipality, dry_run, replace, username)


@main.group("export")
def export_group() -> None:
    """Export registry data."""


@export_group.command("points")
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv"]), default="geojson", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (default: standard output).")
@click.option("--municipality", "-m", help="Only this municipality (4-digit SCB code).")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True, help="CSV separator.")
def export_points_cmd(fmt: str, output: str | None, municipality: str | None, delimiter: str) -> None:
    """Export points as GeoJSON (RFC 7946) or CSV, in the import schema, so a file exported imports back."""
    setup_django()
    import io

    from trygg.formats.geojson import points_to_feature_collection, write_points_csv
    from trygg.registry.transfer import point_rows

    rows = point_rows(_points_queryset(municipality))
    if fmt == "geojson":
        text = json.dumps(points_to_feature_collection(rows), ensure_ascii=False, indent=1) + "\n"
    else:
        buffer = io.StringIO(newline="")
        write_points_csv(rows, buffer, delimiter=delimiter)
        text = buffer.getvalue()
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="")
        click.echo(ngettext("Wrote {n} point to {output}.", "Wrote {n} points to {output}.", len(rows))
                   .format(n=len(rows), output=output), err=True)
    else:
        sys.stdout.write(text)
