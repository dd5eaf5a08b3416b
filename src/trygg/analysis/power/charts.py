"""Charts of a scenario run: fuel level per point, and power source over time.

Drawn with matplotlib's object API (no pyplot, no display, no global state),
so it is safe in a server or a test run: PNG files for the CLI, SVG text for
the web page (glyphs drawn as paths, so the SVG needs no fonts or other
external assets). The words on a chart come from :class:`ChartText`, so a
page can pass them in its user's language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from trygg.analysis.power.simulation import PowerSource

if TYPE_CHECKING:
    from trygg.analysis.power.run import ScenarioRun

_COLOURS = {
    PowerSource.MAINS: "#9e9e9e",
    PowerSource.GENERATOR: "#2e7d32",
    PowerSource.NONE: "#c62828",
}


@dataclass(frozen=True)
class ChartText:
    """The words on the charts; English by default."""

    mains: str = "mains"
    generator: str = "generator"
    no_power: str = "no power"
    fuel_axis: str = "usable fuel in tank (l)"
    fuel_title: str = "{name}: fuel per point (dot = runs dry)"
    power_title: str = "{name}: power source per point"

    def source_label(self, source: PowerSource) -> str:
        return {PowerSource.MAINS: self.mains, PowerSource.GENERATOR: self.generator,
                PowerSource.NONE: self.no_power}[source]


ENGLISH = ChartText()


def _hour_ticks(run: ScenarioRun, ax: object, n_hours: int) -> None:
    step = 6 if n_hours <= 96 else 24
    ticks = np.arange(0, n_hours + 1, step)
    labels = [run.time_at(int(h)).strftime("%d/%m %H:%M") for h in ticks]
    ax.set_xticks(ticks)  # type: ignore[attr-defined]
    ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=7)  # type: ignore[attr-defined]
    ax.set_xlim(0, n_hours)  # type: ignore[attr-defined]


def _label(run: ScenarioRun, i: int) -> str:
    spec = run.scenario.points[i].spec
    return f"{int(run.arrays_.rank[i])}. {spec.name}"


def fuel_level_chart(run: ScenarioRun, path: str | Path) -> Path:
    """Usable litres in each generator tank over the outage, one line per point (PNG).

    Points that keep mains power are left out; a dot marks the hour a point
    is first cut.
    """
    path = Path(path)
    fuel_level_figure(run).savefig(path)
    return path


def fuel_level_figure(run: ScenarioRun, text: ChartText = ENGLISH) -> Figure:
    """The figure of :func:`fuel_level_chart`."""
    a, r = run.arrays_, run.result_
    shown = [i for i in a.order if a.affected[i] and a.runs[i]]
    fig = Figure(figsize=(10, 5.5), dpi=120)
    ax = fig.add_subplot()
    hours = np.arange(a.n_hours + 1)
    first_cut = r.first_cut_h
    for i in shown:
        (line,) = ax.plot(hours, r.level_l[i], drawstyle="steps-post", label=_label(run, i))
        if first_cut[i] >= 0:
            ax.plot(first_cut[i], 0, "o", color=line.get_color(), markersize=6)
    ax.set_ylabel(text.fuel_axis)
    ax.set_title(text.fuel_title.format(name=run.scenario.name))
    _hour_ticks(run, ax, a.n_hours)
    ax.grid(alpha=0.3)
    if shown:
        ax.legend(fontsize=7, loc="upper right", ncol=2)
    fig.tight_layout()
    return fig


def power_timeline_chart(run: ScenarioRun, path: str | Path) -> Path:
    """Power source per point per hour: mains, generator, or none (PNG)."""
    path = Path(path)
    power_timeline_figure(run).savefig(path)
    return path


def power_timeline_figure(run: ScenarioRun, text: ChartText = ENGLISH) -> Figure:
    """The figure of :func:`power_timeline_chart`."""
    a = run.arrays_
    source = run.result_.power_source
    order = list(a.order)
    fig = Figure(figsize=(10, 0.45 * len(order) + 1.8), dpi=120)
    ax = fig.add_subplot()
    for row, i in enumerate(order):
        for start, length, value in _runs(source[i]):
            ax.broken_barh([(start, length)], (row - 0.4, 0.8),
                           facecolors=_COLOURS[PowerSource(value)])
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([_label(run, i) for i in order], fontsize=7)
    ax.invert_yaxis()
    _hour_ticks(run, ax, a.n_hours)
    ax.set_title(text.power_title.format(name=run.scenario.name))
    ax.legend(handles=[Patch(color=_COLOURS[s], label=text.source_label(s)) for s in PowerSource],
              fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def svg_text(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no external assets)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    start, end = svg.find("<metadata>"), svg.find("</metadata>")
    if start >= 0 and end > start:
        svg = svg[:start] + svg[end + len("</metadata>"):]
    return svg


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, length, value) of each run of equal values."""
    change = np.flatnonzero(np.diff(values)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [values.size]])
    return [(int(s), int(e - s), int(values[s])) for s, e in zip(starts, ends, strict=True)]


def write_charts(run: ScenarioRun, directory: str | Path) -> list[Path]:
    """Write ``fuel-levels.png`` and ``power-timeline.png`` into ``directory`` (created)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return [
        fuel_level_chart(run, directory / "fuel-levels.png"),
        power_timeline_chart(run, directory / "power-timeline.png"),
    ]
