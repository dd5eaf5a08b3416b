"""``trygg analyze optimize``: choose sites with a location model from plain files."""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any

import click

from trygg.cli import UserError, analyze
from trygg.cli.language import _, message, number, tr
from trygg.formats.csvfile import CsvWriter
from trygg.text import N_, NP_

if TYPE_CHECKING:
    from trygg.analysis.locate import LocationTable, SiteSelection

_MODEL_NAMES = ("lscp", "lscpb", "mclp", "pmedian", "pcenter")
_MODEL_TITLES = {
    "lscp": N_("set covering (LSCP)"),
    "lscpb": N_("backup covering (LSCP-B)"),
    "mclp": N_("maximal covering (MCLP)"),
    "pmedian": N_("p-median"),
    "pcenter": N_("p-center"),
}
# The English of a status is its code (what --json says); the text output translates it.
_STATUSES = {
    "optimal": NP_("optimization status", "optimal"),
    "time_limit": NP_("optimization status", "time_limit"),
    "feasible": NP_("optimization status", "feasible"),
}


@analyze.command("optimize")
@click.option(
    "--model", "model_name", type=click.Choice(_MODEL_NAMES),
    help="Location model (required with --costs; --tsplib solves pmedian): lscp (fewest sites covering everyone), lscpb (minimum cover with the "
    "most backup cover), mclp (p sites covering the most people), pmedian (p sites with the "
    "least total travel), pcenter (p sites with the shortest longest trip).",
)
@click.option(
    "--costs", "costs_path", type=click.Path(exists=True, dir_okay=False),
    help="Long-form CSV with columns demand_id,site_id,cost (any unit: m, min, ...). "
    "A pair that is absent cannot be served.",
)
@click.option(
    "--demand", "demand_path", type=click.Path(exists=True, dir_okay=False),
    help="CSV with columns id,weight: each demand point and its weight (e.g. residents).",
)
@click.option(
    "--tsplib", "tsplib_path", type=click.Path(exists=True, dir_okay=False),
    help="Instead of --costs and --demand: a TSPLIB EUC_2D file (*.tsp) solved as a p-median, every "
    "node a demand point of weight 1 and a candidate; costs are Euclidean distances to the nearest integer.",
)
@click.option(
    "--floor", "floor_costs", is_flag=True,
    help="With --tsplib: round distances down, the convention of the p-median literature's published optima.",
)
@click.option("--radius", type=float, help="Service radius in the unit of the costs (lscp, lscpb, mclp).")
@click.option("--p", "p", type=int, help="Number of sites to open, fixed sites included (mclp, pmedian, pcenter).")
@click.option("--fixed", help="Comma-separated ids of sites already decided; they are always open.")
@click.option(
    "--eligible", "eligible_path", type=click.Path(exists=True, dir_okay=False),
    help="File of the only site ids that may be chosen: one per line, or a CSV with a site_id or id column.",
)
@click.option(
    "--time-limit", "time_limit_s", type=click.FloatRange(min=0, min_open=True), default=60.0,
    show_default=True, help="Solver budget in seconds; when it runs out the best answer and its proven gap are reported.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of text.")
@click.option(
    "-o", "--output", "output_path", type=click.Path(dir_okay=False, writable=True),
    help="Also write each demand point's serving site to this CSV (demand_id,weight,site_id,cost).",
)
def optimize(
    model_name: str | None,
    costs_path: str | None,
    demand_path: str | None,
    tsplib_path: str | None,
    floor_costs: bool,
    radius: float | None,
    p: int | None,
    fixed: str | None,
    eligible_path: str | None,
    time_limit_s: float,
    as_json: bool,
    output_path: str | None,
) -> None:
    """Choose sites with a location model, from a cost table and a demand table.

    Example: trygg analyze optimize --model pmedian --costs costs.csv --demand demand.csv --p 5 --json

    Example: trygg analyze optimize --tsplib rl1304.tsp --p 10 --floor --json
    """
    from tqdm import tqdm

    from trygg.analysis.errors import AnalysisError

    if tsplib_path:
        _check_tsplib_options(model_name, costs_path, demand_path, radius, fixed, eligible_path)
        model_name = "pmedian"
    else:
        _check_table_options(model_name, costs_path, demand_path, floor_costs)
    assert model_name is not None
    # disable=None: a bar only on a terminal; no bar when standard error is closed (sys.stderr is None).
    steps = tqdm(total=3, desc="optimize", unit="step", file=sys.stderr, disable=None if sys.stderr else True)
    try:
        if tsplib_path:
            selection, table = _solve_tsplib(tsplib_path, p, floor_costs, time_limit_s, steps)
        else:
            assert costs_path is not None and demand_path is not None
            table, eligible = _read_inputs(costs_path, demand_path, eligible_path, steps)
            steps.set_description(_("solving {model}").format(model=model_name))
            selection = _solve(table, model_name, radius, p, fixed, eligible, time_limit_s)
        steps.update()
    except AnalysisError as error:
        raise UserError(message(error)) from None
    finally:
        steps.close()
    if output_path:
        _write_assignment(output_path, table, selection)
    if as_json:
        click.echo(json.dumps(_payload(table, selection), indent=2, allow_nan=False))
    else:
        click.echo(_summary(table, selection))


def _check_table_options(
    model_name: str | None, costs_path: str | None, demand_path: str | None, floor_costs: bool
) -> None:
    missing = [name for name, value in (("--model", model_name), ("--costs", costs_path),
                                        ("--demand", demand_path)) if not value]
    if missing:
        raise UserError(_("give {items} (or --tsplib FILE --p P for a TSPLIB p-median)").format(items=", ".join(missing)))
    if floor_costs:
        raise UserError(_("--floor applies only with --tsplib"))


def _check_tsplib_options(
    model_name: str | None, costs_path: str | None, demand_path: str | None,
    radius: float | None, fixed: str | None, eligible_path: str | None,
) -> None:
    if model_name not in (None, "pmedian"):
        raise UserError(_("--tsplib solves the p-median; it cannot be combined with --model {model_name}").format(model_name=model_name))
    clashes = [name for name, value in (("--costs", costs_path), ("--demand", demand_path),
                                        ("--radius", radius), ("--fixed", fixed),
                                        ("--eligible", eligible_path)) if value is not None]
    if clashes:
        raise UserError(_("--tsplib cannot be combined with {items}").format(items=", ".join(clashes)))


def _solve_tsplib(
    path: str, p: int | None, floor_costs: bool, time_limit_s: float, steps: Any
) -> tuple[SiteSelection, LocationTable]:
    from trygg.analysis.locate import PMedian
    from trygg.analysis.locate.geo import selection_by_id
    from trygg.analysis.locate.tsplib import read_tsplib, tsplib_table

    if p is None:
        raise UserError(_("--p is required with --tsplib"))
    steps.set_description(_("reading TSPLIB file"))
    instance = read_tsplib(path)
    table = tsplib_table(instance, "floor" if floor_costs else "nint")
    steps.update(2)
    steps.set_description(_("solving pmedian on {name}").format(name=instance.name))
    model = PMedian(p, method="exact", time_limit_s=time_limit_s)
    return selection_by_id(table, model.solve(table.costs, table.weights).result_), table


def _read_inputs(
    costs_path: str, demand_path: str, eligible_path: str | None, steps: Any
) -> tuple[LocationTable, list[str] | None]:
    from trygg.analysis.locate import LocationTable
    from trygg.formats.location_tables import read_cost_table, read_demand_table, read_site_list

    steps.set_description(_("reading costs"))
    rows = read_cost_table(costs_path)
    steps.update()
    steps.set_description(_("reading demand"))
    demand = read_demand_table(demand_path)
    eligible = read_site_list(eligible_path) if eligible_path else None
    table = LocationTable.from_long_form(rows, demand)
    steps.update()
    return table, eligible


def _solve(
    table: LocationTable,
    model_name: str,
    radius: float | None,
    p: int | None,
    fixed: str | None,
    eligible: list[str] | None,
    time_limit_s: float,
) -> SiteSelection:
    from trygg.analysis.locate import optimize_sites

    if model_name in {"lscp", "lscpb", "mclp"} and radius is None:
        raise UserError(_("--radius is required for --model {model_name}").format(model_name=model_name))
    if model_name in {"mclp", "pmedian", "pcenter"} and p is None:
        raise UserError(_("--p is required for --model {model_name}").format(model_name=model_name))
    fixed_ids = [name.strip() for name in (fixed or "").split(",") if name.strip()]
    return optimize_sites(
        table, model_name, radius=radius, p=p, fixed_ids=fixed_ids, eligible_ids=eligible,
        time_limit_s=time_limit_s,
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _payload(table: LocationTable, selection: SiteSelection) -> dict[str, Any]:
    result = selection.result
    payload: dict[str, Any] = {
        "model": result.model,
        "objective": _finite(result.objective),
        "sites": list(selection.sites),
        "gap": _finite(result.gap),
        "bound": _finite(result.bound),
        "lower_bound": _finite(result.lower_bound),
        "upper_bound": _finite(result.upper_bound),
        "sense": result.sense,
        "status": result.status,
        "method": result.method,
        "solve_time_s": result.solve_time_s,
        "total_weight": float(table.weights.sum()),
        "assignment": selection.assignment,
    }
    if result.covered_weight is not None:
        payload["covered_weight"] = result.covered_weight
        payload["uncovered"] = list(selection.uncovered)
    if result.model == "lscpb":
        payload["backup_weight"] = result.backup_weight
    payload["details"] = {key: _finite(value) for key, value in result.details.items()}
    return payload


def _figure(value: float, decimals: int) -> str:
    """A figure with thousands grouped: "12,345.60" in English, "12 345,60" (no-break space) in Swedish."""
    return number(value, f",.{decimals}f")


def _summary(table: LocationTable, selection: SiteSelection) -> str:
    """The result as text in the user's language (--json keeps the English codes)."""
    result = selection.result
    total = float(table.weights.sum())
    status = _STATUSES.get(result.status)
    proof = (_("Objective: {objective} (lower bound {bound}, proven gap {gap} %)") if result.sense == "min"
             else _("Objective: {objective} (upper bound {bound}, proven gap {gap} %)"))
    lines = [
        _("Model: {model}, solved by {method} in {seconds} s").format(
            model=tr(_MODEL_TITLES[result.model]), method=result.method, seconds=_figure(result.solve_time_s, 2)),
        _("Status: {status}").format(status=tr(status) if status else result.status),
        proof.format(objective=_figure(result.objective, 2), bound=_figure(result.bound, 2),
                     gap=_figure(100 * result.gap, 3)),
        _("Sites ({n}): {sites}").format(n=len(selection.sites), sites=", ".join(selection.sites)),
    ]
    if result.covered_weight is not None:
        lines.append(_("Covered weight: {covered} of {total} ({share} %); uncovered demand points: {uncovered}").format(
            covered=_figure(result.covered_weight, 0), total=_figure(total, 0),
            share=_figure(100 * result.covered_weight / total, 2), uncovered=len(selection.uncovered)))
    if result.model == "lscpb" and result.backup_weight is not None:
        lines.append(_("Backup-covered weight: {weight} ({share} %)").format(
            weight=_figure(result.backup_weight, 0), share=_figure(100 * result.backup_weight / total, 2)))
    return "\n".join(lines)


def _write_assignment(path: str, table: LocationTable, selection: SiteSelection) -> None:
    costs = selection.assignment_cost
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = CsvWriter(handle)  # trygg's one CSV writer: text cells cannot run as formulas
        writer.writerow(["demand_id", "weight", "site_id", "cost"])
        for demand, weight in zip(table.demand_ids, table.weights.tolist(), strict=True):
            site = selection.assignment[demand]
            cost = costs[demand]
            writer.writerow([demand, f"{weight:g}", site or "", "" if cost is None else f"{cost:.6g}"])
