"""docs/import-export.md lists every column and alias the readers accept."""

from pathlib import Path

import pytest

from trygg.formats.point_schema import POINT_SCHEMA, SITE_SCHEMA

DOC = Path(__file__).parents[2] / "docs" / "import-export.md"


def table_rows() -> dict[str, str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            name = line.split("`")[1]
            rows.setdefault(name, line)  # the column table comes first
    return rows


@pytest.mark.parametrize("spec", POINT_SCHEMA, ids=lambda s: s.name)
def test_every_point_column_and_its_aliases_are_in_the_table(spec):
    row = table_rows()[spec.name]
    for alias in spec.aliases:
        assert alias in row


def test_every_site_column_is_documented():
    documented = table_rows()
    assert {s.name for s in SITE_SCHEMA} <= set(documented)


def test_the_documented_example_file_is_the_fixture_and_imports():
    from trygg.formats.points import read_points

    fixture = Path(__file__).parents[1] / "data" / "import" / "points_cp1252_semicolon.csv"
    text = fixture.read_bytes().decode("cp1252")
    for line in text.splitlines()[:4]:
        assert line in DOC.read_text(encoding="utf-8")
    assert len(read_points(fixture).records) == 3
