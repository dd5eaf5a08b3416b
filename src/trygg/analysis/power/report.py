"""Plain-text reports of power checks and scenario runs (for the terminal).

Every sentence is a translatable text (:mod:`trygg.text`); ``catalogue`` picks
the language (default: English, the message ids). Column headings of the scenario
table stay as they are: they are short codes a reader learns once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from trygg.analysis.power.point import PowerCheck
from trygg.text import ENGLISH, N_, Catalogue, Text

if TYPE_CHECKING:
    from trygg.analysis.power.run import ScenarioRun

SEVERITY = {"high": N_("high"), "medium": N_("medium"), "info": N_("info")}


def check_text(check: PowerCheck, catalogue: Catalogue = ENGLISH) -> str:
    """A few lines per point: load, generator, endurance, flags."""
    d = check.to_dict()

    def t(text: Text) -> str:
        return text.render(catalogue)

    if check.spec.generator.runs:
        endurance = (
            t(N_("never runs dry")) if d["endurance_h"] is None else f"{d['endurance_h']:.1f} h"
        )
        dry = t(N_(", dry at {at}", at=d["runs_dry_at"])) if d["runs_dry_at"] else ""
        fuel = t(
            N_(
                "fuel: {usable:.0f} l usable, {per_day:.1f} l/day, endurance {endurance}{dry}",
                usable=d["usable_l"],
                per_day=d["litres_per_day"],
                endurance=endurance,
                dry=dry,
            )
        )
    else:
        fuel = t(N_("fuel: no generator that runs"))
    opens, closes = d["opening_hours"]
    lines = [
        f"{d['id']}  {d['name']}  "
        + t(
            N_(
                "(level {level}, open {opens:02d}–{closes:02d}, {outdoor:g} °C)",
                level=d["level"],
                opens=opens,
                closes=closes,
                outdoor=d["outdoor_c"],
            )
        ),
        "  "
        + t(
            N_(
                "load: peak {peak:.1f} kW, mean {mean:.1f} kW; needs {required:.1f} kW at margin {margin:g}",
                peak=d["peak_kw"],
                mean=d["mean_kw"],
                required=d["required_kw"],
                margin=d["margin"],
            )
        ),
        "  "
        + t(N_("generator: {kind}, {rated:.1f} kW", kind=d["generator_kind"], rated=d["rated_kw"])),
        "  " + fuel,
    ]
    lines += [
        f"  [{SEVERITY[f.severity.value].render(catalogue)}] {f.text.render(catalogue)}"
        for f in check.flags
    ]
    return "\n".join(lines)


def checks_text(checks: Sequence[PowerCheck], catalogue: Catalogue = ENGLISH) -> str:
    return "\n\n".join(check_text(c, catalogue) for c in checks)


def scenario_text(run: ScenarioRun, catalogue: Catalogue = ENGLISH) -> str:
    """The scenario report: per point in priority order, fuel totals, what keeps all open."""
    d = run.to_dict()
    sc = d["scenario"]

    def t(text: Text) -> str:
        return text.render(catalogue)

    lines = [
        t(N_("Scenario: {name}", name=sc["name"])),
        "  "
        + t(
            N_(
                "{start} → {end} ({hours} h), outdoor {outdoor} °C; allocation: {allocation}",
                start=sc["start"],
                end=sc["end"],
                hours=sc["duration_h"],
                outdoor=", ".join(f"{x:g}" for x in sc["outdoor_c"]),
                allocation=sc["allocation"],
            )
        ),
        "  "
        + t(
            N_(
                "{n} of {total} points lose mains power",
                n=sc["points_losing_mains"],
                total=len(d["points"]),
            )
        ),
        "",
        _points_table(d["points"], t),
        "",
        _fuel_lines(d, t),
    ]
    if d["optimization"]:
        o = d["optimization"]
        lines += [
            "",
            t(
                N_(
                    "Optimised (HiGHS LP): weighted service {service:.1f} h (planned {planned:.1f} h) "
                    "against {rule:.1f} h by priority order.",
                    service=o["weighted_service_h"],
                    planned=o["planned_weighted_service_h"],
                    rule=o["rule_based_weighted_service_h"],
                )
            ),
        ]
    if d["keep_open"]:
        lines += ["", _keep_open_lines(d["keep_open"], t)]
    if d["late_deliveries"]:
        lines += [
            "",
            t(
                N_(
                    "Deliveries arriving after the outage: {which}",
                    which=", ".join(d["late_deliveries"]),
                )
            ),
        ]
    return "\n".join(lines)


def _points_table(points: list[dict[str, Any]], t: Callable[[Text], str]) -> str:
    header = (
        f"{'prio':>4}  {'point':<28} {'mains':<5} {'set':<16} {'kW':>6} {'burn l':>8} "
        f"{'got l':>7} {'left l':>7}  {'cut at':<16} {'h cut':>6} {'pers-h':>7}"
    )
    rows = [header, "-" * len(header)]
    for p in points:
        cut_at = p["first_cut_at"][:16].replace("T", " ") if p["first_cut_at"] else "—"
        if p["cut_reason"] == "no_backup":
            cut_at = t(N_("no backup"))
        mains = t(N_("OFF")) if p["loses_mains"] else t(N_("on"))
        rows.append(
            f"{p['priority']:>4}  {p['name'][:28]:<28} {mains:<5} "
            f"{p['generator_kind'][:16]:<16} {p['rated_kw']:>6.0f} {p['burned_l']:>8.0f} "
            f"{p['delivered_l']:>7.0f} {p['left_l']:>7.0f}  {cut_at:<16} {p['hours_cut']:>6.1f} "
            f"{p['people_hours']:>7.0f}"
        )
    return "\n".join(rows)


def _fuel_lines(d: dict[str, Any], t: Callable[[Text], str]) -> str:
    f = d["fuel"]
    start = f["start_in_tanks_l"] + f["start_in_sources_l"]
    left = f["left_in_tanks_l"] + f["left_in_sources_l"]
    return "\n".join(
        [
            t(
                N_(
                    "Fuel: {start:.0f} l at the start ({tanks:.0f} in tanks, {sources:.0f} at depots and stations) + "
                    "{agreed:.0f} l delivered by agreement",
                    start=start,
                    tanks=f["start_in_tanks_l"],
                    sources=f["start_in_sources_l"],
                    agreed=f["agreed_deliveries_in_l"],
                )
            ),
            "      "
            + t(
                N_(
                    "{burned:.0f} l burned, {carried:.0f} l carried in {trips} trips, {left:.0f} l left",
                    burned=f["burned_l"],
                    carried=f["delivered_to_points_l"],
                    trips=len(d["trips"]),
                    left=left,
                )
            ),
            t(N_("People-hours of service: {hours:.0f}", hours=d["people_hours"])),
        ]
    )


def _keep_open_lines(k: dict[str, Any], t: Callable[[Text], str]) -> str:
    lines = []
    if k["everyone_open"]:
        lines.append(
            t(N_("Every point that fuel can help stays open with the fuel and trucks planned."))
        )
    elif k["verified"]:
        where = ", ".join(
            t(N_("{litres:.0f} l at {source}", litres=litres, source=source))
            for source, litres in k["extra_fuel_by_source"].items()
        )
        trucks = ", ".join(
            t(N_("{n} like {truck}", n=n, truck=truck))
            for truck, n in k["extra_trucks_like"].items()
        )
        more_trucks = (
            N_("and {n} more truck(s): {trucks}", n=k["extra_trucks"], trucks=trucks)
            if trucks
            else N_("with the trucks planned")
        )
        lines.append(
            t(
                N_(
                    "To keep every point with a generator open: {litres:.0f} l more{where} (no plan needs "
                    "less than {bound:.0f} l) {trucks}; {trips:+d} trips. Verified by simulation.",
                    litres=k["extra_fuel_l"],
                    where=f": {where}" if where else "",
                    bound=k["lower_bound_l"],
                    trucks=more_trucks,
                    trips=k["extra_trips"],
                )
            )
        )
    else:
        lines.append(
            t(
                N_(
                    "No tested addition keeps everyone open (tried {litres:.0f} l and {trucks} trucks); "
                    "still cut: {cut}.",
                    litres=k["extra_fuel_l"],
                    trucks=k["extra_trucks"],
                    cut=", ".join(k["still_cut"]) or "—",
                )
            )
        )
    if k["needs_generator"]:
        lines.append(
            t(
                N_(
                    "No backup power (fuel cannot help): {which}",
                    which=", ".join(k["needs_generator"]),
                )
            )
        )
    if k["needs_bigger_generator"]:
        lines.append(
            t(
                N_(
                    "Load exceeds the generator: {which}",
                    which=", ".join(k["needs_bigger_generator"]),
                )
            )
        )
    if k["out_of_reach"]:
        lines.append(
            t(
                N_(
                    "Tank burns dry faster than the quickest truck arrives (bigger tank or nearer "
                    "fuel needed): {which}",
                    which=", ".join(k["out_of_reach"]),
                )
            )
        )
    return "\n".join(lines)
