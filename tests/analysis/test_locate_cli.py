"""`trygg analyze optimize` solves from a cost table and a demand table, as text, JSON or CSV."""

from __future__ import annotations

import csv
import json
import re

import pytest
from click.testing import CliRunner

from trygg.cli import main

# b reaches only s2 and d only s3, so every p-median answer with p = 2 is {s2, s3}.
COSTS = """demand_id,site_id,cost
a,s1,500
a,s2,3000
b,s2,800
c,s1,900
c,s2,700
c,s3,100
d,s3,4000
"""
DEMAND = "id,weight\na,10\nb,4\nc,1\nd,2\n"


@pytest.fixture
def inputs(tmp_path):
    costs, demand = tmp_path / "costs.csv", tmp_path / "demand.csv"
    costs.write_text(COSTS)
    demand.write_text(DEMAND)
    return ["--costs", str(costs), "--demand", str(demand)]


def run(*args: str):
    return CliRunner().invoke(main, ["analyze", "optimize", *args])


def test_pmedian_json_has_objective_sites_gap_and_assignment(inputs):
    result = run("--model", "pmedian", *inputs, "--p", "2", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["sites"] == ["s2", "s3"]
    assert payload["objective"] == pytest.approx(10 * 3000 + 4 * 800 + 1 * 100 + 2 * 4000)
    assert payload["gap"] == 0.0
    assert payload["lower_bound"] == pytest.approx(payload["objective"])
    assert payload["status"] == "optimal"
    assert payload["method"] in {"exact-highs", "heuristic+bound"}
    assert payload["assignment"] == {"a": "s2", "b": "s2", "c": "s3", "d": "s3"}
    assert payload["total_weight"] == 17


def test_mclp_json_reports_covered_weight_and_uncovered_ids(inputs):
    result = run("--model", "mclp", *inputs, "--radius", "1000", "--p", "2", "--fixed", "s3", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["sites"] == ["s1", "s3"]
    assert payload["covered_weight"] == 11
    assert payload["uncovered"] == ["b", "d"]
    assert payload["upper_bound"] == pytest.approx(11)
    assert payload["gap"] == 0.0


def test_lscpb_json_reports_backup_weight(inputs, tmp_path):
    eligible = tmp_path / "eligible.txt"
    eligible.write_text("s1\ns2\ns3\n")
    result = run("--model", "lscpb", *inputs, "--radius", "5000", "--eligible", str(eligible), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["sites"] == ["s2", "s3"]  # the only cover of b and d
    assert payload["backup_weight"] == 1  # c is within reach of both
    assert payload["gap"] == 0.0


def test_text_output_and_the_assignment_csv(inputs, tmp_path):
    out = tmp_path / "assignment.csv"
    result = run("--model", "pcenter", *inputs, "--p", "2", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Model: p-center" in result.stdout
    assert "Sites (2): s2, s3" in result.stdout
    assert "proven gap 0.000 %" in result.stdout
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {"demand_id": "a", "weight": "10", "site_id": "s2", "cost": "3000"}
    assert [row["site_id"] for row in rows] == ["s2", "s2", "s3", "s3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "mclp", "--p", "2"], "--radius is required for --model mclp"),
        (["--model", "pmedian"], "--p is required for --model pmedian"),
        (["--model", "mclp", "--radius", "0", "--p", "1"], "radius must be a positive number"),
        (["--model", "pmedian", "--p", "9"], "p = 9 is larger than the 3 eligible"),
        (["--model", "pmedian", "--p", "1", "--fixed", "s1,s2"], "smaller than the 2 site"),
        (["--model", "pmedian", "--p", "2", "--fixed", "nope"], "unknown site id.*'nope'"),
        (["--model", "lscp", "--radius", "850"], "demand 'd' .nearest eligible candidate at 4000."),
    ],
)
def test_bad_input_exits_with_code_2_and_a_message(inputs, args, message):
    result = run(*args[:2], *inputs, *args[2:])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert re.search(message, result.output), result.output


def test_a_bad_cost_file_is_named_with_its_line(tmp_path, inputs):
    bad = tmp_path / "bad.csv"
    bad.write_text("demand_id,site_id,cost\na,s1,-3\n")
    result = run("--model", "pmedian", "--costs", str(bad), "--demand", inputs[3], "--p", "1")
    assert result.exit_code == 2
    assert "bad.csv, line 2: cost is '-3'" in result.output


def test_a_missing_file_is_a_usage_error(inputs):
    result = run("--model", "pmedian", "--costs", "/nonexistent.csv", "--demand", inputs[3], "--p", "1")
    assert result.exit_code == 2
    assert "does not exist" in result.output


NO_LANGUAGE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def test_the_summary_speaks_swedish_by_default_with_swedish_figures(inputs):
    swedish = CliRunner().invoke(main, ["analyze", "optimize", "--model", "pmedian", *inputs, "--p", "2"],
                                 env=NO_LANGUAGE)
    assert swedish.exit_code == 0, swedish.output
    assert "Modell: p-median, löst med " in swedish.stdout and "Status: optimal" in swedish.stdout
    assert "Målvärde: 41\u00a0300,00 (undre gräns 41\u00a0300,00, bevisat gap 0,000 %)" in swedish.stdout
    assert "Lokaler (2): s2, s3" in swedish.stdout
    english = CliRunner().invoke(main, ["--lang", "en", "analyze", "optimize", "--model", "pmedian", *inputs,
                                        "--p", "2"], env=NO_LANGUAGE)
    assert "Objective: 41,300.00 (lower bound 41,300.00, proven gap 0.000 %)" in english.stdout
    covering = CliRunner().invoke(main, ["analyze", "optimize", "--model", "mclp", *inputs, "--radius", "1000",
                                         "--p", "2", "--fixed", "s3"], env=NO_LANGUAGE)
    assert "Modell: maximal täckning (MCLP)" in covering.stdout
    assert "Täckt vikt: 11 av 17 (64,71 %); otäckta efterfrågepunkter: 2" in covering.stdout


def test_an_infeasible_cover_is_explained_in_swedish_by_default(inputs):
    result = CliRunner().invoke(main, ["analyze", "optimize", "--model", "lscp", *inputs, "--radius", "850"],
                                env=NO_LANGUAGE)
    assert result.exit_code != 0
    assert ("täckningsproblemet saknar lösning: 1 efterfrågepunkt(er) har ingen tillåten kandidat inom radien 850: "
            "efterfrågan 'd' (närmaste tillåtna kandidat på 4000)") in result.output


def test_json_stays_one_english_document_in_swedish(inputs):
    result = CliRunner().invoke(main, ["analyze", "optimize", "--model", "pmedian", *inputs, "--p", "2", "--json"],
                                env=NO_LANGUAGE)
    payload = json.loads(result.stdout)
    assert payload["status"] == "optimal" and payload["model"] == "pmedian" and payload["sites"] == ["s2", "s3"]
