"""Beasley's OR-Library p-median instances (``pmed1`` … ``pmed40``), read into a cost matrix.

The classic benchmark of the p-median literature (J.E. Beasley, "A note on
solving large p-median problems", European Journal of Operational Research 21
(1985) 270-273): an undirected graph with integer edge costs, every vertex both
demand (weight 1) and candidate, costs the shortest-path distances.

File format: a first line ``n m p`` (vertices, edges, medians), then ``m`` lines
``i j cost`` with 1-based vertices. Some edges appear more than once; as
OR-Library's notes say, the last one read is the one that counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse import csgraph

from trygg.analysis.locate.validation import LocationInputError
from trygg.text import N_


@dataclass(frozen=True)
class PMedianInstance:
    """A p-median instance: shortest-path costs between all vertices and ``p``."""

    name: str
    costs: NDArray[np.float64]
    p: int


def read_orlib_pmedian(path: str | Path) -> PMedianInstance:
    """Read an OR-Library ``pmedN.txt`` file and compute all shortest-path costs."""
    path = Path(path)
    lines = path.read_text().split("\n")
    header = lines[0].split()
    if len(header) != 3:
        raise LocationInputError(N_("{file}: line 1 must be 'n m p', got {text!r}", file=path.name, text=lines[0]))
    n, m, p = (int(value) for value in header)
    rows = [line.split() for line in lines[1:] if line.strip()]
    if len(rows) != m or any(len(row) != 3 for row in rows):
        raise LocationInputError(N_("{file}: expected {m} lines 'i j cost' after the header", file=path.name, m=m))
    edges = np.asarray(rows, dtype=np.int64)
    if edges[:, :2].min() < 1 or edges[:, :2].max() > n:
        raise LocationInputError(N_("{file}: vertices must be between 1 and {n}", file=path.name, n=n))
    return PMedianInstance(path.stem, shortest_path_costs(n, edges), p)


def read_published_optima(path: str | Path) -> dict[str, int]:
    """Published optima from a text listing ``pmedN value`` pairs (OR-Library's pmedopt layout)."""
    return {name: int(value) for name, value in re.findall(r"(pmed\d+)\s+(\d+)", Path(path).read_text())}


def shortest_path_costs(n: int, edges: NDArray[np.int64]) -> NDArray[np.float64]:
    """All-pairs shortest paths of an undirected graph given as ``(i, j, cost)`` rows, 1-based.

    A repeated edge keeps its last cost.
    """
    low = np.minimum(edges[:, 0], edges[:, 1]) - 1
    high = np.maximum(edges[:, 0], edges[:, 1]) - 1
    key = low * n + high
    # np.unique keeps the first occurrence: look at the edges backwards.
    _, last = np.unique(key[::-1], return_index=True)
    keep = len(key) - 1 - last
    graph = sparse.csr_array(
        (edges[keep, 2].astype(np.float64), (low[keep], high[keep])), shape=(n, n)
    )
    return np.asarray(csgraph.shortest_path(graph, method="D", directed=False), dtype=np.float64)
