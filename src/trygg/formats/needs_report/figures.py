"""PNG map and charts of the needs-analysis report.

Drawn with matplotlib's object API on the Agg renderer (no pyplot, no display,
no global state, no internet: the background is the kommun polygons, not map
tiles), so it is safe in a server or a test run. Coordinates are SWEREF 99 TM
(EPSG:3006) metres, drawn with equal aspect, so distances on the map are true.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from trygg.analysis.report.needs import NeedsAnalysis

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

    from trygg.analysis.access import AccessResult
    from trygg.analysis.demand import MunicipalityBoundaries

COVERED = "#2e7d32"
UNCOVERED = "#c62828"
NEWLY_COVERED = "#ef6c00"
EXISTING = "#1565c0"
NEW = "#ffb300"
LAND_IN_REPORT = "#f4f1e8"
LAND_OTHER = "#fbfbfb"

#: Marker area (pt²) of the largest demand point; areas are proportional to population.
MAX_MARKER_AREA = 900.0
MIN_MARKER_AREA = 6.0

#: Existing points are named on the map only when there are at most this many.
MAX_EXISTING_LABELS = 14
DPI = 110


def plain(text: str) -> str:
    """Text safe for matplotlib: a ``$`` in a name must not start mathtext."""
    return str(text).replace("$", r"\$")


def _save(fig: Figure, path: str | Path) -> Path:
    path = Path(path)
    FigureCanvasAgg(fig).print_png(str(path))
    return path


# --- the map ---------------------------------------------------------------------------


def _polygon_path(geometry: shapely.Geometry) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    vertices: list[Any] = []
    codes: list[Any] = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            vertices.extend(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.asarray(vertices), codes)


def _marker_area(population: np.ndarray, largest: float) -> np.ndarray:
    return MIN_MARKER_AREA + MAX_MARKER_AREA * population / max(largest, 1.0)


def _round_one_digit(value: float) -> float:
    if value <= 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(value))
    return float(round(value / magnitude) * magnitude)


@dataclass(frozen=True)
class _Extent:
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _new_point_xy(analysis: NeedsAnalysis) -> tuple[np.ndarray, np.ndarray]:
    """SWEREF 99 TM coordinates of the recommended premises, m, in ranking order."""
    indices = [p.index for p in analysis.recommendation.new_points]
    if analysis.candidates is None or not indices:
        return np.zeros(0), np.zeros(0)
    return analysis.candidates.x_m[indices], analysis.candidates.y_m[indices]


def _map_extent(
    analysis: NeedsAnalysis, boundaries: MunicipalityBoundaries | None, reach_m: float
) -> _Extent:
    """The demand, the sites with their reach, and the report's kommun polygons, with a margin."""
    site_x, site_y = _new_point_xy(analysis)
    if analysis.points is not None:
        site_x = np.concatenate([site_x, analysis.points.x_m])
        site_y = np.concatenate([site_y, analysis.points.y_m])
    xs = [analysis.demand.x_m, site_x - reach_m, site_x + reach_m]
    ys = [analysis.demand.y_m, site_y - reach_m, site_y + reach_m]
    if boundaries is not None:
        codes = {str(m) for m in analysis.demand.municipality}
        for code, polygon in zip(boundaries.codes, boundaries.polygons_m, strict=True):
            if code in codes:
                x0, y0, x1, y1 = polygon.bounds
                xs.append(np.array([x0, x1]))
                ys.append(np.array([y0, y1]))
    x, y = np.concatenate(xs), np.concatenate(ys)
    margin = 0.04 * max(np.ptp(x), np.ptp(y), 20_000.0)
    return _Extent(x.min() - margin, x.max() + margin, y.min() - margin, y.max() + margin)


def _draw_boundaries(
    ax: Axes, analysis: NeedsAnalysis, boundaries: MunicipalityBoundaries | None
) -> None:
    if boundaries is None:
        return
    codes = {str(m) for m in analysis.demand.municipality}
    for code, name, polygon in zip(
        boundaries.codes, boundaries.names, boundaries.polygons_m, strict=True
    ):
        inside = code in codes
        ax.add_patch(PathPatch(
            _polygon_path(polygon), facecolor=LAND_IN_REPORT if inside else LAND_OTHER,
            edgecolor="#8d8d8d" if inside else "#c8c8c8", linewidth=0.8, zorder=0,
        ))
        if inside:
            anchor = polygon.representative_point()
            ax.text(anchor.x, anchor.y, plain(name.removesuffix(" kommun")), fontsize=9,
                    color="#9a9a9a", style="italic", ha="center", va="center", zorder=1)


def _draw_reach(ax: Axes, x: np.ndarray, y: np.ndarray, reach_m: float, colour: str, dashed: bool) -> None:
    for cx, cy in {(float(a), float(b)) for a, b in zip(x, y, strict=True)}:
        ax.add_patch(Circle(
            (cx, cy), reach_m, facecolor=colour, alpha=0.08 if not dashed else 0.06,
            edgecolor="none", zorder=2,
        ))
        ax.add_patch(Circle(
            (cx, cy), reach_m, facecolor="none", edgecolor=colour, alpha=0.55,
            linewidth=0.9, linestyle="--" if dashed else "-", zorder=2,
        ))


def _draw_demand(ax: Axes, analysis: NeedsAnalysis) -> tuple[list[Any], list[Any]]:
    """Scatter the demand points; returns the legend handles for colours and for sizes."""
    demand = analysis.demand
    before, after = analysis.covered_before, analysis.covered_after
    largest = float(demand.population.max()) if demand.n else 1.0
    area = _marker_area(demand.population, largest)
    order = np.argsort(-demand.population)  # large first, so small ones stay visible on top
    groups = [
        (before, COVERED, "covered by existing points"),
        (after & ~before, NEWLY_COVERED, "covered by the recommended points"),
        (~after, UNCOVERED, "not covered"),
    ]
    handles = []
    for mask, colour, label in groups:
        idx = order[mask[order]]
        ax.scatter(demand.x_m[idx], demand.y_m[idx], s=area[idx], c=colour, alpha=0.72,
                   edgecolors="white", linewidths=0.6, zorder=3)
        if mask.any() or colour != NEWLY_COVERED:
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, color=colour,
                                  alpha=0.8, label=label))
    sizes = []
    for value in sorted({_round_one_digit(largest / d) for d in (100, 10, 1)}):
        if value > 0:
            sizes.append(Line2D([], [], marker="o", linestyle="", color="#9e9e9e", alpha=0.6,
                                  markersize=math.sqrt(float(_marker_area(np.array([value]), largest)[0])),
                                  label=f"{value:,.0f} people"))
    return handles, sizes


def _overlaps(box: Bbox, placed: Sequence[Bbox], area: Bbox, anchor: tuple[float, float]) -> bool:
    """Does a label box leave the map or hit an earlier label or a marker?

    The labelled point's own marker (a box containing the anchor) does not count.
    """
    inside = (box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1)
    return not inside or any(
        box.overlaps(other) for other in placed if not other.contains(*anchor)
    )


#: Label offsets tried in order, points: right, left, above, below of the point,
#: then the same directions farther out (with a leader line).
_NEAR_OFFSETS = [(11, 0, "left"), (-11, 0, "right"), (9, 12, "left"), (-9, 12, "right"),
                 (9, -12, "left"), (-9, -12, "right"), (0, 16, "center"), (0, -16, "center")]
_OFFSETS = _NEAR_OFFSETS + [
    (dx * scale, dy * scale, ha) for scale in (2.2, 3.6) for dx, dy, ha in _NEAR_OFFSETS
]


def _try_label(
    ax: Axes, renderer: RendererBase, x: float, y: float, text: str, placed: list[Bbox],
    fontsize: float, bold: bool, force: bool = False,
) -> bool:
    """Put ``text`` next to (x, y) at the first offset where it overlaps nothing placed."""
    area = ax.get_window_extent(renderer)
    anchor = (float(ax.transData.transform((x, y))[0]), float(ax.transData.transform((x, y))[1]))
    for dx, dy, ha in _OFFSETS:
        far = abs(dx) > 15 or abs(dy) > 20
        label = ax.annotate(
            plain(text), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha,
            va="center", fontsize=fontsize, fontweight="bold" if bold else "normal", zorder=6,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
                  "edgecolor": "#8d6e00" if bold else "#bdbdbd", "linewidth": 0.5},
            arrowprops={"arrowstyle": "-", "color": "#616161", "linewidth": 0.6} if far else None,
        )
        label.update_positions(renderer)
        # The text alone, without the leader line (Annotation's own extent includes it).
        box = Text.get_window_extent(label, renderer).expanded(1.08, 1.3)
        if force or not _overlaps(box, placed, area, anchor):
            placed.append(box)
            return True
        label.remove()
    return False


def _place_labels(
    ax: Axes, renderer: RendererBase, items: Sequence[tuple[float, float, str, str | None]],
    placed: list[Bbox], fontsize: float, bold: bool,
) -> int:
    """Label points where the text hits no earlier label or marker.

    Each item is (x, y, text, short text): when the text fits nowhere the
    short text is tried, and a short text is finally placed even if it
    overlaps (recommended points must always carry their number). Items
    without a short text are skipped when they do not fit; returns how many.
    """
    skipped = 0
    for x, y, text, short in items:
        if _try_label(ax, renderer, x, y, text, placed, fontsize, bold):
            continue
        if short is None:
            skipped += 1
        elif not _try_label(ax, renderer, x, y, short, placed, fontsize, bold):
            _try_label(ax, renderer, x, y, short, placed, fontsize, bold, force=True)
    return skipped


def _scale_bar(ax: Axes, extent: _Extent) -> None:
    length_m = _round_one_digit(extent.width / 5)
    x0 = extent.x0 + 0.05 * extent.width
    y0 = extent.y0 + 0.04 * extent.height
    ax.add_patch(Rectangle((x0, y0), length_m, 0.006 * extent.height, color="#424242", zorder=5))
    ax.text(x0 + length_m / 2, y0 + 0.015 * extent.height, f"{length_m / 1000:g} km",
            ha="center", va="bottom", fontsize=8, color="#424242", zorder=5)


def coverage_map(
    analysis: NeedsAnalysis,
    boundaries: MunicipalityBoundaries | None,
    path: str | Path,
    dpi: int = DPI,
) -> Path:
    """Map of demand (sized by population, coloured covered / newly covered / not),
    existing points with their reach, and the recommended new points highlighted.

    The reach circles have the straight-line radius ``radius_m / detour``, m.
    """
    reach_m = analysis.radius_m / analysis.detour
    extent = _map_extent(analysis, boundaries, reach_m)
    fig, ax = _map_axes(extent, dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    _draw_boundaries(ax, analysis, boundaries)
    points, new = analysis.points, analysis.recommendation.new_points
    if points is not None:
        _draw_reach(ax, points.x_m, points.y_m, reach_m, EXISTING, dashed=False)
    new_x, new_y = _new_point_xy(analysis)
    if len(new):
        _draw_reach(ax, new_x, new_y, reach_m, NEWLY_COVERED, dashed=True)
    handles, sizes = _draw_demand(ax, analysis)
    if points is not None:
        ax.scatter(points.x_m, points.y_m, marker="^", s=70, c=EXISTING, edgecolors="white",
                   linewidths=0.8, zorder=4)
        handles.append(Line2D([], [], marker="^", linestyle="", markersize=8, color=EXISTING,
                              label=f"existing point ({points.n})"))
    if len(new):
        ax.scatter(new_x, new_y, marker="*", s=380, c=NEW, edgecolors="black", linewidths=0.8, zorder=5)
        handles.append(Line2D([], [], marker="*", linestyle="", markersize=14, color=NEW,
                              markeredgecolor="black", label=f"recommended new point ({len(new)})"))
    _scale_bar(ax, extent)
    size_legend = ax.legend(handles=sizes, loc="lower right", fontsize=7.5, framealpha=0.92,
                            borderpad=1.4, labelspacing=2.2, handletextpad=1.6, title="population",
                            title_fontsize=7.5)
    ax.add_artist(size_legend)
    legend = ax.legend(handles=handles, loc="upper left", fontsize=7.5, framealpha=0.92,
                       borderpad=0.8, labelspacing=0.9)
    placed = [legend.get_window_extent(renderer), size_legend.get_window_extent(renderer)]
    for box in (legend, size_legend):
        box.set_zorder(7)
    placed += _marker_boxes(ax, new_x, new_y, 20.0, dpi)
    if points is not None:
        placed += _marker_boxes(ax, points.x_m, points.y_m, 9.0, dpi)
    _place_labels(ax, renderer, [(float(x), float(y), f"{rank}. {p.name}", str(rank))
                                 for rank, (x, y, p)
                                 in enumerate(zip(new_x, new_y, new, strict=True), start=1)],
                  placed, fontsize=8.5, bold=True)
    if points is not None and points.n <= MAX_EXISTING_LABELS:
        _place_labels(ax, renderer, _existing_labels(analysis), placed, fontsize=7, bold=False)
    fig.suptitle(plain(_map_title(analysis)), fontsize=10.5,
                 y=1 - 0.08 / fig.get_figheight(), va="top")
    return _save(fig, path)


def _marker_boxes(ax: Axes, x: np.ndarray, y: np.ndarray, size_pt: float, dpi: int) -> list[Bbox]:
    """Display-space boxes around markers, so labels do not cover them."""
    if len(x) == 0:
        return []
    half = size_pt * dpi / 72.0 / 2.0
    centres = ax.transData.transform(np.column_stack([x, y]))
    return [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]


#: Largest map height, inches; wide areas get less.
MAP_WIDTH_IN = 8.5
MAX_MAP_HEIGHT_IN = 12.5
TITLE_IN = 0.65


def _map_axes(extent: _Extent, dpi: int) -> tuple[Figure, Axes]:
    """A figure whose axes have exactly the extent's aspect ratio (no empty bands)."""
    axes_w = MAP_WIDTH_IN - 0.3
    axes_h = axes_w * extent.height / extent.width
    if axes_h > MAX_MAP_HEIGHT_IN:
        axes_w, axes_h = axes_w * MAX_MAP_HEIGHT_IN / axes_h, MAX_MAP_HEIGHT_IN
    fig_h = axes_h + TITLE_IN + 0.15
    fig = Figure(figsize=(MAP_WIDTH_IN, fig_h), dpi=dpi)
    ax = fig.add_axes((
        (MAP_WIDTH_IN - axes_w) / 2 / MAP_WIDTH_IN, 0.15 / fig_h,
        axes_w / MAP_WIDTH_IN, axes_h / fig_h,
    ))
    ax.set_aspect("equal")
    ax.set_xlim(extent.x0, extent.x1)
    ax.set_ylim(extent.y0, extent.y1)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig, ax


def _existing_labels(analysis: NeedsAnalysis) -> list[tuple[float, float, str, str | None]]:
    """One label per position (points at the same premises share it)."""
    points = analysis.points
    assert points is not None
    by_position: dict[tuple[float, float], list[str]] = {}
    for x, y, name in zip(points.x_m, points.y_m, points.names, strict=True):
        by_position.setdefault((round(float(x)), round(float(y))), []).append(name)
    return [(x, y, names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1})", None)
            for (x, y), names in by_position.items()]


def _map_title(analysis: NeedsAnalysis) -> str:
    return (f"{analysis.title}\ncovered within {analysis.radius_m / 1000:g} km by road "
            f"(straight line × {analysis.detour:g}); circles show each point's reach")


# --- charts ------------------------------------------------------------------------------


def municipality_chart(analysis: NeedsAnalysis, path: str | Path, dpi: int = DPI) -> Path:
    """Covered share of the population per kommun: now, added by the new points, and not covered."""
    rows = analysis.by_municipality()
    total = {"name": "All", "population": analysis.total, "covered": analysis.covered,
             "covered_with_new": analysis.covered_with_new}
    rows = [*rows, total] if len(rows) > 1 else rows
    names = [plain(str(r["name"])) for r in rows]
    population = np.array([r["population"] for r in rows], dtype=float)
    safe = np.where(population > 0, population, 1.0)
    now = np.array([r["covered"] for r in rows]) / safe
    after = np.array([r["covered_with_new"] for r in rows]) / safe
    fig = Figure(figsize=(8.5, 0.42 * len(rows) + 1.6), dpi=dpi)
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    ax.barh(y, now, color=COVERED, label="covered by existing points")
    ax.barh(y, after - now, left=now, color=NEWLY_COVERED, label="added by the recommended points")
    ax.barh(y, 1 - after, left=after, color="#e0e0e0", label="not covered")
    for yi, a, b, pop in zip(y, now, after, population, strict=True):
        text = f"{100 * a:.0f} %" + (f" → {100 * b:.0f} %" if b > a + 1e-9 else "")
        ax.text(1.01, yi, f"{text}  of {pop:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, names, fontsize=8.5)
    ax.set_xlim(0, 1)
    ax.set_xticks(np.linspace(0, 1, 6), [f"{v:.0f} %" for v in np.linspace(0, 100, 6)], fontsize=8)
    ax.set_title(f"Share of the population within {analysis.radius_m / 1000:g} km of a point",
                 fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / max(len(rows), 2) - 0.1),
              ncol=3, fontsize=7.5, frameon=False)
    fig.subplots_adjust(left=0.2, right=0.76, top=1 - 0.55 / fig.get_figheight(),
                        bottom=1.0 / fig.get_figheight())
    return _save(fig, path)


def _cumulative_share(distance_km: np.ndarray, population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    finite = np.isfinite(distance_km)
    order = np.argsort(distance_km[finite])
    x = distance_km[finite][order]
    share = np.cumsum(population[finite][order]) / max(population.sum(), 1e-12)
    return np.concatenate([[0.0], x]), np.concatenate([[0.0], share])


def distance_chart(analysis: NeedsAnalysis, path: str | Path, dpi: int = DPI) -> Path | None:
    """Cumulative share of the population by estimated road distance to the nearest point.

    None when there are no points at all (no distances to draw).
    """
    if analysis.before is None and analysis.after is None:
        return None
    population = analysis.demand.population
    fig = Figure(figsize=(8.5, 4.2), dpi=dpi)
    ax = fig.add_subplot()
    largest = 0.0
    curves = [(analysis.nearest_before_m, COVERED, "existing points", "-", 3.0)]
    if analysis.after is not None:
        curves.append((analysis.nearest_after_m, NEWLY_COVERED, "with the recommended points",
                       "--", 1.8))
    for distance_m, colour, label, style, width in curves:
        if not np.isfinite(distance_m).any():
            continue
        x, share = _cumulative_share(distance_m / 1000.0, population)
        largest = max(largest, float(x[-1]))
        ax.step(x, 100 * share, where="post", color=colour, linewidth=width, linestyle=style,
                label=label)
    radius_km = analysis.radius_m / 1000.0
    ax.axvline(radius_km, color="#424242", linestyle=":", linewidth=1)
    ax.text(radius_km, 3, f" {radius_km:g} km", fontsize=8, color="#424242")
    ax.set_xlim(0, max(largest * 1.03, 2 * radius_km))
    ax.set_ylim(0, 101)
    ax.set_xlabel(f"estimated road distance to the nearest point, km (straight line × {analysis.detour:g})",
                  fontsize=8.5)
    ax.set_ylabel("population within the distance, %", fontsize=8.5)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Population by distance to the nearest point", fontsize=10)
    fig.tight_layout()
    return _save(fig, path)


#: Colours of the distance bands, near to far.
_BAND_COLOURS = ("#1b5e20", "#66bb6a", "#ffb74d", "#e53935", "#8e0000")
_KIND_TITLES = {"grocery": "grocery store", "fuel": "fuel station"}


def _band_shares(
    distance_m: np.ndarray, population: np.ndarray, thresholds_km: Sequence[float]
) -> np.ndarray:
    """Share of ``population`` in each band: ≤ t1, t1–t2, …, > t_last (sums to 1)."""
    total = max(float(population.sum()), 1e-12)
    edges = [0.0, *[t * 1000.0 for t in thresholds_km], np.inf]
    shares = [
        float(population[(distance_m > lo) & (distance_m <= hi)].sum()) / total
        for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    shares[0] += float(population[distance_m <= 0].sum()) / total
    return np.array(shares)


def access_chart(access: AccessResult, path: str | Path, dpi: int = DPI) -> Path:
    """Population by distance band to the nearest grocery store and fuel station, per kommun.

    One panel per kind; a kommun with no listed point of that kind is marked,
    since its residents' distances then run to a neighbouring kommun.
    """
    from trygg.data import municipality_names

    names = municipality_names()
    demand = access.demand
    codes = sorted({str(m) for m in demand.municipality})
    kinds = list(access.services)
    thresholds = access.thresholds_km
    labels = [f"≤ {thresholds[0]:g} km"] + [
        f"{a:g}–{b:g} km" for a, b in zip(thresholds[:-1], thresholds[1:], strict=True)
    ] + [f"> {thresholds[-1]:g} km"]
    rows = len(codes) + (1 if len(codes) > 1 else 0)
    fig = Figure(figsize=(8.5, 0.34 * rows * len(kinds) + 1.9), dpi=dpi)
    axes = fig.subplots(len(kinds), 1, sharex=True, squeeze=False)[:, 0]
    for ax, kind in zip(axes, kinds, strict=True):
        service = access.services[kind]
        listed = {str(m) for m in service.sites.municipality}
        masks = [demand.municipality == c for c in codes]
        tick_labels = [plain(names.get(c, c)) + ("" if c in listed else " (none listed)")
                       for c in codes]
        if len(codes) > 1:
            masks.append(np.ones(demand.n, dtype=bool))
            tick_labels.append("All")
        y = np.arange(len(masks))[::-1]
        left = np.zeros(len(masks))
        for band, label in enumerate(labels):
            widths = np.array([
                _band_shares(service.distance_m[m], demand.population[m], thresholds)[band]
                for m in masks
            ])
            ax.barh(y, widths, left=left, color=_BAND_COLOURS[min(band, len(_BAND_COLOURS) - 1)],
                    label=label)
            left += widths
        ax.set_yticks(y, tick_labels, fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_title(f"Distance to the nearest {_KIND_TITLES.get(kind, kind)} "
                     f"({service.sites.n} listed)", fontsize=9.5)
    axes[-1].set_xticks(np.linspace(0, 1, 6), [f"{v:.0f} %" for v in np.linspace(0, 100, 6)],
                        fontsize=8)
    axes[-1].set_xlabel("share of the population (upper bounds: the service list is incomplete)",
                        fontsize=8.5)
    axes[0].legend(loc="lower center", bbox_to_anchor=(0.5, 1.12), ncol=len(labels),
                   fontsize=7.5, frameon=False)
    fig.tight_layout()
    return _save(fig, path)
