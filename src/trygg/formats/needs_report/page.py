"""The report's HTML page: one self-contained file (inline CSS) next to its PNGs.

Every name, note and source that reaches the page goes through
:func:`html.escape`: names of premises come from a database anyone with an
account can edit. Links are written only for ``http(s)`` URLs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from trygg.analysis.report.needs import NeedsAnalysis
from trygg.analysis.report.recommend import NewPoint
from trygg.data import municipality_names
from trygg.formats.needs_report import figures

if TYPE_CHECKING:
    from trygg.analysis.demand import MunicipalityBoundaries

#: How many still-uncovered places the page lists.
MAX_UNCOVERED_ROWS = 15
#: How many newly covered places are named per recommended premises.
MAX_NAMED_PLACES = 6

#: Sources of the bundled data (src/trygg/data/SOURCES.md): (what, source and licence).
MODELLED_DEMAND_SOURCES = (
    ("Localities (tätorter) and their population",
     "SCB, Tätorter 2020 — open data, CC0. “Källa: SCB, Tätorter 2020”."),
    ("Population per kommun, 2020-12-31",
     "SCB, Befolkningsstatistik — open data, CC0."),
    ("Settled places outside localities",
     "GeoNames postal codes — “Postal code data © GeoNames (geonames.org), CC BY 4.0”."),
)
BUNDLED_BOUNDARIES_SOURCE = (
    "Kommun boundaries (map background)",
    "SCB, regionala indelningar 2024 (generalised), via borstell/swemapdata — CC0. "
    "“Källa: Statistiska centralbyrån (SCB)”.",
)
MUNICIPALITY_NAMES_SOURCE = (
    "Kommun names and codes", "SCB kommunkoder via sjbrg/swedish-geodata — CC0 1.0.",
)
SERVICE_POINTS_SOURCE = (
    "Grocery stores and fuel stations",
    "The bundled list of Jämtland service places (jamtland_service_points_from_web.csv), "
    "transcribed by hand from public web pages — municipal sites, lansstyrelsen.se, news and "
    "village sites; each row cites the page it comes from (source_url), see "
    "src/trygg/data/SOURCES.md. Placed at the locality's SCB tätort point or GeoNames place "
    "(approximate).",
)

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212121;
background:#fafafa;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.notice{background:#fff8e1;border-left:.35rem solid #f9a825;padding:.6rem .9rem;margin:1rem 0}
.figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.figure{flex:1 1 11rem;border:1px solid #e0e0e0;border-radius:.4rem;padding:.6rem .8rem}
.figure b{display:block;font-size:1.5rem}.covered b{color:#2e7d32}.uncovered b{color:#c62828}
.new b{color:#ef6c00}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e0e0e0;padding:.3rem .45rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
img{max-width:100%;height:auto;border:1px solid #eee}figure{margin:1rem 0}
figcaption{font-size:.85rem;color:#555}.small{font-size:.85rem;color:#555}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _people(value: float) -> str:
    return f"{value:,.0f}"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole > 0 else "–"


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; cells are already-escaped HTML; ``True`` in the header = numeric column."""
    head = "".join(f'<th class="n">{_e(h)}</th>' if numeric else f"<th>{_e(h)}</th>"
                   for h, numeric in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if numeric else f"<td>{c}</td>"
                         for c, (_, numeric) in zip(row, header, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _link(source: str | None) -> str:
    if not source:
        return ""
    if source.startswith(("https://", "http://")):
        return f'<a href="{_e(source)}">source</a>'
    return _e(source)


def _figure(image: str | None, alt: str, caption: str) -> str:
    if not image:
        return ""
    return (f'<figure><img src="{_e(image)}" alt="{_e(alt)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _demand_notice(analysis: NeedsAnalysis) -> str:
    demand = analysis.demand
    if demand.modelled:
        heading = "Modelled demand, not registered residents"
        note = demand.note.removeprefix(heading).lstrip(":. ")
        return (
            f'<div class="notice" role="note"><strong>{heading}.</strong> {_e(note)} Use the '
            "figures for an overview, never for a decision about one village.</div>"
        )
    return (f'<p class="small">Demand: {_e(demand.source or "population file")}. '
            f"{_e(demand.note)}</p>")


def _key_figures(analysis: NeedsAnalysis) -> str:
    points = analysis.points.n if analysis.points is not None else 0
    total = analysis.total
    cards = [
        ("", "Population", _people(total), f"{analysis.demand.n} demand points"),
        ("covered", f"Covered by the {points} existing point{'' if points == 1 else 's'}",
         _people(analysis.covered),
         _pct(analysis.covered, total)),
        ("uncovered", "Not covered", _people(analysis.uncovered), _pct(analysis.uncovered, total)),
    ]
    new = analysis.recommendation.new_points
    if new:
        gain = analysis.covered_with_new - analysis.covered
        cards.append(("new", f"Covered with {len(new)} recommended new "
                             f"point{'' if len(new) == 1 else 's'}",
                      _people(analysis.covered_with_new),
                      f"{_pct(analysis.covered_with_new, total)}; +{_people(gain)} people"))
    return '<div class="figures">' + "".join(
        f'<div class="figure {cls}">{_e(label)}<b>{_e(value)}</b>{_e(sub)}</div>'
        for cls, label, value, sub in cards
    ) + "</div>"


def _municipality_table(analysis: NeedsAnalysis) -> str:
    rows = [
        (_e(r["name"]), _people(r["population"]), _people(r["covered"]), _people(r["uncovered"]),
         _pct(r["covered"], r["population"]), _people(r["covered_with_new"]),
         _pct(r["covered_with_new"], r["population"]))
        for r in analysis.by_municipality()
    ]
    rows.append(("<strong>All</strong>", _people(analysis.total), _people(analysis.covered),
                 _people(analysis.uncovered), _pct(analysis.covered, analysis.total),
                 _people(analysis.covered_with_new),
                 _pct(analysis.covered_with_new, analysis.total)))
    return _table([("kommun", False), ("population", True), ("covered", True),
                   ("uncovered", True), ("share", True), ("with new points", True),
                   ("share", True)], rows)


def _groups_section(analysis: NeedsAnalysis) -> str:
    rows = analysis.by_group()
    known = [r for r in rows if r["known"]]
    unknown = [r["label"] for r in rows if not r["known"]]
    parts = []
    if known:
        parts.append(_table(
            [("group", False), ("persons", True), ("covered", True), ("share", True),
             ("with new points", True)],
            [(_e(r["label"]), _people(r["population"]), _people(r["covered"]),
              _pct(r["covered"], r["population"]), _people(r["covered_with_new"]))
             for r in known],
        ))
    if unknown:
        parts.append(
            f"<p>Unknown — the demand data has no counts for: {_e(', '.join(unknown))}. "
            "They are reported as unknown, not as zero, and add nothing to the weighted "
            "demand the model maximises.</p>"
        )
    weights = ", ".join(f"{k} {v:g}" for k, v in analysis.weights.as_dict().items())
    parts.append(f'<p class="small">Vulnerability weights (extra weight per person in a group; '
                 f"a policy choice, default 1 each): {_e(weights)}.</p>")
    return "".join(parts)


def _new_point_row(rank: int, point: NewPoint, analysis: NeedsAnalysis) -> list[str]:
    places = ", ".join(f"{name} ({_people(pop)})" for name, pop in point.newly_covered[:MAX_NAMED_PLACES])
    more = len(point.newly_covered) - MAX_NAMED_PLACES
    if more > 0:
        places += f" and {more} more"
    alternatives = "; ".join(point.alternatives)
    if point.more_alternatives:
        alternatives += f"; and {point.more_alternatives} more"
    name = _e(point.name) + (' <span class="small">(position approximate)</span>'
                             if point.approximate else "")
    return [
        str(rank), name,
        _e(municipality_names().get(point.municipality, point.municipality)),
        _people(point.adds_population), _e(places), _e(alternatives) or "–",
        _link(analysis.site_sources.get(point.id)),
    ]


def _gap_text(gap: float) -> str:
    if gap == 0:
        return "0 (proven optimal)"
    return "unbounded" if math.isinf(gap) else f"{100 * gap:.3f} %"


def _recommendation_section(analysis: NeedsAnalysis) -> str:
    rec = analysis.recommendation
    parts = [
        "<p>Maximal covering model (MCLP): the existing points stay open and the model chooses "
        f"{rec.requested} more among the candidate premises (p = {rec.p} sites in all) so that "
        "as much weighted demand as possible lies within the radius. Each premises is credited "
        "with the people it newly brings within reach and for whom it is the nearest new "
        "point.</p>",
        f"<p><strong>Eligible premises:</strong> {_e(rec.eligibility_rule)} — {rec.eligible} of "
        f"{rec.candidates} candidate premises with a position.</p>",
    ]
    if rec.new_points:
        parts.append(_table(
            [("#", False), ("premises", False), ("kommun", False), ("newly covered", True),
             ("places newly covered (people)", False), ("equally good alternatives", False),
             ("", False)],
            [_new_point_row(rank, p, analysis) for rank, p in enumerate(rec.new_points, 1)],
        ))
    result = rec.result
    if result is not None:
        rows = [
            ("objective (weighted demand covered, existing + new)", f"{result.objective:,.1f}"),
            ("proven upper bound", f"{result.bound:,.1f}"),
            ("gap", _gap_text(result.gap)),
            ("status / method", f"{result.status} / {result.method}"),
            ("solve time", f"{result.solve_time_s:.2f} s"),
        ]
        parts.append(_table([("model result", False), ("value", True)],
                            [(_e(a), _e(b)) for a, b in rows]))
    for note in rec.notes:
        parts.append(f'<p class="small">Note: {_e(note)}</p>')
    return "".join(parts)


def _points_section(analysis: NeedsAnalysis) -> str:
    rows = analysis.point_rows()
    if not rows:
        return "<p>There are no existing points with a position.</p>"
    table = _table(
        [("point", False), ("kommun", False), ("people within reach", True),
         ("reached by no other point", True), ("", False)],
        [(_e(r["name"]) + (' <span class="small">(position approximate)</span>'
                           if r["approximate"] else ""),
          _e(r["municipality"]), _people(r["within_reach"]), _people(r["only_here"]),
          _link(analysis.site_sources.get(r["id"])))
         for r in rows],
    )
    return table + (
        '<p class="small">“Reached by no other point”: the people who lose coverage if this '
        "point cannot open. A point with no one within reach lies where the demand has no "
        "demand point (the modelled demand has none in most small villages).</p>"
    )


def _uncovered_section(analysis: NeedsAnalysis) -> str:
    places = analysis.uncovered_places(after=True)
    if not places:
        return "<p>Everyone is within the radius.</p>"
    rows = [(_e(name), _e(kommun), _people(pop), "–" if math.isinf(km) else f"{km:.1f}")
            for name, kommun, pop, km in places[:MAX_UNCOVERED_ROWS]]
    more = len(places) - MAX_UNCOVERED_ROWS
    tail = f'<p class="small">… and {more} smaller places.</p>' if more > 0 else ""
    return _table([("place", False), ("kommun", False), ("people", True),
                   ("km to the nearest point", True)], rows) + tail


def _access_section(analysis: NeedsAnalysis, image: str | None) -> str:
    access = analysis.access
    if access is None:
        return ""
    notes = "".join(f'<p class="small">Note: {_e(n)}</p>' for n in access.notes)
    return (
        "<h2>Store and fuel access</h2>"
        "<p>Share of the population farther than 5, 10 and 20 km (estimated road distance) from "
        "the nearest grocery store and fuel station, as in Tillväxtverket's service analysis. "
        "A SOT-punkt counts as both.</p>"
        + _figure(image, "Bar chart of the share of the population beyond 5, 10 and 20 km from "
                  "a grocery store and a fuel station", "Store and fuel access.")
        + notes
    )


def _sources_section(analysis: NeedsAnalysis, boundaries_source: tuple[str, str] | None) -> str:
    items: list[tuple[str, str]] = []
    if analysis.demand.modelled:
        items += MODELLED_DEMAND_SOURCES
    else:
        items.append(("Population", analysis.demand.source or "the given population file"))
    items.append(("Existing points and candidate premises", analysis.inputs or "the given files"))
    if boundaries_source:
        items.append(boundaries_source)
    items.append(MUNICIPALITY_NAMES_SOURCE)
    if analysis.access is not None:
        items.append(SERVICE_POINTS_SOURCE)
    body = "".join(f"<li><strong>{_e(what)}:</strong> {_e(source)}</li>" for what, source in items)
    return (f"<ul>{body}</ul><p class='small'>The map is drawn from the kommun polygons alone: "
            "no map tiles, nothing fetched from the internet.</p>")


def _method_section(analysis: NeedsAnalysis) -> str:
    return (
        f"<p>A place is <em>covered</em> when the estimated road distance to its nearest point "
        f"is at most {analysis.radius_m / 1000:g} km; the estimate is the straight line in "
        f"SWEREF 99 TM times a detour factor of {analysis.detour:g} (measured circuity of road "
        "networks is mostly 1.2–1.4; sparse rural networks around lakes are higher). "
        "Each demand point is covered or not as a whole. See docs/needs-analysis.md and "
        "docs/location-models.md.</p>"
        + "".join(f'<p class="small">Note: {_e(n)}</p>' for n in analysis.notes)
    )


def render_html(
    analysis: NeedsAnalysis,
    images: Mapping[str, str | None],
    boundaries_source: tuple[str, str] | None = BUNDLED_BOUNDARIES_SOURCE,
) -> str:
    """The report page as a string.

    Parameters
    ----------
    analysis : NeedsAnalysis
    images : mapping of str to (str or None)
        File names (relative to the page) of the ``map``, ``municipalities``,
        ``distance`` and ``access`` images; None or missing = left out.
    boundaries_source : (str, str), optional
        What the map's kommun polygons are and their source/licence.
    """
    radius = f"{analysis.radius_m / 1000:g} km"
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(analysis.title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(analysis.title)}</h1>",
        f'<p class="small">Who is within {_e(radius)} by road of a trygghetspunkt, who is not, and '
        "which candidate premises would cover the most people.</p>",
        _demand_notice(analysis),
        _key_figures(analysis),
        _figure(images.get("map"), "Map of covered and uncovered population, existing points "
                "and recommended new points",
                "Circles: population at each demand point (area ∝ people). Triangles: existing "
                "points. Stars: recommended new points, numbered as in the table below."),
        "<h2>Coverage by kommun</h2>", _municipality_table(analysis),
        _figure(images.get("municipalities"), "Bar chart of the covered share per kommun",
                "Covered share per kommun, now and with the recommended points."),
        "<h2>Vulnerable groups</h2>", _groups_section(analysis),
        "<h2>Recommended new points</h2>", _recommendation_section(analysis),
        "<h2>Existing points</h2>", _points_section(analysis),
        "<h2>Still not covered</h2>", _uncovered_section(analysis),
        "<h2>Distance to the nearest point</h2>",
        _figure(images.get("distance"), "Cumulative share of the population by distance to the "
                "nearest point", "Share of the population within each distance of a point.")
        or "<p>No points: no distances.</p>",
        _access_section(analysis, images.get("access")),
        "<h2>Method</h2>", _method_section(analysis),
        "<h2>Data sources and licences</h2>", _sources_section(analysis, boundaries_source),
        "</main></body></html>\n",
    ])


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_report` wrote."""

    html: Path
    json: Path
    images: dict[str, Path]


def write_report(
    analysis: NeedsAnalysis,
    out_dir: str | Path,
    boundaries: MunicipalityBoundaries | None,
    boundaries_source: tuple[str, str] | None = BUNDLED_BOUNDARIES_SOURCE,
    dpi: int = figures.DPI,
) -> ReportFiles:
    """Draw the PNGs and write ``index.html`` and ``report.json`` into ``out_dir``.

    Parameters
    ----------
    analysis : NeedsAnalysis
        From :func:`~trygg.analysis.report.needs.analyse_needs`.
    out_dir : str or Path
        Folder to write to (created if missing; files of the same name are replaced).
    boundaries : MunicipalityBoundaries or None
        Kommun polygons for the map background.
    boundaries_source : (str, str), optional
        Their description and licence for the sources section.
    dpi : int
        Image resolution, dots per inch.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images: dict[str, Path] = {
        "map": figures.coverage_map(analysis, boundaries, out / "map.png", dpi),
        "municipalities": figures.municipality_chart(analysis, out / "municipalities.png", dpi),
    }
    distance = figures.distance_chart(analysis, out / "distance.png", dpi)
    if distance is not None:
        images["distance"] = distance
    if analysis.access is not None:
        images["access"] = figures.access_chart(analysis.access, out / "access.png", dpi)
    page = render_html(analysis, {k: p.name for k, p in images.items()}, boundaries_source)
    html_path = out / "index.html"
    html_path.write_text(page, encoding="utf-8")
    json_path = out / "report.json"
    json_path.write_text(
        json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2, allow_nan=False,
                   default=_json_default),
        encoding="utf-8",
    )
    return ReportFiles(html_path, json_path, images)


def _json_default(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()  # numpy scalars and arrays
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
