"""`trygg analyze optimize --json` prints exactly one JSON document, even when HiGHS runs.

HiGHS writes a copyright banner to file descriptor 1 when a process creates its
first solver instance. On OR-Library pmed6 every model below reaches the exact
(HiGHS) stage, so the banner used to precede the JSON and break `| jq`. Each case
runs in its own process, since only a process's first instance prints it.
"""

from __future__ import annotations

import ast
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trygg.analysis.locate.orlib import read_orlib_pmedian, read_published_optima

FOLDER = Path(__file__).resolve().parents[1] / "data" / "orlib_pmed"
TRYGG = str(Path(sys.executable).with_name("trygg"))
BANNER = "Running HiGHS"

#: Model options that, on pmed6, reach a ``highspy.Highs`` instance (checked by
#: the banner on standard error): the LP-first covering paths need a fractional LP.
MODELS = {
    "pmedian": ["--model", "pmedian", "--p", "5"],
    "pcenter": ["--model", "pcenter", "--p", "5"],
    "lscp": ["--model", "lscp", "--radius", "20"],
    "lscpb": ["--model", "lscpb", "--radius", "20"],
    "mclp": ["--model", "mclp", "--radius", "40", "--p", "3"],
}


@pytest.fixture(scope="module")
def pmed6_tables(tmp_path_factory) -> tuple[Path, Path]:
    instance = read_orlib_pmedian(FOLDER / "pmed6.txt")
    assert instance.p == 5  # the p of MODELS["pmedian"]
    folder = tmp_path_factory.mktemp("pmed6")
    costs, demand = folder / "costs.csv", folder / "demand.csv"
    n = len(instance.costs)
    with costs.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["demand_id", "site_id", "cost"])
        writer.writerows((i, j, int(instance.costs[i, j])) for i in range(n) for j in range(n))
    with demand.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "weight"])
        writer.writerows((i, 1) for i in range(n))
    return costs, demand


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(MODELS))
def test_json_mode_prints_only_json_when_the_exact_stage_runs(pmed6_tables, model):
    costs, demand = pmed6_tables

    run = subprocess.run([TRYGG, "analyze", "optimize", *MODELS[model], "--costs", str(costs),
                          "--demand", str(demand), "--json", "--time-limit", "120"],
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)  # the whole of standard output, nothing before or after
    assert BANNER in run.stderr, "this case no longer reaches a HiGHS instance; pick options that do"
    assert payload["model"] == model
    assert payload["status"] == "optimal"
    assert BANNER not in run.stdout


@pytest.mark.slow
def test_json_mode_pmedian_reports_the_published_optimum(pmed6_tables):
    costs, demand = pmed6_tables

    run = subprocess.run([TRYGG, "analyze", "optimize", *MODELS["pmedian"], "--costs", str(costs),
                          "--demand", str(demand), "--json", "--time-limit", "120"],
                         capture_output=True, text=True, timeout=300, check=True)

    assert json.loads(run.stdout)["objective"] == read_published_optima(FOLDER / "NOTICE")["pmed6"]


@pytest.mark.slow
def test_json_mode_prints_only_json_when_standard_error_is_closed(pmed6_tables):
    costs, demand = pmed6_tables
    # With descriptor 2 closed, a plain dup(1) is handed number 2 and the banner went to standard output.
    command = [TRYGG, "analyze", "optimize", *MODELS["pmedian"], "--costs", str(costs), "--demand", str(demand),
               "--json", "--time-limit", "120"]

    run = subprocess.run(["sh", "-c", 'exec "$@" 2>&-', "sh", *command],
                         capture_output=True, text=True, timeout=300, check=True)

    assert json.loads(run.stdout)["status"] == "optimal"



def _highs_constructions(path: Path) -> list[str]:
    """Names of the functions in ``path`` that call ``Highs(...)`` (``<module>`` at top level)."""
    found: list[str] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Call):
            callee = node.func
            name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if name == "Highs":
                found.append(function)
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_every_highs_instance_comes_from_the_silent_helper():
    source = Path(__file__).resolve().parents[2] / "src" / "trygg"

    constructions = {(str(path.relative_to(source)), function)
                     for path in sorted(source.rglob("*.py")) for function in _highs_constructions(path)}

    assert constructions == {("analysis/locate/highs.py", "new_highs"),
                             ("analysis/locate/highs.py", "_constructed_away_from_stdout")}
