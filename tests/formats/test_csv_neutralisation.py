"""Every CSV export guards formula cells, and importing our own export gives the original text back (defect 6)."""

import csv
import io

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.formats.csvfile import csv_text, neutralise, restore
from trygg.formats.geojson import write_points_csv
from trygg.formats.point_records import PointRecord
from trygg.formats.points import read_points
from trygg.rules.levels import Level

TRICKY = [
    '=HYPERLINK("http://evil.example","klicka")', "+46 63 14 30 00", "-5 grader", "@SUM(A1)", "\tTab först",
    "\rCR först", "'Tis the season", "'=inte en formel", "''=två apostrofer", "'", "''", "-", "=", "'-5",
    "Kalls lanthandel", "", "O'Brien", "a=b", "100",
]


@pytest.mark.parametrize("text", TRICKY)
def test_restore_undoes_neutralise_for_every_text(text):
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''+x"])
def test_a_cell_that_could_start_a_formula_begins_with_an_apostrophe(text):
    guarded = neutralise(text)
    assert guarded == "'" + text
    assert guarded[0] == "'"


@pytest.mark.parametrize("text", ["'Tis", "O'Brien", "Kall", "100", "a=b", "'"])
def test_other_text_is_written_as_it_is(text):
    assert neutralise(text) == text


def test_a_number_formatted_by_the_writer_is_not_prefixed_but_negative_text_is():
    text = csv_text(["a", "b"], [[-5.5, "-5.5"]])
    assert text.splitlines()[1] == "-5.5,'-5.5"


def _record(name: str, **values) -> PointRecord:  # type: ignore[no-untyped-def]
    return PointRecord(name=name, municipality_code="2321", level=Level.TWO, lat=63.4711, lon=13.2622,
                       site_name=name, **values)


def test_the_points_csv_writer_guards_formula_cells_and_reads_them_back_unchanged():
    records = [_record(name, opening_hours=name[:200] or None, ref=f"R-{n}")
               for n, name in enumerate(t for t in TRICKY if t.strip() and t.strip() == t)]
    buffer = io.StringIO(newline="")
    write_points_csv(records, buffer)
    cells = list(csv.reader(io.StringIO(buffer.getvalue())))[1:]
    assert all(not row[1].startswith(("=", "+", "-", "@")) for row in cells)
    assert cells[0][1] == "'" + TRICKY[0]
    back = read_points(buffer.getvalue().encode("utf-8"), source_name="export.csv").records
    assert [r.name for r in back] == [r.name for r in records]
    assert [r.opening_hours for r in back] == [r.opening_hours for r in records]


def test_a_real_file_with_names_that_start_with_an_apostrophe_is_read_as_written():
    data = (b"name,municipality_code,level,lat,lon,opening_hours\n"
            b"'Tis Kyrkan,2321,2,63.4711,13.2622,'Alltid'\n")
    record = read_points(data, source_name="p.csv").records[0]
    assert (record.name, record.opening_hours) == ("'Tis Kyrkan", "'Alltid'")


@pytest.mark.django_db
def test_trygg_export_points_csv_guards_cells_and_imports_back_to_the_same_text(tmp_path):
    from trygg.registry.models import Point

    kall = Point.objects.get(ref="SOT-KALL")
    kall.name = '=HYPERLINK("http://evil.example","klicka")'
    kall.opening_hours = "'=inte en formel"
    kall.save()
    out = tmp_path / "points.csv"
    exported = CliRunner().invoke(main, ["export", "points", "--format", "csv", "-o", str(out)])
    assert exported.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["ref"] == "SOT-KALL")
    assert row["name"] == "'" + kall.name and row["opening_hours"] == "''=inte en formel"
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for value in r.values())

    reimported = CliRunner().invoke(main, ["import", "points", str(out), "--user", "admin"])
    assert reimported.exit_code == 0, reimported.output
    assert "0 updated" in reimported.output
    kall.refresh_from_db()
    assert (kall.name, kall.opening_hours) == ('=HYPERLINK("http://evil.example","klicka")', "'=inte en formel")


@pytest.mark.django_db
def test_the_change_history_csv_uses_the_same_guard():
    from trygg.registry.changes import changes_csv, changes_of, point_sources
    from trygg.registry.models import Point

    kall = Point.objects.get(ref="SOT-KALL")
    kall.name = "'=inte en formel"
    kall.save()
    history = list(csv.reader(io.StringIO(changes_csv(changes_of(point_sources(kall))))))
    assert any(row[7] == "''=inte en formel" for row in history)


def test_the_public_csv_feed_uses_the_same_guard():
    from datetime import UTC, datetime

    from trygg.formats.public_points import public_points_csv
    from trygg.rules.public_info import PointStatus, PublicPoint

    point = PublicPoint(id=1, name="'=inte en formel", kind="trygghetspunkt", municipality_code="2321",
                        municipality_name="Åre", level=2, status=next(iter(PointStatus)),
                        updated=datetime(2026, 1, 1, tzinfo=UTC), opening_hours="=1+1", lat=63.4, lon=-0.5)
    rows = list(csv.reader(io.StringIO(public_points_csv([point]))))
    assert "''=inte en formel" in rows[2] and "'=1+1" in rows[2]
    assert "-0.5" in rows[2]  # a number is a number, not text to guard
