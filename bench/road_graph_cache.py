"""Build a road graph from a synthetic .pbf once, then read it from the cache; print both times.

    .venv/bin/python bench/road_graph_cache.py [--side 400]

A square grid of ``side`` × ``side`` nodes 100 m apart near Östersund (rows residential, columns
tertiary), written with osmium's writer; the graph is built by ``cached_road_graph`` into a
temporary cache folder and then read back.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import osmium

from trygg.analysis.geo import xy_to_lonlat
from trygg.analysis.network import cached_road_graph


def write_grid(path: Path, side: int) -> Path:
    xs = [480_000.0 + 100.0 * i for j in range(side) for i in range(side)]
    ys = [7_000_000.0 + 100.0 * j for j in range(side) for i in range(side)]
    lon, lat = xy_to_lonlat(xs, ys)
    with osmium.SimpleWriter(str(path)) as writer:
        for k, (lo, la) in enumerate(zip(lon, lat, strict=True), start=1):
            writer.add_node(osmium.osm.mutable.Node(id=k, location=(float(lo), float(la))))
        way = 0
        for j in range(side):
            way += 1
            writer.add_way(osmium.osm.mutable.Way(id=way, nodes=[1 + j * side + i for i in range(side)],
                                                  tags={"highway": "residential"}))
        for i in range(side):
            way += 1
            writer.add_way(osmium.osm.mutable.Way(id=way, nodes=[1 + j * side + i for j in range(side)],
                                                  tags={"highway": "tertiary"}))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pbf = write_grid(Path(tmp) / "grid.osm.pbf", args.side)
        start = time.perf_counter()
        built = cached_road_graph(pbf, Path(tmp) / "cache")
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        cached = cached_road_graph(pbf, Path(tmp) / "cache")
        read_s = time.perf_counter() - start
        assert not built.from_cache and cached.from_cache
        print(f"{built.graph.n_vertices} vertices, {built.graph.n_edges} edges: build and cache {build_s:.2f} s, "
              f"read from the cache {read_s:.2f} s ({built.cache_path.stat().st_size / 1e6:.1f} MB .npz)")


if __name__ == "__main__":
    main()
