"""A printable one-page generator and fuel sheet per point (for the point binder).

:func:`generator_sheet_html` returns a self-contained HTML document (inline
CSS sized for A4, an inline SVG bar chart of the load by hour, no external
files), so it prints from a browser or renders to PDF with WeasyPrint::

    weasyprint.HTML(string=generator_sheet_html(check)).write_pdf("sheet.pdf")

Labels and the check's findings are translatable texts (:mod:`trygg.text`): Swedish
first (the binder is read on site) or English; any other language gets Swedish.
"""

from __future__ import annotations

from html import escape

import numpy as np

from trygg.analysis.power.generator import GeneratorKind
from trygg.analysis.power.point import PowerCheck
from trygg.rules.catalogue import LoadClass
from trygg.text import NP_, Catalogue, Text, catalogue, language_code

_LABELS: dict[str, Text] = {
    "title": NP_("power sheet", "Backup power and fuel"),
    "level": NP_("power sheet", "Level"),
    "hours": NP_("power sheet", "Open"),
    "priority": NP_("power sheet", "Priority"),
    "generator": NP_("power sheet", "Generator"),
    "kind": NP_("power sheet", "Kind"),
    "rated": NP_("power sheet", "Rated power"),
    "tank": NP_("power sheet", "Tank (usable)"),
    "fill": NP_("power sheet", "Fuel at start"),
    "load": NP_("power sheet", "Load budget"),
    "class": NP_("power sheet", "Load class"),
    "peak_kw": NP_("power sheet", "Peak kW"),
    "total": NP_("power sheet", "Total (peak hour)"),
    "mean": NP_("power sheet", "Mean over the day"),
    "required": NP_("power sheet", "Required with margin"),
    "hourly": NP_("power sheet", "Load by hour"),
    "fuel": NP_("power sheet", "Fuel"),
    "per_day": NP_("power sheet", "Consumption per day"),
    "endurance": NP_("power sheet", "Lasts"),
    "dry_at": NP_("power sheet", "Tank empty"),
    "never": NP_("power sheet", "never runs dry"),
    "flags": NP_("power sheet", "To fix"),
    "none": NP_("power sheet", "No findings."),
    "notes": NP_("power sheet", "Notes"),
    "supplier": NP_("power sheet", "Fuel supplier / agreement"),
    "contact": NP_("power sheet", "Refuelling contact"),
    "test": NP_("power sheet", "Last test run"),
    "outdoor": NP_("power sheet", "Outdoor temperature assumed"),
    "source": NP_(
        "power sheet",
        "Consumption: vendor table (l/h at ¼, ½, ¾ and full load), interpolated. "
        "Load: nameplate kW × simultaneity factor per load class."
    ),
}

_CLASS_NAMES: dict[LoadClass, Text] = {
    LoadClass.HEATING: NP_("load class", "heating"),
    LoadClass.KITCHEN: NP_("load class", "kitchen"),
    LoadClass.LIGHTING: NP_("load class", "lighting"),
    LoadClass.CHARGING: NP_("load class", "charging"),
    LoadClass.IT_COMMS: NP_("load class", "it_comms"),
    LoadClass.WATER_PUMPS: NP_("load class", "water_pumps"),
    LoadClass.OTHER: NP_("load class", "other"),
}

_KINDS: dict[GeneratorKind, Text] = {
    GeneratorKind.FIXED: NP_("generator kind", "fixed"),
    GeneratorKind.CONNECTION_POINT: NP_("generator kind", "connection point"),
    GeneratorKind.PORTABLE: NP_("generator kind", "portable"),
    GeneratorKind.NONE: NP_("generator kind", "none"),
}

_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm 0; border-bottom: 1px solid #999; }
.meta { color: #444; margin-bottom: 2mm; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; }
.cols { display: flex; gap: 6mm; }
.cols > div { flex: 1; }
.flag-high { color: #b71c1c; font-weight: bold; }
.flag-medium { color: #e65100; }
.flag-info { color: #555; }
.line { border-bottom: 1px solid #888; height: 7mm; }
.small { font-size: 7.5pt; color: #555; }
"""


def generator_sheet_html(check: PowerCheck, language: str = "sv") -> str:
    """A one-page HTML document for one point's generator and fuel.

    Parameters
    ----------
    check : PowerCheck
        From :func:`~trygg.analysis.power.point.check_point`.
    language : {"sv", "en"}
        Anything else gets Swedish.
    """
    if language_code(language) not in ("sv", "en"):
        language = "sv"
    cat = catalogue(language)
    t = {key: text.render(cat) for key, text in _LABELS.items()}
    d = check.to_dict()
    parts = [
        f"<!DOCTYPE html><html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">",
        f"<title>{escape(t['title'])}: {escape(d['name'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(t['title'])}: {escape(d['name'])}</h1>",
        _meta(check, t),
        "<div class=\"cols\"><div>",
        _generator_block(check, t, cat),
        _fuel_block(check, t),
        "</div><div>",
        _load_block(check, t, cat),
        "</div></div>",
        f"<h2>{escape(t['hourly'])}</h2>",
        _hourly_svg(check),
        _flags_block(check, t, cat),
        _notes_block(t),
        f"<p class=\"small\">{escape(t['source'])} {escape(t['outdoor'])}: "
        f"{d['outdoor_c']:g} °C.</p>",
        "</body></html>",
    ]
    return "".join(parts)


def _meta(check: PowerCheck, t: dict[str, str]) -> str:
    spec = check.spec
    hours = spec.hours
    items = [f"ID {escape(spec.id)}", f"{t['level']} {spec.level}",
             f"{t['hours']} {hours.open_h:02d}–{hours.close_h:02d}"]
    if spec.priority_rank is not None:
        items.append(f"{t['priority']} {spec.priority_rank}")
    return f"<div class=\"meta\">{' · '.join(escape(i) for i in items)}</div>"


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in pairs)


def _generator_block(check: PowerCheck, t: dict[str, str], cat: Catalogue) -> str:
    g = check.spec.generator
    rated = f"{check.rated_kw:.1f} kW"
    if g.rated_kva is not None:
        rated += f" ({g.rated_kva:g} kVA)"
    kind = _KINDS[g.kind].render(cat)
    pairs = [(t["kind"], kind), (t["rated"], rated)]
    if g.kind is not GeneratorKind.NONE:
        pairs += [(t["tank"], f"{g.tank_l:.0f} l ({g.usable_tank_l:.0f} l)"),
                  (t["fill"], f"{check.usable_l:.0f} l")]
    return f"<h2>{escape(t['generator'])}</h2><table>{_rows(pairs)}</table>"


def _fuel_block(check: PowerCheck, t: dict[str, str]) -> str:
    endurance = (t["never"] if not np.isfinite(check.endurance_h)
                 else f"{check.endurance_h:.1f} h")
    pairs = [(t["per_day"], f"{check.litres_per_day:.1f} l"), (t["endurance"], endurance)]
    if check.runs_dry_at is not None:
        pairs.append((t["dry_at"], check.runs_dry_at.strftime("%Y-%m-%d %H:%M")))
    return f"<h2>{escape(t['fuel'])}</h2><table>{_rows(pairs)}</table>"


def _load_block(check: PowerCheck, t: dict[str, str], cat: Catalogue) -> str:
    rows = []
    for load_class, kw in check.budget.by_class_kw.items():
        if np.any(kw > 0):
            name = _CLASS_NAMES[load_class].render(cat)
            rows.append(f"<tr><td>{escape(name)}</td><td class=\"num\">{kw.max():.1f}</td></tr>")
    b = check.budget
    summary = [
        (t["total"], f"{b.peak_kw:.1f} kW"),
        (t["mean"], f"{b.mean_kw:.1f} kW"),
        (t["required"], f"{check.required_kw:.1f} kW (× {check.margin:g})"),
    ]
    return (
        f"<h2>{escape(t['load'])}</h2><table><tr><th>{escape(t['class'])}</th>"
        f"<th class=\"num\">{escape(t['peak_kw'])}</th></tr>{''.join(rows)}</table>"
        f"<table>{_rows(summary)}</table>"
    )


def _hourly_svg(check: PowerCheck) -> str:
    """An inline SVG bar chart: load per hour of day against the rating."""
    kw = check.budget.hourly_kw
    width, height, pad = 640.0, 130.0, 22.0
    top = max(float(kw.max()), check.rated_kw, 1.0) * 1.1
    bar = (width - pad) / 24.0
    scale = (height - pad) / top
    bars = "".join(
        f"<rect x=\"{pad + h * bar + 1:.1f}\" y=\"{height - pad - v * scale:.1f}\" "
        f"width=\"{bar - 2:.1f}\" height=\"{v * scale:.1f}\" fill=\"#2e7d32\"/>"
        for h, v in enumerate(kw)
    )
    labels = "".join(
        f"<text x=\"{pad + h * bar + bar / 2:.1f}\" y=\"{height - 8:.1f}\" font-size=\"8\" "
        f"text-anchor=\"middle\">{h:02d}</text>"
        for h in range(0, 24, 3)
    )
    rated = ""
    if check.rated_kw > 0:
        y = height - pad - check.rated_kw * scale
        rated = (f"<line x1=\"{pad}\" x2=\"{width}\" y1=\"{y:.1f}\" y2=\"{y:.1f}\" stroke=\"#c62828\" "
                 f"stroke-dasharray=\"4 3\"/><text x=\"{pad + 2}\" y=\"{y - 3:.1f}\" font-size=\"8\" "
                 f"fill=\"#c62828\">{check.rated_kw:.0f} kW</text>")
    return (f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 {width:.0f} "
            f"{height:.0f}\">{bars}{rated}{labels}</svg>")


def _flags_block(check: PowerCheck, t: dict[str, str], cat: Catalogue) -> str:
    if not check.flags:
        return f"<h2>{escape(t['flags'])}</h2><p>{escape(t['none'])}</p>"
    items = "".join(
        f"<li class=\"flag-{escape(f.severity.value)}\">{escape(f.text.render(cat))}</li>" for f in check.flags
    )
    return f"<h2>{escape(t['flags'])}</h2><ul>{items}</ul>"


def _notes_block(t: dict[str, str]) -> str:
    rows = "".join(f"<tr><th style=\"width:40%\">{escape(t[k])}</th><td class=\"line\"></td></tr>"
                   for k in ("supplier", "contact", "test"))
    return f"<h2>{escape(t['notes'])}</h2><table>{rows}</table>"
