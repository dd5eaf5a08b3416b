"""Plain-text reports of power checks and scenario runs (for the terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trygg.analysis.power.point import PowerCheck

if TYPE_CHECKING:
    from trygg.analysis.power.run import ScenarioRun


def check_text(check: PowerCheck) -> str:
    """A few lines per point: load, generator, endurance, flags."""
    d = check.to_dict()
    endurance = "never runs dry" if d["endurance_h"] is None else f"{d['endurance_h']:.1f} h"
    if check.spec.generator.runs:
        dry = f", dry at {d['runs_dry_at']}" if d["runs_dry_at"] else ""
        fuel = (f"  fuel: {d['usable_l']:.0f} l usable, {d['litres_per_day']:.1f} l/day, "
                f"endurance {endurance}{dry}")
    else:
        fuel = "  fuel: no generator that runs"
    lines = [
        f"{d['id']}  {d['name']}  (level {d['level']}, open "
        f"{d['opening_hours'][0]:02d}–{d['opening_hours'][1]:02d}, {d['outdoor_c']:g} °C)",
        f"  load: peak {d['peak_kw']:.1f} kW, mean {d['mean_kw']:.1f} kW; needs "
        f"{d['required_kw']:.1f} kW at margin {d['margin']:g}",
        f"  generator: {d['generator_kind']}, {d['rated_kw']:.1f} kW",
        fuel,
    ]
    lines += [f"  [{f['severity']}] {f['message']}" for f in d["flags"]]
    return "\n".join(lines)


def checks_text(checks: Sequence[PowerCheck]) -> str:
    return "\n\n".join(check_text(c) for c in checks)


def scenario_text(run: ScenarioRun) -> str:
    """The scenario report: per point in priority order, fuel totals, what keeps all open."""
    d = run.to_dict()
    sc = d["scenario"]
    lines = [
        f"Scenario: {sc['name']}",
        f"  {sc['start']} → {sc['end']} ({sc['duration_h']} h), outdoor "
        f"{', '.join(f'{t:g}' for t in sc['outdoor_c'])} °C; allocation: {sc['allocation']}",
        f"  {sc['points_losing_mains']} of {len(d['points'])} points lose mains power",
        "",
        _points_table(d["points"]),
        "",
        _fuel_lines(d),
    ]
    if d["optimization"]:
        o = d["optimization"]
        lines += [
            "",
            f"Optimised (HiGHS LP): weighted service {o['weighted_service_h']:.1f} h "
            f"(planned {o['planned_weighted_service_h']:.1f} h) against "
            f"{o['rule_based_weighted_service_h']:.1f} h by priority order.",
        ]
    if d["keep_open"]:
        lines += ["", _keep_open_lines(d["keep_open"])]
    if d["late_deliveries"]:
        lines += ["", f"Deliveries arriving after the outage: {', '.join(d['late_deliveries'])}"]
    return "\n".join(lines)


def _points_table(points: list[dict[str, Any]]) -> str:
    header = (f"{'prio':>4}  {'point':<28} {'mains':<5} {'set':<16} {'kW':>6} {'burn l':>8} "
              f"{'got l':>7} {'left l':>7}  {'cut at':<16} {'h cut':>6} {'pers-h':>7}")
    rows = [header, "-" * len(header)]
    for p in points:
        cut_at = p["first_cut_at"][:16].replace("T", " ") if p["first_cut_at"] else "—"
        if p["cut_reason"] == "no_backup":
            cut_at = "no backup"
        rows.append(
            f"{p['priority']:>4}  {p['name'][:28]:<28} {'on' if not p['loses_mains'] else 'OFF':<5} "
            f"{p['generator_kind'][:16]:<16} {p['rated_kw']:>6.0f} {p['burned_l']:>8.0f} "
            f"{p['delivered_l']:>7.0f} {p['left_l']:>7.0f}  {cut_at:<16} {p['hours_cut']:>6.1f} "
            f"{p['people_hours']:>7.0f}"
        )
    return "\n".join(rows)


def _fuel_lines(d: dict[str, Any]) -> str:
    f = d["fuel"]
    start = f["start_in_tanks_l"] + f["start_in_sources_l"]
    left = f["left_in_tanks_l"] + f["left_in_sources_l"]
    return "\n".join([
        f"Fuel: {start:.0f} l at the start ({f['start_in_tanks_l']:.0f} in tanks, "
        f"{f['start_in_sources_l']:.0f} at depots and stations) + "
        f"{f['agreed_deliveries_in_l']:.0f} l delivered by agreement",
        f"      {f['burned_l']:.0f} l burned, {f['delivered_to_points_l']:.0f} l carried in "
        f"{len(d['trips'])} trips, {left:.0f} l left",
        f"People-hours of service: {d['people_hours']:.0f}",
    ])


def _keep_open_lines(k: dict[str, Any]) -> str:
    lines = []
    if k["everyone_open"]:
        lines.append("Every point that fuel can help stays open with the fuel and trucks planned.")
    elif k["verified"]:
        where = ", ".join(f"{litres:.0f} l at {source}" for source, litres in k["extra_fuel_by_source"].items())
        trucks = ", ".join(f"{n} like {truck}" for truck, n in k["extra_trucks_like"].items())
        lines.append(
            f"To keep every point with a generator open: {k['extra_fuel_l']:.0f} l more"
            + (f": {where}" if where else "")
            + f" (no plan needs less than {k['lower_bound_l']:.0f} l)"
            + (f" and {k['extra_trucks']} more truck(s): {trucks}" if trucks else
               " with the trucks planned")
            + f"; {k['extra_trips']:+d} trips. Verified by simulation."
        )
    else:
        lines.append(
            f"No tested addition keeps everyone open (tried {k['extra_fuel_l']:.0f} l and "
            f"{k['extra_trucks']} trucks); still cut: {', '.join(k['still_cut']) or '—'}."
        )
    if k["needs_generator"]:
        lines.append(f"No backup power (fuel cannot help): {', '.join(k['needs_generator'])}")
    if k["needs_bigger_generator"]:
        lines.append(f"Load exceeds the generator: {', '.join(k['needs_bigger_generator'])}")
    if k["out_of_reach"]:
        lines.append("Tank burns dry faster than the quickest truck arrives (bigger tank or nearer "
                     f"fuel needed): {', '.join(k['out_of_reach'])}")
    return "\n".join(lines)
