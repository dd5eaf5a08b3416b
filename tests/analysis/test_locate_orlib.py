"""p-median against the optima published for Beasley's OR-Library instances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trygg.analysis.locate import PMedian
from trygg.analysis.locate.orlib import (
    read_orlib_pmedian,
    read_published_optima,
    shortest_path_costs,
)
from trygg.analysis.locate.validation import LocationInputError

FOLDER = Path(__file__).resolve().parents[1] / "data" / "orlib_pmed"


def published_optima() -> dict[str, int]:
    """The table of optima in the folder's NOTICE (OR-Library's pmedopt)."""
    return read_published_optima(FOLDER / "NOTICE")


INSTANCES = sorted(FOLDER.glob("pmed*.txt"), key=lambda path: int(path.stem[4:]))


def test_the_bundled_set_spans_the_sizes_and_medians_the_literature_uses():
    headers = [path.read_text().split("\n", 1)[0].split() for path in INSTANCES]
    assert len(INSTANCES) >= 17
    assert max(int(n) for n, _, _ in headers) == 900
    assert max(int(p) for _, _, p in headers) == 200
    assert len(published_optima()) == 40


@pytest.mark.parametrize("path", INSTANCES, ids=[path.stem for path in INSTANCES])
def test_pmedian_proves_the_published_optimum(path):
    instance = read_orlib_pmedian(path)
    result = PMedian(instance.p, time_limit_s=300).solve(instance.costs, np.ones(len(instance.costs))).result_

    assert result.objective == published_optima()[instance.name]
    assert result.gap == 0.0
    assert result.status == "optimal"
    assert len(result.sites) == instance.p


def test_a_repeated_edge_keeps_its_last_cost():
    edges = np.array([[1, 2, 5], [2, 3, 1], [2, 1, 9]])

    costs = shortest_path_costs(3, edges)

    assert costs[0, 1] == 9.0
    assert costs[0, 2] == 10.0
    assert costs[2, 1] == 1.0


def test_a_file_whose_edge_count_disagrees_with_its_header_is_refused(tmp_path):
    path = tmp_path / "pmed99.txt"
    path.write_text("3 3 1\n1 2 5\n2 3 1\n")

    with pytest.raises(LocationInputError, match="expected 3 lines"):
        read_orlib_pmedian(path)


def test_a_vertex_outside_the_graph_is_refused(tmp_path):
    path = tmp_path / "pmed98.txt"
    path.write_text("3 2 1\n1 2 5\n2 4 1\n")

    with pytest.raises(LocationInputError, match="between 1 and 3"):
        read_orlib_pmedian(path)
