"""The configured road network for the web pages (issue 12, item 2; docs/needs-analysis.md "Vägnät").

``TRYGG_ROAD_PBF`` names an OpenStreetMap ``.osm.pbf``. Its graph is built once into
``TRYGG_ROAD_CACHE_DIR`` (keyed by the file's SHA-256) and kept in memory while the file's
size and modification time stay the same; without a file the pages use straight line × 1.3
and say so. A file that cannot be read is logged and treated as no file, so a bad path never
takes the coverage and access pages down.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from trygg.analysis.errors import AnalysisError
from trygg.analysis.network import RoadGraph, cached_road_graph
from trygg.analysis.travel import ROAD_KM, ROAD_MINUTES, STRAIGHT_LINE, metric_label

log = logging.getLogger(__name__)
_lock = threading.Lock()
_memo: dict[tuple[str, int, int, float], RoadGraph] = {}


def configured_pbf() -> Path | None:
    path = str(getattr(settings, "TRYGG_ROAD_PBF", "") or "")
    return Path(path) if path else None


def ferry_speed_kmh() -> float | None:
    speed = float(getattr(settings, "TRYGG_ROAD_FERRY_KMH", 0.0) or 0.0)
    return speed if speed > 0 else None


def configured_road_graph() -> RoadGraph | None:
    """The road graph of ``TRYGG_ROAD_PBF``, or None when none is configured or it cannot be read."""
    pbf = configured_pbf()
    if pbf is None:
        return None
    try:
        stat = pbf.stat()
    except OSError as exc:
        log.warning("TRYGG_ROAD_PBF %s cannot be read (%s): using straight lines", pbf, exc)
        return None
    key = (str(pbf.resolve()), stat.st_size, stat.st_mtime_ns, ferry_speed_kmh() or 0.0)
    with _lock:
        if key not in _memo:
            try:
                built = cached_road_graph(pbf, settings.TRYGG_ROAD_CACHE_DIR, ferry_speed_kmh=ferry_speed_kmh())
            except (AnalysisError, OSError) as exc:
                log.warning("TRYGG_ROAD_PBF %s gives no road graph (%s): using straight lines", pbf, exc)
                return None
            _memo.clear()
            _memo[key] = built.graph
        return _memo[key]


def page_metric(metric: str, detour: float | None = None) -> str:
    """:func:`trygg.analysis.travel.metric_label` in the page's language."""
    return metric_label(metric, detour, get_language() or settings.LANGUAGE_CODE)


def metric_choices(detour: float = 1.3) -> list[tuple[str, str]]:
    """The coverage page's measures, (key, label in the page's language), road km first."""
    return [(ROAD_KM, page_metric(ROAD_KM)), (ROAD_MINUTES, page_metric(ROAD_MINUTES)),
            (STRAIGHT_LINE, page_metric(STRAIGHT_LINE, detour))]
