"""``trygg analyze coverage`` and ``trygg analyze access``: a thin shell over the library.

Both read demand (a population file or the modelled Jämtland demand) and
points, compute in :mod:`trygg.analysis`, and print text, JSON or CSV.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trygg.cli import UserError, analyze
from trygg.cli.language import _, current, message, ngettext, tr
from trygg.formats.csvfile import CsvWriter
from trygg.text import NP_

if TYPE_CHECKING:
    from trygg.analysis.demand import Demand, VulnerabilityWeights
    from trygg.analysis.network import RoadGraph

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# The vulnerable groups (trygg.analysis.demand.GROUPS) in the text output: English keeps the code (as --json).
_GROUP_NAMES = {
    "children": NP_("vulnerable group", "children"),
    "elderly": NP_("vulnerable group", "elderly"),
    "other_mother_tongue": NP_("vulnerable group", "other_mother_tongue"),
    "disability": NP_("vulnerable group", "disability"),
}
# The kinds of service point of `analyze access`, likewise.
_KIND_NAMES = {"grocery": NP_("service kind", "grocery"), "fuel": NP_("service kind", "fuel")}
_OUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def _demand_options(command: Any) -> Any:
    options = [
        click.option(
            "--demand",
            "demand_path",
            type=_FILE,
            help="Population file: SCB grid (CSV with Ruta/corner columns, or GeoPackage), "
            "or points/polygons with a population field (GeoJSON/CSV).",
        ),
        click.option(
            "--modelled-jamtland",
            is_flag=True,
            help="Use the bundled modelled Jämtland demand (SCB tätorter + kommun totals, "
            "the rest spread evenly by area to the nearest tätort or GeoNames place; "
            "labelled modelled).",
        ),
        click.option(
            "--municipalities",
            type=_FILE,
            help="GeoJSON kommun polygons (kommun_kod, namn) to give demand points without a "
            "kommun code one; default: the bundled Jämtland kommuner.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
        click.option(
            "--csv-out", type=_OUT, help="Write one CSV row per demand point to this file."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def load_demand(demand_path: Path | None, modelled: bool, municipalities: Path | None) -> Demand:
    from trygg.analysis.demand import with_municipalities
    from trygg.data import data_path
    from trygg.formats.demand import read_demand, read_municipality_boundaries
    from trygg.formats.localities import modelled_jamtland_demand

    if bool(demand_path) == modelled:
        raise UserError(_("give exactly one of --demand FILE or --modelled-jamtland"))
    if modelled:
        return modelled_jamtland_demand()
    assert demand_path is not None
    demand = read_demand(demand_path)
    if all(demand.municipality):
        return demand
    boundaries = read_municipality_boundaries(
        municipalities or data_path("jamtland_kommuner.geojson")
    )
    return with_municipalities(demand, boundaries)


def road_cache_dir() -> Path:
    """Where built road graphs are kept: ``$TRYGG_DATA_DIR/road-cache`` (default ./var, as the server)."""
    return Path(os.environ.get("TRYGG_DATA_DIR") or Path.cwd() / "var") / "road-cache"


def _build_graph(pbf: Path, ferry_kmh: float | None = None) -> RoadGraph:
    from trygg.analysis.network import cached_road_graph

    click.echo(_("Road graph from {pbf} (cached in {cache}) …").format(pbf=pbf, cache=road_cache_dir()), err=True)
    built = cached_road_graph(pbf, road_cache_dir(), progress=True, ferry_speed_kmh=ferry_kmh)
    done = _("Read from the cache: {path}") if built.from_cache else _("Built and cached: {path}")
    click.echo(done.format(path=built.cache_path), err=True)
    return built.graph


_FERRY = click.option("--ferry-kmh", type=float,
                      help="With --pbf: use ferries (route=ferry) at this speed, km/h (off by default).")


def parse_weights(text: str | None) -> VulnerabilityWeights:
    from trygg.analysis.demand import VulnerabilityWeights

    if not text:
        return VulnerabilityWeights()
    values: dict[str, float] = {}
    for part in text.split(","):
        name, _equals, value = part.partition("=")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise UserError(_("--weights: {part!r} is not group=number").format(part=part)) from None
    try:
        return VulnerabilityWeights(**values)
    except TypeError:
        raise UserError(
            _("--weights: unknown group in {text!r} (children, elderly, other_mother_tongue, disability)").format(text=text)
        ) from None


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = CsvWriter(handle)  # trygg's one CSV writer: text cells cannot run as formulas
        writer.writerow(list(rows[0]))
        writer.writerows([row.get(name) for name in rows[0]] for row in rows)
    click.echo(ngettext("Wrote {n} row to {path}", "Wrote {n} rows to {path}", len(rows)).format(
        n=len(rows), path=path), err=True)


def _pct(share: float | None) -> str:
    if share is None:
        return "–"
    text = f"{100 * share:.1f} %"
    return text.replace(".", ",") if current() == "sv" else text


def _people(value: float) -> str:
    """A count of people: thousands grouped by "," in English, by a no-break space in Swedish."""
    text = f"{value:,.0f}"
    return text.replace(",", "\u00a0") if current() == "sv" else text


def _km(value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if current() == "sv" else text


@analyze.command("coverage")
@_demand_options
@click.option(
    "--points",
    "points_path",
    type=_FILE,
    required=True,
    help="The points (trygghetspunkter, candidates): GeoJSON Points or CSV with id,name,lon,lat.",
)
@click.option(
    "--radius-m", type=float, help="Covered within this road distance, m (straight line × detour)."
)
@click.option(
    "--detour", type=float, default=1.3, show_default=True, help="Road ÷ straight-line distance."
)
@click.option(
    "--pbf", type=_FILE, help="OpenStreetMap .pbf: road km (with --radius-m) or road minutes (with --limit-min)."
)
@click.option("--limit-min", type=float, help="Covered within this travel time by road, minutes.")
@_FERRY
@click.option(
    "--weights",
    help="Vulnerability weights, e.g. children=1,elderly=2 (defaults 1.0 each; see docs/needs-analysis.md).",
)
@click.option(
    "--geojson-out", type=_OUT, help="Write the uncovered demand points as GeoJSON to this file."
)
def coverage_command(
    demand_path: Path | None,
    modelled_jamtland: bool,
    municipalities: Path | None,
    as_json: bool,
    csv_out: Path | None,
    points_path: Path,
    radius_m: float | None,
    detour: float,
    pbf: Path | None,
    limit_min: float | None,
    ferry_kmh: float | None,
    weights: str | None,
    geojson_out: Path | None,
) -> None:
    """Who is within reach of the points, and who is not, by kommun and vulnerable group.

    Distance mode: --radius-m R [--detour 1.3], or --radius-m R --pbf FILE for road km.
    Travel-time mode: --pbf FILE --limit-min T.
    """
    from trygg.analysis.coverage import (
        coverage_by_distance,
        coverage_by_road_distance,
        coverage_by_time,
    )
    from trygg.formats.site_files import read_sites

    if (radius_m is None) == (limit_min is None) or (limit_min is not None and pbf is None):
        raise UserError(_("give either --radius-m R (with --pbf FILE for road km), or --pbf FILE with --limit-min T"))
    try:
        demand = load_demand(demand_path, modelled_jamtland, municipalities)
        sites = read_sites(points_path)
        vulnerability = parse_weights(weights)
        if radius_m is not None and pbf is not None:
            result = coverage_by_road_distance(demand, sites, _build_graph(pbf, ferry_kmh), radius_m, vulnerability)
        elif radius_m is not None:
            result = coverage_by_distance(demand, sites, radius_m, detour, vulnerability)
        else:
            assert pbf is not None and limit_min is not None
            result = coverage_by_time(
                demand, sites, _build_graph(pbf, ferry_kmh), limit_min, weights=vulnerability
            )
    except ValueError as exc:  # AnalysisError and other bad input
        raise UserError(message(exc)) from exc
    if geojson_out:
        geojson_out.write_text(
            json.dumps(result.uncovered_geojson(), ensure_ascii=False), encoding="utf-8"
        )
        click.echo(_("Wrote uncovered points to {path}").format(path=geojson_out), err=True)
    if csv_out:
        _write_csv(csv_out, result.cells())
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_coverage(result.to_dict(), result.metric_in(current()))


def _print_coverage(figures: dict[str, Any], metric: str) -> None:
    threshold = f"{figures['threshold']:g} {figures['unit']} ({metric})"
    if figures["demand"]["modelled"]:
        click.echo(_("NOTE: modelled demand, not registered residents."))
    click.echo(_("Coverage within {threshold} of {points} points").format(
        threshold=threshold, points=figures["points"]))
    click.echo(_("Covered {covered} of {population} people ({share}); uncovered {uncovered}").format(
        covered=_people(figures["covered"]), population=_people(figures["population"]),
        share=_pct(figures["covered_share"]), uncovered=_people(figures["uncovered"])))
    kommun, population, covered, share = _("kommun"), _("population"), _("covered"), _("share")
    click.echo(f"\n{kommun:<22}{population:>12}{covered:>12}{share:>10}")
    for row in figures["by_municipality"]:
        click.echo(
            f"{row['name']:<22}{_people(row['population']):>12}{_people(row['covered']):>12}"
            f"{_pct(row['covered_share']):>10}"
        )
    click.echo("\n" + _("vulnerable groups:"))
    for group, values in figures["by_group"].items():
        text = (
            _("unknown (no counts in the demand data)")
            if values is None
            else _("{covered} of {population} covered ({share})").format(
                covered=_people(values["covered"]), population=_people(values["population"]),
                share=_pct(values["covered_share"]))
        )
        name = tr(_GROUP_NAMES[group]) if group in _GROUP_NAMES else group
        click.echo(f"  {name}: {text}")
    for note in figures["notes"]:
        click.echo(_("note: {note}").format(note=note))


@analyze.command("access")
@_demand_options
@click.option(
    "--from-db",
    is_flag=True,
    help="Measure to the registry's grocery stores and fuel stations (sites of those kinds, "
    "DATABASE_URL); demand: --demand FILE if given, else the modelled Jämtland demand.",
)
@click.option(
    "-m",
    "--municipality",
    "municipality_code",
    help="Only this kommun's residents (SCB code, e.g. 2380); their nearest point may lie "
    "in a neighbouring kommun.",
)
@click.option(
    "--stores", type=_FILE, help="Grocery stores: GeoJSON Points or CSV with id,name,lon,lat."
)
@click.option(
    "--fuel", type=_FILE, help="Fuel stations: GeoJSON Points or CSV with id,name,lon,lat."
)
@click.option(
    "--pois",
    "poi_paths",
    type=_FILE,
    multiple=True,
    help="More stores and fuel stations: CSV with name,kind,lat,lon (kind grocery|fuel), or "
    "an OpenStreetMap .osm.pbf (shop=supermarket|convenience, amenity=fuel). Repeatable.",
)
@click.option(
    "--jamtland",
    is_flag=True,
    help="Use the bundled Jämtland stores and fuel stations (placed approximately at their "
    "locality); implies --modelled-jamtland when no --demand is given.",
)
@click.option(
    "--pbf",
    type=_FILE,
    help="OpenStreetMap .pbf: measure road distance (and travel time) instead of straight line.",
)
@_FERRY
@click.option(
    "--detour", type=float, default=1.3, show_default=True, help="Road ÷ straight-line distance."
)
@click.option(
    "--thresholds-km",
    default="5,10,20",
    show_default=True,
    help="Distance bands for the share of the population beyond each, km.",
)
def access_command(
    demand_path: Path | None,
    modelled_jamtland: bool,
    municipalities: Path | None,
    as_json: bool,
    csv_out: Path | None,
    from_db: bool,
    municipality_code: str | None,
    stores: Path | None,
    fuel: Path | None,
    poi_paths: tuple[Path, ...],
    jamtland: bool,
    pbf: Path | None,
    ferry_kmh: float | None,
    detour: float,
    thresholds_km: str,
) -> None:
    """Distance from every resident to the nearest grocery store and fuel station.

    Prints, per kommun, the mean distance and the share of the population beyond
    5, 10 and 20 km (as in Tillväxtverket's and Pipos' service analysis), and
    says which measure produced them (straight line × detour, or road).
    """
    _check_access_sources(from_db, jamtland, stores, fuel, poi_paths)
    thresholds = _parse_thresholds(thresholds_km)
    try:
        source_notes: list[str] = []
        if from_db and not demand_path and not modelled_jamtland:  # the stored SCB grid, as the pages use
            # --json keeps its notes English (machine output); the text speaks the user's language.
            demand, label = _stored_demand(municipality_code, "en" if as_json else current())
            source_notes = [("Demand source: {label}" if as_json else _("Demand source: {label}")).format(label=label)]
        else:
            demand = load_demand(
                demand_path,
                modelled_jamtland or ((jamtland or from_db) and not demand_path),
                municipalities,
            )
        demand = _only_municipality(demand, municipality_code)
        services, notes = _access_services(from_db, jamtland, stores, fuel, poi_paths)
        notes = source_notes + notes
        graph = _build_graph(pbf, ferry_kmh) if pbf else None
        from trygg.analysis.access import service_access

        result = service_access(demand, services, thresholds, detour, graph)
    except ValueError as exc:  # AnalysisError, ImportRejected and other bad input
        raise UserError(message(exc)) from exc
    result.notes.extend(notes)
    if csv_out:
        _write_csv(csv_out, result.cells())
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_access(result.to_dict(), result.metric_in(current()))


def _stored_demand(municipality_code: str | None, language: str) -> tuple[Demand, str]:
    """The stored population grid (trygg import grid), else the modelled demand, and its label in ``language``."""
    from trygg.cli.web import setup_django

    setup_django()
    from trygg.population.demand import stored_or_modelled

    return stored_or_modelled(municipality_code, language)


def _check_access_sources(
    from_db: bool,
    jamtland: bool,
    stores: Path | None,
    fuel: Path | None,
    poi_paths: tuple[Path, ...],
) -> None:
    if bool(stores) != bool(fuel):
        raise UserError(_("give both --stores FILE and --fuel FILE"))
    chosen = [from_db, jamtland, bool(stores)]
    if sum(chosen) > 1:
        raise UserError(_("give only one of --from-db, --jamtland, or --stores FILE with --fuel FILE"))
    if not any(chosen) and not poi_paths:
        raise UserError(
            _("give --from-db, --jamtland, --stores FILE and --fuel FILE, or --pois FILE")
        )


def _parse_thresholds(text: str) -> list[float]:
    try:
        return [float(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise UserError(_("--thresholds-km {text!r}: expected numbers like 5,10,20").format(text=text)) from None


def _only_municipality(demand: Demand, code: str | None) -> Demand:
    if code is None:
        return demand
    mask = demand.municipality == code
    if not mask.any():
        known = ", ".join(sorted({str(m) for m in demand.municipality if m}))
        raise UserError(_("-m {code}: no residents of that kommun in the demand (it has {known})").format(code=code, known=known))
    return demand.subset(mask)


def _access_services(
    from_db: bool,
    jamtland: bool,
    stores: Path | None,
    fuel: Path | None,
    poi_paths: tuple[Path, ...],
) -> tuple[dict[str, Any], list[str]]:
    """The service points of every source given, merged by kind, and their caveats."""
    from trygg.analysis.access import merge_services
    from trygg.formats.services import read_service_points
    from trygg.formats.site_files import read_sites

    sources: list[dict[str, Any]] = []
    notes: list[str] = []
    if jamtland:
        placed = read_service_points()
        sources.append(placed.by_kind)
        notes += placed.notes()
    if stores and fuel:
        sources.append({"grocery": read_sites(stores), "fuel": read_sites(fuel)})
    if from_db:
        registry = _registry_services()
        sources.append(registry.by_kind)
        notes += registry.notes()
    sources += [_read_pois(path) for path in poi_paths]
    return merge_services(*sources), notes


def _registry_services() -> Any:
    from trygg.cli.web import setup_django

    setup_django()
    from django.db import DatabaseError

    from trygg.population.access import registry_services

    try:
        return registry_services()
    except DatabaseError as exc:
        raise UserError(_("cannot read the registry ({exc}); run `trygg load-demo` or migrate first").format(exc=exc)) from exc


def _read_pois(path: Path) -> dict[str, Any]:
    from trygg.formats.services import read_osm_pois, read_poi_csv

    if path.name.endswith((".pbf", ".osm")):
        return read_osm_pois(path)
    return read_poi_csv(path)


def _print_access(figures: dict[str, Any], metric: str) -> None:
    if figures["demand"]["modelled"]:
        click.echo(_("NOTE: modelled demand, not registered residents."))
    click.echo(_("Distance to the nearest service point, km ({metric})").format(metric=metric))
    if any("mean_minutes" in values for values in figures["overall"].values()):
        from trygg.analysis.travel import ROAD_MINUTES, metric_label

        click.echo(_("mean min: {metric} to the point nearest by time").format(
            metric=metric_label(ROAD_MINUTES, language=current())))
    bands = [f"{t:g}" for t in figures["thresholds_km"]]
    header = "".join(f"{'>' + b + ' km':>9}" for b in bands)
    for kind in figures["overall"]:
        road_time = "mean_minutes" in figures["overall"][kind]
        kind_name = tr(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind
        click.echo("\n" + _("{kind} ({points} points)").format(kind=kind_name, points=figures["points"][kind]))
        kommun, population, mean_km, mean_min = _("kommun"), _("population"), _("mean km"), _("mean min")
        minutes_header = f"{mean_min:>9}" if road_time else ""
        click.echo(f"{kommun:<22}{population:>12}{mean_km:>9}{minutes_header}{header}")
        rows = [
            *figures["by_municipality"],
            {
                "name": _("all"),
                "population": figures["demand"]["population"],
                kind: figures["overall"][kind],
            },
        ]
        for row in rows:
            values = row[kind]
            mean = values["mean_distance_km"]
            shares = "".join(f"{_pct(values['share_beyond_km'][b]):>9}" for b in bands)
            mean_text = "–" if mean is None else _km(mean)
            if road_time:
                minutes = values["mean_minutes"]
                mean_text += f"{'–' if minutes is None else _km(minutes):>9}"
            click.echo(f"{row['name']:<22}{_people(row['population']):>12}{mean_text:>9}{shares}")
    for note in figures["notes"]:
        click.echo(_("note: {note}").format(note=note), file=sys.stdout)
