"""TSPLIB EUC_2D files read as p-median instances, from the library and through `trygg analyze optimize --tsplib`."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from trygg.analysis.locate import PMedian
from trygg.analysis.locate.tsplib import read_tsplib, tsplib_table
from trygg.analysis.locate.validation import LocationInputError
from trygg.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "tsplib"
TRYGG = str(Path(sys.executable).with_name("trygg"))

# Nine nodes whose distances often fall near .5, so rounding down and to the
# nearest integer give different costs (and different optima).
NODES = [(0.0, 0.0), (3.0, 4.0), (7.5, 1.2), (10.3, 9.9), (2.6, 8.4), (15.0, 3.3), (12.7, 14.1),
         (5.5, 12.6), (18.2, 10.5)]


def tsplib_text(nodes=NODES, *, dimension=None, weight_type="EUC_2D", eof=True, extra="") -> str:
    lines = ["NAME : small9", "COMMENT : hand-made for the tests", "TYPE : TSP",
             f"DIMENSION : {len(nodes) if dimension is None else dimension}",
             f"EDGE_WEIGHT_TYPE : {weight_type}", "NODE_COORD_SECTION"]
    lines += [f"{k} {x:.5e} {y:.5e}" for k, (x, y) in enumerate(nodes, start=1)]
    return "\n".join(lines) + "\n" + extra + ("EOF\n" if eof else "")


def brute_force_optimum(nodes, p: int, rounding: str) -> int:
    """Smallest total cost over every set of p medians, from math.dist and int() alone."""
    def cost(a, b):
        distance = math.dist(a, b)
        return int(distance) if rounding == "floor" else int(distance + 0.5)

    return min(sum(min(cost(node, nodes[j]) for j in medians) for node in nodes)
               for medians in itertools.combinations(range(len(nodes)), p))


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small9.tsp"
    path.write_text(tsplib_text())
    return path


def test_reader_keeps_node_order_header_and_both_roundings(small_file):
    instance = read_tsplib(small_file)
    assert instance.name == "small9" and instance.dimension == 9 and instance.edge_weight_type == "EUC_2D"
    assert instance.coordinates[2].tolist() == [7.5, 1.2]
    assert instance.costs("nint")[0, 1] == 5 and instance.costs("floor")[0, 1] == 5
    # node 1 to node 3: sqrt(7.5^2 + 1.2^2) = 7.595...
    assert instance.costs("nint")[0, 2] == 8 and instance.costs("floor")[0, 2] == 7


@pytest.mark.parametrize("rounding", ["nint", "floor"])
@pytest.mark.parametrize("p", [2, 3, 4])
def test_pmedian_on_the_small_file_matches_brute_force(small_file, rounding, p):
    table = tsplib_table(read_tsplib(small_file), rounding)
    result = PMedian(p, method="exact").solve(table.costs, table.weights).result_
    assert result.objective == brute_force_optimum(NODES, p, rounding)
    assert result.gap == 0 and result.status == "optimal"


def test_cli_floor_flag_changes_the_costs_and_both_are_optimal(small_file):
    answers = {}
    for flag in ([], ["--floor"]):
        run = CliRunner().invoke(main, ["analyze", "optimize", "--tsplib", str(small_file), "--p", "3",
                                        *flag, "--json"])
        assert run.exit_code == 0, run.output
        answers[bool(flag)] = json.loads(run.stdout)
    assert answers[False]["objective"] == brute_force_optimum(NODES, 3, "nint")
    assert answers[True]["objective"] == brute_force_optimum(NODES, 3, "floor")
    assert answers[True]["objective"] < answers[False]["objective"]
    assert answers[True]["model"] == "pmedian" and answers[True]["gap"] == 0
    assert set(answers[True]["assignment"]) == {str(k) for k in range(1, 10)}


def test_a_file_without_eof_is_read(tmp_path):
    path = tmp_path / "no_eof.tsp"
    path.write_text(tsplib_text(eof=False))
    assert read_tsplib(path).dimension == 9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (tsplib_text(weight_type="GEO"), "EDGE_WEIGHT_TYPE GEO is not supported"),
        (tsplib_text(dimension=10), "DIMENSION is 10 but 1 node(s) have no coordinates (first: 10)"),
        (tsplib_text(dimension=8), "small.tsp line 15: node 9 is outside 1..8"),
        (tsplib_text(eof=False, extra="3 1.0 2.0\n"), "small.tsp line 16: node 3 appears twice"),
        (tsplib_text(eof=False, extra="10 1.0\n"), "small.tsp line 16: expected 'node x y'"),
        (tsplib_text(eof=False, extra="10 one 2.0\n"), "line 16: expected a node number and two numbers"),
        (tsplib_text(dimension=10, eof=False, extra="10 nan 2.0\n"), "line 16: coordinates must be finite"),
        (tsplib_text().replace("DIMENSION : 9", "DIMENSION : nine"), "DIMENSION must be a whole number"),
        (tsplib_text().replace("DIMENSION : 9\n", ""), "missing DIMENSION"),
        (tsplib_text().replace("TYPE : TSP", "TYPE : ATSP"), "TYPE ATSP is not supported"),
        (tsplib_text().replace("NODE_COORD_SECTION", "EDGE_WEIGHT_SECTION"),
         "small.tsp line 6: expected a header line"),
        ("NAME : empty\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nEOF\n", "no NODE_COORD_SECTION"),
    ],
)
def test_bad_files_are_rejected_naming_the_line(tmp_path, text, message):
    path = tmp_path / "small.tsp"
    path.write_text(text)
    with pytest.raises(LocationInputError) as caught:
        read_tsplib(path)
    assert message in str(caught.value)


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    path = tmp_path / "bad.tsp"
    path.write_text(tsplib_text(dimension=8))
    run = CliRunner().invoke(main, ["analyze", "optimize", "--tsplib", str(path), "--p", "2", "--json"])
    assert run.exit_code == 2
    assert "bad.tsp line 15: node 9 is outside 1..8" in run.output
    assert "Traceback" not in run.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--p is required with --tsplib"),
        (["--p", "2", "--model", "mclp"], "cannot be combined with --model mclp"),
        (["--p", "2", "--radius", "5"], "--tsplib cannot be combined with --radius"),
        (["--p", "10"], "p"),
    ],
)
def test_cli_rejects_options_that_do_not_fit_a_tsplib_run(small_file, args, message):
    run = CliRunner().invoke(main, ["analyze", "optimize", "--tsplib", str(small_file), *args])
    assert run.exit_code == 2, run.output
    assert message in run.output


def test_cli_without_tsplib_still_needs_model_costs_and_demand():
    run = CliRunner().invoke(main, ["analyze", "optimize", "--p", "2"])
    assert run.exit_code == 2
    assert "give --model, --costs, --demand" in run.output


@pytest.mark.slow
def test_rl1304_p5_reaches_the_published_optimum_with_a_proof_as_pure_json():
    run = subprocess.run([TRYGG, "analyze", "optimize", "--tsplib", str(DATA / "rl1304.tsp"), "--p", "5",
                          "--floor", "--time-limit", "300", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)  # the whole standard output is one JSON document
    assert payload["objective"] == 3_099_073  # Durán-Mateluna, Alès and Elloumi (2023), Table 2
    assert payload["gap"] == 0 and payload["lower_bound"] == 3_099_073
    assert len(payload["sites"]) == 5


def test_the_bundled_rl1304_file_parses_to_1304_nodes():
    instance = read_tsplib(DATA / "rl1304.tsp")
    assert instance.dimension == 1304
    assert np.isfinite(instance.coordinates).all()


def test_a_bad_file_is_explained_in_swedish_naming_file_and_line(tmp_path):
    path = tmp_path / "twice.tsp"
    path.write_text("NAME : twice\nTYPE : TSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
                    "1 0 0\n1 1 1\nEOF\n")
    with pytest.raises(LocationInputError) as caught:
        read_tsplib(path)
    assert str(caught.value) == "twice.tsp line 7: node 1 appears twice"
    assert caught.value.describe("sv") == "twice.tsp rad 7: nod 1 förekommer två gånger"
    path.write_text("NAME : x\nTYPE : ATSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n")
    with pytest.raises(LocationInputError) as caught:
        read_tsplib(path)
    assert caught.value.describe("sv") == "twice.tsp (huvudet, före rad 5): TYPE ATSP stöds inte (bara TSP)"
