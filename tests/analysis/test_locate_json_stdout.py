"""`trygg analyze optimize --json` prints exactly one JSON document, even when HiGHS runs.

HiGHS writes a copyright banner to file descriptor 1 when a process creates its
first solver instance; on OR-Library pmed6 the p-median reaches the exact
(HiGHS) stage, so the banner used to precede the JSON and break `| jq`.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trygg.analysis.locate.orlib import read_orlib_pmedian, read_published_optima

FOLDER = Path(__file__).resolve().parents[1] / "data" / "orlib_pmed"
TRYGG = str(Path(sys.executable).with_name("trygg"))


def _write_tables(tmp_path: Path, name: str) -> tuple[Path, Path, int]:
    instance = read_orlib_pmedian(FOLDER / f"{name}.txt")
    costs, demand = tmp_path / "costs.csv", tmp_path / "demand.csv"
    n = len(instance.costs)
    with costs.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["demand_id", "site_id", "cost"])
        writer.writerows((i, j, int(instance.costs[i, j])) for i in range(n) for j in range(n))
    with demand.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "weight"])
        writer.writerows((i, 1) for i in range(n))
    return costs, demand, instance.p


@pytest.mark.slow
def test_json_mode_prints_only_json_when_the_exact_stage_runs(tmp_path):
    costs, demand, p = _write_tables(tmp_path, "pmed6")

    run = subprocess.run([TRYGG, "analyze", "optimize", "--model", "pmedian", "--costs", str(costs),
                          "--demand", str(demand), "--p", str(p), "--json", "--time-limit", "120"],
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)  # the whole of standard output, nothing before or after
    assert payload["objective"] == read_published_optima(FOLDER / "NOTICE")["pmed6"]
    assert "HiGHS" not in run.stdout
