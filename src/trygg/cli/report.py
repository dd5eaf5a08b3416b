"""``trygg analyze report``: the needs-analysis report as HTML with PNG maps and charts.

Points and candidate premises come from the registry database (``--from-db``)
or from files; the demand from a population file or the modelled Jämtland
demand. The computing and drawing live in :mod:`trygg.analysis.report`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trygg.cli import UserError, analyze
from trygg.cli.language import _, message

if TYPE_CHECKING:
    from trygg.analysis.coverage import Sites
    from trygg.analysis.demand import Demand, MunicipalityBoundaries

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

#: Backup-power values that make premises eligible with --eligible-only (trygg.rules.levels.BackupPower).
_ELIGIBLE_BACKUP_POWER = ("fixed", "connection_point")


@dataclass
class _Inputs:
    """Points and candidates as Sites, with what the report says about them."""

    points: Sites | None
    candidates: Sites | None
    eligible: list[bool] | None
    description: str
    sources: dict[str, str] = field(default_factory=dict)


@analyze.command("report")
@click.option(
    "-o", "--output-dir", "output_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("needs-report"), show_default=True,
    help="Folder for index.html, report.json and the PNG images (created if missing).",
)
@click.option(
    "--municipality", "-m", help="Only this kommun (4-digit SCB code): its demand, points and "
    "candidate premises. Default: everything in the demand.",
)
@click.option(
    "--radius-km", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
    help="Covered within this road distance, km (straight line × detour).",
)
@click.option(
    "--new-points", "new_points", type=click.IntRange(min=0), default=5, show_default=True,
    help="How many candidate premises to recommend as new points (MCLP; 0 = none).",
)
@click.option(
    "--detour", type=float, default=1.3, show_default=True, help="Road ÷ straight-line distance.",
)
@click.option(
    "--from-db", is_flag=True,
    help="Read the points (planned, decided, ready) and candidate premises (sites not hosting "
    "such a point) from the registry database (DATABASE_URL).",
)
@click.option(
    "--points", "points_path", type=_FILE,
    help="Existing points: GeoJSON Points or CSV with id,name,lon,lat (instead of --from-db).",
)
@click.option(
    "--candidates", "candidates_path", type=_FILE,
    help="Candidate premises: GeoJSON Points or CSV with id,name,lon,lat, optionally "
    "backup_power (none, connection_point, fixed) for --eligible-only.",
)
@click.option(
    "--demand", "demand_path", type=_FILE,
    help="Population file: SCB grid (CSV/GeoPackage) or points/polygons with a population "
    "field. Default: the modelled Jämtland demand.",
)
@click.option(
    "--modelled-jamtland", is_flag=True,
    help="Use the bundled modelled Jämtland demand (the default when no --demand is given).",
)
@click.option(
    "--municipalities", type=_FILE,
    help="GeoJSON kommun polygons (kommun_kod, namn) for the map and for points without a "
    "kommun code; default: the bundled Jämtland kommuner.",
)
@click.option(
    "--weights",
    help="Vulnerability weights in the model's objective, e.g. children=1,elderly=2 "
    "(defaults 1.0 each; see docs/needs-analysis.md).",
)
@click.option(
    "--eligible-only", is_flag=True,
    help="Recommend only premises with a fixed backup generator or a connection point for a "
    "mobile generator. Off by default: most premises have no record of backup power.",
)
@click.option(
    "--access/--no-access", "with_access", default=True, show_default=True,
    help="Include store and fuel access from the bundled Jämtland service list (only when the "
    "demand lies in Jämtland).",
)
@click.option(
    "--time-limit", "time_limit_s", type=click.FloatRange(min=0, min_open=True), default=60.0,
    show_default=True, help="Solver budget for the recommendation, seconds.",
)
def report_command(
    output_dir: Path,
    municipality: str | None,
    radius_km: float,
    new_points: int,
    detour: float,
    from_db: bool,
    points_path: Path | None,
    candidates_path: Path | None,
    demand_path: Path | None,
    modelled_jamtland: bool,
    municipalities: Path | None,
    weights: str | None,
    eligible_only: bool,
    with_access: bool,
    time_limit_s: float,
) -> None:
    """Write the needs-analysis report: covered and uncovered population, recommended new
    points (MCLP with the existing points fixed), maps and charts, as DIR/index.html.

    Example: trygg analyze report --from-db -o report
    """
    from tqdm import tqdm

    from trygg.analysis.errors import AnalysisError

    if from_db == bool(points_path):
        raise UserError(_("give either --from-db, or --points FILE (with --candidates FILE)"))
    if from_db and candidates_path:
        raise UserError(_("--candidates FILE is for file input; with --from-db they come from the database"))
    if demand_path and modelled_jamtland:
        raise UserError(_("give at most one of --demand FILE and --modelled-jamtland"))
    steps = tqdm(total=5, desc="report", unit="step", file=sys.stderr, disable=None)
    try:
        files = _run(
            steps, output_dir, municipality, radius_km, new_points, detour, from_db,
            points_path, candidates_path, demand_path, municipalities, weights, eligible_only,
            with_access, time_limit_s,
        )
    except AnalysisError as error:
        raise UserError(message(error)) from None
    finally:
        steps.close()
    _print_summary(files)


def _run(
    steps: Any, output_dir: Path, municipality: str | None, radius_km: float, new_points: int,
    detour: float, from_db: bool, points_path: Path | None, candidates_path: Path | None,
    demand_path: Path | None, municipalities: Path | None, weights: str | None,
    eligible_only: bool, with_access: bool, time_limit_s: float,
) -> Any:
    from trygg.analysis.report import (
        ALL_CANDIDATES_RULE,
        BACKUP_POWER_RULE,
        analyse_needs,
        jamtland_access,
    )
    from trygg.cli.coverage import load_demand, parse_weights
    from trygg.data import data_path
    from trygg.formats.demand import read_municipality_boundaries
    from trygg.formats.needs_report import BUNDLED_BOUNDARIES_SOURCE, write_report
    from trygg.formats.services import read_service_points

    steps.set_description("reading demand")
    boundaries = read_municipality_boundaries(municipalities or data_path("jamtland_kommuner.geojson"))
    demand = _municipality_demand(
        load_demand(demand_path, demand_path is None, municipalities), municipality
    )
    vulnerability = parse_weights(weights)
    steps.update()
    steps.set_description("reading points")
    if from_db:
        inputs = _inputs_from_db(municipality)
    else:
        assert points_path is not None
        inputs = _inputs_from_files(points_path, candidates_path, municipality, boundaries)
    if not eligible_only:
        inputs.eligible = None
    elif inputs.candidates is not None and inputs.eligible is None:
        raise UserError(
            _("--eligible-only: {candidates_path} has no backup_power field to decide eligibility").format(candidates_path=candidates_path)
        )
    steps.update()
    steps.set_description("store and fuel access")
    access = jamtland_access(demand, detour, read_service_points()) if with_access else None
    steps.update()
    steps.set_description("recommending new points")
    analysis = analyse_needs(
        demand, inputs.points, inputs.candidates, radius_km * 1000.0, new_points, detour,
        vulnerability, inputs.eligible, BACKUP_POWER_RULE if eligible_only else ALL_CANDIDATES_RULE,
        _title(demand, municipality), access, boundaries, inputs.description, inputs.sources,
        time_limit_s,
    )
    steps.update()
    steps.set_description("drawing")
    files = write_report(
        analysis, output_dir, boundaries,
        None if municipalities else BUNDLED_BOUNDARIES_SOURCE,
    )
    steps.update()
    return files


def _municipality_demand(demand: Demand, code: str | None) -> Demand:
    import numpy as np

    from trygg.data import municipality_names

    if code is None:
        return demand
    if code not in municipality_names():
        raise UserError(_("--municipality {code!r} is not an SCB kommun code (four digits, e.g. 2309)").format(code=code))
    mask = np.asarray(demand.municipality == code)
    if not mask.any():
        raise UserError(_("--municipality {code}: the demand has no points in {name}").format(code=code, name=municipality_names()[code]))
    return demand.subset(mask)


def _title(demand: Demand, code: str | None) -> str:
    from trygg.data import municipality_names

    names = municipality_names()
    if code:
        return f"Needs analysis: {names[code]} ({code})"
    codes = sorted({str(m) for m in demand.municipality if m})
    if codes and all(c.startswith("23") for c in codes):
        return "Needs analysis: Jämtland county"
    return f"Needs analysis: {len(codes)} kommuner"


def _inputs_from_db(code: str | None) -> _Inputs:
    from trygg.cli.web import setup_django

    setup_django()
    from trygg.population.coverage import ACTIVE_STATES, candidate_sites, point_sites
    from trygg.registry.models import Point, Site

    points_query = Point.objects.filter(state__in=ACTIVE_STATES).prefetch_related("sites")
    sites_query = Site.objects.all()
    if code:
        points_query = points_query.filter(municipality__scb_code=code)
        sites_query = sites_query.filter(municipality__scb_code=code)
    points = list(points_query.order_by("municipality__scb_code", "name"))
    used = {s.pk for p in points for s in p.sites.all()}
    sites = list(sites_query.exclude(pk__in=used).order_by("municipality__scb_code", "name"))
    point_rows, candidates = point_sites(points), candidate_sites(sites)
    located = [s for s in sites if s.has_position]
    eligible = [s.backup_power in _ELIGIBLE_BACKUP_POWER for s in located]
    sources = {f"s{s.pk}": s.source_url for s in located if s.source_url}
    for p in points:
        main = p.main_site()
        if main is not None and main.source_url:
            sources[f"p{p.pk}"] = main.source_url
    unplaced = len(sites) - len(located)
    description = (
        f"the registry database: {point_rows.n if point_rows else 0} points that are planned, "
        f"decided or ready (placed at their first site with a position) and "
        f"{len(located)} candidate premises (sites not hosting such a point"
        + (f"; {unplaced} without a position are left out" if unplaced else "")
        + f"). {len(sources)} of them cite the page their facts come from (the “source” links "
        "in the tables; the Jämtland demo's premises are transcribed from public web pages)"
    )
    return _Inputs(point_rows, candidates, eligible, description, sources)


def _inputs_from_files(
    points_path: Path, candidates_path: Path | None, code: str | None,
    boundaries: MunicipalityBoundaries,
) -> _Inputs:
    from trygg.analysis.report.common import with_site_municipalities
    from trygg.formats.site_files import read_sites

    points: Sites | None = with_site_municipalities(
        _prefixed(read_sites(points_path), "point:"), boundaries
    )
    candidates: Sites | None = None
    eligible: list[bool] | None = None
    if candidates_path:
        candidates = with_site_municipalities(
            _prefixed(read_sites(candidates_path), "candidate:"), boundaries
        )
        backup = _backup_power_values(candidates_path)
        eligible = None if backup is None else [v in _ELIGIBLE_BACKUP_POWER for v in backup]
    if code:
        points = _only_in(points, code)
        candidates, eligible = _only_in_with(candidates, eligible, code)
    described = f"points from {points_path}" + (
        f", candidate premises from {candidates_path}" if candidates_path else ""
    )
    return _Inputs(points, candidates, eligible, described)


def _prefixed(sites: Sites, prefix: str) -> Sites:
    """Ids unique across the two files (both may number their rows 1, 2, …)."""
    from dataclasses import replace

    return replace(sites, ids=[prefix + i for i in sites.ids])


def _only_in(sites: Sites | None, code: str) -> Sites | None:
    if sites is None:
        return None
    mask = [m == code for m in sites.municipality]
    return sites.subset(mask) if any(mask) else None


def _only_in_with(
    sites: Sites | None, eligible: list[bool] | None, code: str
) -> tuple[Sites | None, list[bool] | None]:
    if sites is None:
        return None, eligible
    mask = [m == code for m in sites.municipality]
    kept = [e for e, keep in zip(eligible, mask, strict=True) if keep] if eligible else None
    return (sites.subset(mask) if any(mask) else None), kept


def _backup_power_values(path: Path) -> list[str] | None:
    """The ``backup_power`` of each row/feature in file order, or None if the file has none."""
    from trygg.formats.demand import read_csv_table, read_geojson_features

    if path.suffix.lower() in (".geojson", ".json"):
        features = read_geojson_features(path)
        values = [str((f.get("properties") or {}).get("backup_power") or "") for f in features]
        return values if any(values) else None
    table = read_csv_table(path)
    column = table.column(("backup_power",))
    if column is None:
        return None
    return [(row.get(column) or "").strip() for row in table.rows]


def _print_summary(files: Any) -> None:
    figures = json.loads(files.json.read_text(encoding="utf-8"))
    total = figures["population"]
    from trygg.cli.coverage import _pct, _people

    if figures["demand"]["modelled"]:
        click.echo(_("NOTE: modelled demand, not registered residents."))
    click.echo(_("Covered by {points} points: {covered} of {population} ({share}); uncovered {uncovered}").format(
        points=figures["points"], covered=_people(figures["covered"]), population=_people(total),
        share=_pct(figures["covered"] / total), uncovered=_people(figures["uncovered"])))
    rec = figures["recommendation"]
    for rank, point in enumerate(rec["new_points"], 1):
        click.echo("  " + _("new {rank}. {name}: +{people} people").format(
            rank=rank, name=point["name"], people=_people(point["adds_population"])))
    if rec["new_points"]:
        click.echo(_("With {n} new points: {covered} covered ({share}); gap {gap:.3g}").format(
            n=len(rec["new_points"]), covered=_people(figures["covered_with_new"]),
            share=_pct(figures["covered_with_new"] / total), gap=rec["gap"]))
    for note in rec["notes"]:
        click.echo(_("note: {note}").format(note=note))
    click.echo(_("Wrote {html} ({n} images)").format(html=files.html, n=len(files.images)))
