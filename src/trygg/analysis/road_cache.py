"""The road graph's file cache: a built graph stored as ``.npz``, named by the ``.pbf``'s SHA-256 and the options.

Part of :mod:`trygg.analysis.network` (its docstring's *Cache*): a second build of the same
file reads it, and a changed file (or other options) builds anew.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import SWEREF99TM
from trygg.analysis.road_graph import RoadGraph, build_road_graph
from trygg.analysis.road_tags import DEFAULT_MAX_EDGE_M, DEFAULT_SPEEDS_KMH
from trygg.text import N_

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

CACHE_FORMAT = 1


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file's bytes, hex (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def cache_key(pbf_sha256: str, crs: str, speeds_kmh: Mapping[str, float], max_edge_m: float,
              ferry_speed_kmh: float | None) -> str:
    """What the cached graph depends on: the file's hash and every build option."""
    options = json.dumps({"format": CACHE_FORMAT, "crs": crs, "speeds": dict(sorted(speeds_kmh.items())),
                          "max_edge_m": max_edge_m, "ferry_kmh": ferry_speed_kmh}, sort_keys=True)
    return hashlib.sha256(f"{pbf_sha256}|{options}".encode()).hexdigest()[:32]


def save_graph(graph: RoadGraph, path: str | Path) -> None:
    """Write the graph as a compressed ``.npz`` (atomically: a half-written cache is never read)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(
        tmp, time_data=graph.time_s.data, time_indices=graph.time_s.indices, time_indptr=graph.time_s.indptr,
        length_data=graph.length_m.data, length_indices=graph.length_m.indices,
        length_indptr=graph.length_m.indptr, x_m=graph.x_m, y_m=graph.y_m, osm_node_id=graph.osm_node_id,
        component=graph.component, meta=np.array(json.dumps(
            {"main_component": graph.main_component, "crs": graph.crs, "n_ways": graph.n_ways})))
    tmp.replace(path)


def load_graph(path: str | Path) -> RoadGraph:
    """A graph written by :func:`save_graph`."""
    with np.load(Path(path), allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        n = len(data["x_m"])
        time_s = sparse.csr_array((data["time_data"], data["time_indices"], data["time_indptr"]), shape=(n, n))
        length_m = sparse.csr_array((data["length_data"], data["length_indices"], data["length_indptr"]),
                                    shape=(n, n))
        return RoadGraph(time_s, length_m, data["x_m"], data["y_m"], data["osm_node_id"], data["component"],
                         int(meta["main_component"]), str(meta["crs"]), int(meta["n_ways"]))


@dataclass(frozen=True)
class CachedGraph:
    """A road graph and where it came from."""

    graph: RoadGraph
    cache_path: Path
    from_cache: bool
    pbf_sha256: str


def cached_road_graph(
    pbf_path: str | Path,
    cache_dir: str | Path,
    crs: str = SWEREF99TM,
    speeds_kmh: Mapping[str, float] | None = None,
    max_edge_m: float = DEFAULT_MAX_EDGE_M,
    progress: bool = False,
    ferry_speed_kmh: float | None = None,
) -> CachedGraph:
    """:func:`build_road_graph`, once per file: reused from ``cache_dir`` while the file's hash matches."""
    path = Path(pbf_path)
    if not path.is_file():
        raise AnalysisError(N_("{path}: no such file", path=str(path)))
    sha = file_sha256(path)
    speeds = dict(speeds_kmh or DEFAULT_SPEEDS_KMH)
    key = cache_key(sha, crs, speeds, max_edge_m, ferry_speed_kmh)
    cache_path = Path(cache_dir) / f"roads-{key}.npz"
    if cache_path.is_file():
        try:
            return CachedGraph(load_graph(cache_path), cache_path, True, sha)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file is built anew
    graph = build_road_graph(path, crs, speeds, max_edge_m, progress, ferry_speed_kmh)
    save_graph(graph, cache_path)
    return CachedGraph(graph, cache_path, False, sha)


# --- travel times -----------------------------------------------------------------
