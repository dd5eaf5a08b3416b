"""One tabular reader and one number parser for every user file (issue 15, item 2).

``trygg import points`` has always read Windows-1252, semicolon-separated
files with decimal commas, no-break-space thousands and the minus sign ``−``;
these tests hold ``trygg analyze coverage`` (demand files) and the other
readers to the same spellings, and to messages that name the row and field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trygg.analysis.errors import AnalysisError
from trygg.analysis.power import PowerInputError
from trygg.cli import main
from trygg.formats.demand import read_demand
from trygg.formats.power_scenario import read_points
from trygg.formats.tabular import NumberError, parse_number, read_rows, row_number

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        (f"{MINUS}12,5", -12.5),
        ("-12,5", -12.5),
        ("1 234,5", 1234.5),
        (f"1{NBSP}234,5", 1234.5),
        (f"1{NNBSP}234{NNBSP}567", 1234567.0),
        (f"{MINUS}1{NBSP}234", -1234.0),
        ("  63,1792 ", 63.1792),
        ("1e3", 1000.0),
    ],
)
def test_the_number_parser_reads_every_spelling(text: str, expected: float) -> None:
    assert parse_number(text) == expected
    assert row_number(text, "demand.csv", 7, "befolkning") == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is empty"),
        ("abc", "is not a number"),
        ("1.234,5", "is not a number"),  # both separators: ambiguous, refused rather than guessed
        ("1,2,3", "is not a number"),
        ("12 ,5", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
    ],
)
def test_a_bad_value_names_its_row_and_field(text: str, problem: str) -> None:
    with pytest.raises(NumberError) as caught:
        row_number(text, "demand.csv", 7, "befolkning")
    message = str(caught.value)
    assert message.startswith("demand.csv, row 7: befolkning")
    assert problem in message
    assert (caught.value.row, caught.value.field) == (7, "befolkning")


def _windows_demand(tmp_path: Path) -> Path:
    """A demand file as Excel with Swedish settings saves it."""
    text = (
        "id;namn;lon;lat;befolkning\r\n"
        f"1;Östersund;14,6357;63,1792;52{NBSP}000\r\n"
        f"2;Åre;13,0806;63,3990;3{NBSP}200,5\r\n"
    )
    path = tmp_path / "demand.csv"
    path.write_bytes(text.encode("cp1252"))  # Å, Ö and the no-break space are single bytes
    return path


def test_the_row_reader_detects_encoding_and_delimiter(tmp_path: Path) -> None:
    table = read_rows(_windows_demand(tmp_path))
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.header == ["id", "namn", "lon", "lat", "befolkning"]
    assert [r.row for r in table.rows] == [2, 3]
    assert table.rows[1].cells["namn"] == "Åre"


def test_analyze_coverage_reads_a_windows_1252_semicolon_decimal_comma_file(tmp_path: Path) -> None:
    demand, points = _windows_demand(tmp_path), tmp_path / "points.csv"
    points.write_text("id,name,lon,lat\nosd,Östersund rådhus,14.6357,63.1792\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "coverage", "--demand", str(demand),
                                       "--points", str(points), "--radius-m", "5000", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["population"] == pytest.approx(52_000 + 3_200.5)
    assert figures["covered"] == pytest.approx(52_000)


def test_a_bad_population_names_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "demand.csv"
    path.write_bytes("id;lon;lat;befolkning\n1;14,6;63,1;12\n2;14,7;63,2;tolv\n".encode("cp1252"))
    with pytest.raises(AnalysisError, match=r"demand\.csv, row 3: befolkning='tolv' is not a number"):
        read_demand(path)


def test_a_negative_population_with_the_unicode_minus_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "demand.csv"
    path.write_text(f"id;lon;lat;befolkning\n1;14,6;63,1;{MINUS}5\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"row 2: befolkning='−5' is negative"):
        read_demand(path)


def test_a_scenario_reads_quoted_figures_with_the_same_parser(tmp_path: Path) -> None:
    path = tmp_path / "points.yaml"
    path.write_text(
        "outdoor_c: \"" + MINUS + "12,5\"\n"
        "points:\n"
        "  - id: kall\n    name: Kall\n    level: 2\n    lon: 13.26\n    lat: 63.47\n"
        "    loads: [{name: Belysning, class: lighting, power_kw: \"2,5\"}]\n"
        f"    generator: {{kind: fixed, rated_kw: \"20\", tank_l: \"1{NBSP}200\"}}\n",
        encoding="utf-8",
    )
    scenario = read_points(path)
    assert scenario.outdoor_c == -12.5
    spec = scenario.points[0]
    assert (spec.loads[0].power_kw, spec.generator.rated_kw, spec.generator.tank_l) == (2.5, 20.0, 1200.0)


def test_a_scenario_figure_that_is_not_a_number_names_its_field(tmp_path: Path) -> None:
    path = tmp_path / "points.yaml"
    path.write_text(
        "points:\n  - id: kall\n    name: Kall\n    level: 2\n    lon: 13.26\n    lat: 63.47\n"
        "    generator: {kind: fixed, rated_kw: tjugo, tank_l: 100}\n",
        encoding="utf-8",
    )
    with pytest.raises(PowerInputError, match=r"rated_kw = 'tjugo': must be a number"):
        read_points(path)
