"""``trygg scenario run`` and ``trygg power check --file``: a thin shell over
:mod:`trygg.analysis.power`.

Library input errors become one message and exit code 2; nothing runs half
way (files are read and validated before anything is computed or written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trygg.cli import UserError, power, scenario
from trygg.cli.language import _, current, message

if TYPE_CHECKING:
    from trygg.analysis.power import PowerCheck, Scenario


def phase_text(phase: str, step: int = 0) -> str:
    """A phase of trygg.analysis.power.run.PHASES on the progress bar, in the active language
    (the same texts as the web's job page)."""
    text = {"simulate": _("simulating hour by hour"), "optimize": _("optimising the allocation"),
            "keep_open": _("searching what keeps everyone open"), "done": _("done")}.get(phase, phase)
    return _("{phase} (simulation {n})").format(phase=text, n=step) if step else text

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_DIR = click.Path(file_okay=False, path_type=Path)


@scenario.command("run")
@click.argument("file", type=_FILE, required=False)
@click.option("--from-db", is_flag=True,
              help="Run the registry's case instead of a FILE: the points, generators, tanks, load budgets, "
              "fuel stations and priority order of municipality -m, with the fuel plan's stated assumptions.")
@click.option("-m", "--municipality", "code", help="With --from-db: the SCB municipality code, e.g. 2321.")
@click.option("--duration-h", type=int, help="With --from-db: outage length in hours (default 72).")
@click.option("--delivery-interval-h", type=int,
              help="With --from-db: a supplier delivery to the depot every N hours, 0 for none (default 24).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option(
    "--charts",
    "charts_dir",
    type=_DIR,
    help="Write PNG charts (fuel level per point, power source timeline) into this directory.",
)
@click.option(
    "--optimize",
    is_flag=True,
    help="Allocate fuel with an LP (HiGHS) that maximises priority-weighted service hours, "
    "instead of strictly by priority order.",
)
@click.option(
    "--no-keep-open",
    is_flag=True,
    help="Skip computing the extra fuel and trucks that would keep every point open.",
)
def scenario_run(
    file: Path | None, from_db: bool, code: str | None, duration_h: int | None,
    delivery_interval_h: int | None, as_json: bool, charts_dir: Path | None, optimize: bool,
    no_keep_open: bool,
) -> None:
    """Simulate an outage scenario FILE (YAML or JSON), or with --from-db -m CODE the
    registry's case, hour by hour and allocate its fuel.

    Reports who loses power and when, fuel burned, delivered and left, and
    what extra fuel or trucks would keep every point open. The YAML format
    stays for what-ifs; --from-db runs what the registry holds.
    """
    from tqdm import tqdm

    from trygg.analysis.power import PowerInputError, ScenarioRun
    from trygg.formats.power_scenario import read_scenario

    if from_db == (file is not None):
        raise UserError(_("Give a scenario FILE, or --from-db -m CODE (not both)."))
    assumptions_lines: list[str] = []
    if from_db:
        plan, assumptions_lines = _registry_scenario(code, duration_h, delivery_interval_h)
        file = Path(f"registry:{code}")
    else:
        if code or duration_h is not None or delivery_interval_h is not None:
            raise UserError(_("-m, --duration-h and --delivery-interval-h go with --from-db."))
        if file is None:  # checked above; says so to the type checker too
            raise UserError(_("Give a scenario FILE, or --from-db -m CODE (not both)."))
        try:
            plan = read_scenario(file)
        except PowerInputError as err:
            raise UserError(message(err)) from None
    # Progress on standard error (stdout stays the result, --json clean): the simulation's own
    # reports (trygg.analysis.power.run.Progress) to 90 % when charts follow, else to 100 %.
    bar = tqdm(total=100, desc=phase_text("simulate"), unit="%", disable=None, leave=False,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")
    share = 90 if charts_dir else 100

    def progress(fraction: float, phase: str, step: int) -> None:
        bar.set_description_str(phase_text(phase, step), refresh=False)
        bar.update(max(round(share * fraction) - bar.n, 0))

    try:
        run = ScenarioRun(plan, optimize=optimize, keep_open=not no_keep_open, progress=progress).solve()
        written = []
        if charts_dir:
            from trygg.analysis.power.charts import write_charts

            bar.set_description_str(_("drawing the charts"))
            written = write_charts(run, charts_dir)
            bar.update(100 - bar.n)
    except PowerInputError as err:
        raise UserError(f"{file}: {message(err)}") from None
    finally:
        bar.close()
    if as_json:
        payload = run.to_dict()
        payload["charts"] = [str(p) for p in written]
        if from_db:
            payload["assumptions"] = assumptions_lines
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from trygg.analysis.power.report import scenario_text
    from trygg.text import catalogue

    click.echo(scenario_text(run, catalogue(current())))
    if assumptions_lines:
        click.echo("\n" + _("Assumptions (the registry does not hold these):"))
        click.echo("\n".join(f"  {line}" for line in assumptions_lines))
    for path in written:
        click.echo(_("wrote {path}").format(path=path))


def _registry_scenario(code: str | None, duration_h: int | None,
                       delivery_interval_h: int | None) -> tuple[Scenario, list[str]]:
    """The registry's case for municipality CODE, and its assumptions as lines."""
    if not code:
        raise UserError(_("--from-db needs -m CODE, the SCB municipality code (e.g. 2321)."))
    from trygg.cli.web import setup_django

    setup_django()
    from dataclasses import replace

    from trygg.analysis.power import PowerInputError
    from trygg.analysis.power.registry_case import FuelPlanAssumptions, registry_scenario
    from trygg.registry.choices import OrganisationKind
    from trygg.registry.fuelplan import (
        _points_of,
        default_start,
        left_out_reason,
        plan_points,
        station_records,
    )
    from trygg.registry.models import Organisation

    municipality = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=code).first()
    if municipality is None:
        raise UserError(_("No municipality with code {code!r} in the registry.").format(code=code))
    try:
        assumptions = FuelPlanAssumptions()
        if duration_h is not None:
            assumptions = replace(assumptions, duration_h=duration_h)
        if delivery_interval_h is not None:
            assumptions = replace(assumptions, delivery_interval_h=delivery_interval_h)
        records, by_id, invalid = plan_points(_points_of([municipality]))
        case = registry_scenario(f"Bränsleplan {municipality.name}", default_start(), records,
                                 station_records([municipality], by_id), assumptions)
    except PowerInputError as err:
        raise UserError(f"{municipality.name}: {message(err)}") from None
    lines = [f"{key} = {value:g}" for key, value in assumptions.__dict__.items()]
    lines += [_("not simulated: {name} ({reason})").format(name=x.name, reason=left_out_reason(x))
              for x in invalid + list(case.left_out)]
    return case.scenario, lines


@power.command("check")
@click.argument("point", required=False)
@click.option("--all", "all_points", is_flag=True, help="Check every point in the registry.")
@click.option(
    "--file",
    "points_file",
    type=_FILE,
    help="YAML or JSON file with a 'points' list (the same point fields as a scenario), instead of the registry.",
)
@click.option(
    "--outdoor-c",
    type=float,
    help="Outdoor temperature for the heating load, °C (default: the file's, else −15).",
)
@click.option(
    "--planned-outage-h",
    type=float,
    help="Hours the points must run on their own (default: the file's, else 72).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.option(
    "--sheets",
    "sheets_dir",
    type=_DIR,
    help="Write a printable generator-and-fuel sheet (HTML, one page) per point here.",
)
def power_check(
    point: str | None,
    all_points: bool,
    points_file: Path | None,
    outdoor_c: float | None,
    planned_outage_h: float | None,
    as_json: bool,
    sheets_dir: Path | None,
) -> None:
    """Check POINT (name or reference), --all registry points, or the points in --file:
    load budget, generator size, fuel endurance.

    Exits with code 1 when any point has a high-severity finding.
    """
    from trygg.analysis.power.report import checks_text
    from trygg.text import catalogue

    if sum(bool(x) for x in (point, all_points, points_file)) != 1:
        raise UserError(_("Give one of: a POINT, --all, or --file FILE."))
    if points_file is not None:
        checks = _checks_from_file(points_file, outdoor_c, planned_outage_h)
    else:
        checks = _checks_from_registry(point, outdoor_c, planned_outage_h)
    if sheets_dir:
        _write_sheets(checks, sheets_dir)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=2))
    else:
        click.echo(checks_text(checks, catalogue(current())))
    if not all(c.ok for c in checks):
        raise SystemExit(1)


def _checks_from_file(points_file: Path, outdoor_c: float | None, planned_outage_h: float | None) -> list[PowerCheck]:
    from trygg.analysis.power import PowerInputError, check_point
    from trygg.analysis.power.loads import DEFAULT_OUTDOOR_C
    from trygg.formats.power_scenario import read_points

    try:
        plan = read_points(points_file)
        outdoor = outdoor_c if outdoor_c is not None else (plan.outdoor_c or DEFAULT_OUTDOOR_C)
        hours = planned_outage_h if planned_outage_h is not None else plan.planned_outage_h
        extra = {"margin": plan.margin} if plan.margin is not None else {}
        return [check_point(spec, outdoor, planned_outage_h=hours, start=plan.start, **extra) for spec in plan.points]
    except PowerInputError as err:
        text = message(err)
        raise UserError(text if str(points_file) in text else f"{points_file}: {text}") from None


def _checks_from_registry(point: str | None, outdoor_c: float | None, planned_outage_h: float | None) -> list[PowerCheck]:
    from trygg.cli.web import setup_django

    setup_django()
    from django.db.models import Q

    from trygg.analysis.power import PowerInputError, check_point
    from trygg.analysis.power.loads import DEFAULT_OUTDOOR_C
    from trygg.analysis.power.point import DEFAULT_PLANNED_OUTAGE_H
    from trygg.registry.models import Point
    from trygg.registry.power import power_spec

    points = Point.objects.select_related("municipality").prefetch_related("sites").order_by(
        "municipality__scb_code", "priority_rank", "name")
    if point:
        points = points.filter(Q(ref__iexact=point) | Q(name__icontains=point))
        if not points:
            raise UserError(_("No point matches {point!r}.").format(point=point))
    hours = planned_outage_h if planned_outage_h is not None else DEFAULT_PLANNED_OUTAGE_H
    checks = []
    for p in points:
        try:
            checks.append(check_point(power_spec(p), outdoor_c if outdoor_c is not None else DEFAULT_OUTDOOR_C,
                                      planned_outage_h=hours))
        except PowerInputError as err:
            raise UserError(f"{p.name}: {message(err)}") from None
    return checks


def _write_sheets(checks: list[PowerCheck], directory: Path) -> None:
    from trygg.analysis.power.sheet import generator_sheet_html

    directory.mkdir(parents=True, exist_ok=True)
    for check in checks:
        path = directory / f"{check.spec.id}.html"
        path.write_text(generator_sheet_html(check), encoding="utf-8")
        click.echo(_("wrote {path}").format(path=path), err=True)
