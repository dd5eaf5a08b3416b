"""Import limits: a file past any limit is refused at once with one message naming the limit (defect 7)."""

import io
import json

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.formats import limits
from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points, read_sites

HEADER = "name,municipality_code,level,lat,lon\n"
ROW = "Punkt,2321,1,63.4,13.1\n"


def refused(data: bytes, name: str = "p.csv", reader=read_points) -> ImportRejected:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRejected) as caught:
        reader(data, source_name=name)
    assert len(caught.value.errors) == 1, caught.value  # one clear message, not one per row
    return caught.value


def test_a_file_larger_than_the_byte_limit_is_refused_naming_the_limit():
    data = (HEADER + ROW * (limits.MAX_IMPORT_BYTES // len(ROW) + 1)).encode()
    error = refused(data)
    assert "MAX_IMPORT_BYTES" in str(error) and "10 MiB" in str(error)
    assert "MAX_IMPORT_BYTES" in error.describe("sv")


def test_a_large_file_on_disk_is_refused_by_its_size_and_a_stream_after_the_limit(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.write(HEADER.encode())
        handle.truncate(limits.MAX_IMPORT_BYTES + 1)
    with pytest.raises(ImportRejected, match="MAX_IMPORT_BYTES"):
        read_points(path)

    class Endless(io.RawIOBase):
        """A stream that never ends: only a bounded read can refuse it."""

        name = "endless.csv"
        read_bytes = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            chunk = (ROW * 50_000).encode()[: size if size > 0 else None]
            self.read_bytes += len(chunk)
            return chunk

    stream = Endless()
    with pytest.raises(ImportRejected, match="MAX_IMPORT_BYTES"):
        read_points(stream)  # type: ignore[arg-type]
    assert stream.read_bytes <= limits.MAX_IMPORT_BYTES + 1


def test_more_rows_than_the_limit_are_refused_at_the_first_row_past_it():
    data = (HEADER + ROW * (limits.MAX_IMPORT_ROWS + 1)).encode()
    error = refused(data)
    assert "MAX_IMPORT_ROWS" in str(error)
    assert error.errors[0].row == limits.MAX_IMPORT_ROWS + 2
    assert len(read_points((HEADER + ROW * 3).encode(), source_name="p.csv").records) == 3


def test_more_columns_than_the_limit_are_refused():
    extra = ",".join(f"c{i}" for i in range(limits.MAX_IMPORT_COLUMNS))
    error = refused(f"{HEADER.strip()},{extra}\n{ROW}".encode())
    assert "MAX_IMPORT_COLUMNS" in str(error) and "row 1" in str(error)


@pytest.mark.parametrize("length", [limits.MAX_CELL_CHARS + 1, 200_000])
def test_a_cell_longer_than_the_limit_is_refused(length):
    error = refused(f"{HEADER.strip()},notes\n{ROW.strip()},{'x' * length}\n".encode())
    assert "MAX_CELL_CHARS" in str(error) and "row 2" in str(error)


def test_a_nul_byte_in_a_csv_gives_one_clear_message():
    error = refused(f"{HEADER}Pu\x00nkt,2321,1,63.4,13.1\n".encode())
    assert "NUL" in str(error) and "row 2" in str(error)
    assert "NUL" in error.describe("sv")


def _collection(features: list) -> bytes:  # type: ignore[type-arg]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _feature(**properties) -> dict:  # type: ignore[no-untyped-def]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.1, 63.4]},
            "properties": {"name": "Punkt", "municipality_code": "2321", "level": 1, **properties}}


@pytest.mark.parametrize("depth", [limits.MAX_GEOJSON_DEPTH + 1, 100_000])
def test_deeply_nested_geojson_gives_one_clear_message(depth):
    nested = "[" * depth + "]" * depth
    data = f'{{"type": "FeatureCollection", "features": [], "x": {nested}}}'.encode()
    error = refused(data, "p.geojson")
    assert "MAX_GEOJSON_DEPTH" in str(error)


def test_brackets_inside_strings_do_not_count_as_nesting():
    data = _collection([_feature(notes="[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{")])
    assert read_points(data, source_name="p.geojson").records[0].notes.startswith("[[[")


def test_geojson_limits_on_features_properties_and_values():
    assert "MAX_IMPORT_ROWS" in str(refused(_collection([_feature()] * (limits.MAX_IMPORT_ROWS + 1)), "p.geojson"))
    wide = _feature(**{f"p{i}": i for i in range(limits.MAX_IMPORT_COLUMNS)})
    assert "MAX_IMPORT_COLUMNS" in str(refused(_collection([wide]), "p.geojson"))
    long = _feature(notes="x" * (limits.MAX_CELL_CHARS + 1))
    assert "MAX_CELL_CHARS" in str(refused(_collection([long]), "p.geojson"))


@pytest.mark.parametrize("item", ["{}", "1.5", '"a"', "null"])
def test_geojson_of_many_tiny_values_is_refused_before_it_is_parsed(item):
    """Parsing [{},{},…] of 10 MiB would build millions of objects; the scan refuses it first."""
    count = 2_010_000 if item != "{}" else limits.MAX_IMPORT_ROWS + 1  # still under the byte limit
    values = ",".join([item] * count)
    data = f'{{"type": "FeatureCollection", "features": [{values}]}}'.encode()
    message = str(refused(data, "p.geojson"))
    assert ("MAX_IMPORT_ROWS" if item == "{}" else "MAX_IMPORT_ROWS × MAX_IMPORT_COLUMNS") in message


def test_a_nul_character_in_geojson_text_is_refused_for_its_field():
    error = refused(_collection([_feature(name="Pu\u0000nkt")]), "p.geojson")
    assert "feature 1, field 'name'" in str(error) and "NUL" in str(error)


def test_the_sites_reader_has_the_same_limits():
    data = ("name,municipality_code\n" + "Skolan,2321\n" * (limits.MAX_IMPORT_ROWS + 1)).encode()
    assert "MAX_IMPORT_ROWS" in str(refused(data, reader=read_sites))


@pytest.mark.django_db
def test_the_import_command_refuses_a_nul_file_with_a_message_and_no_traceback(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(f"{HEADER}Pu\x00nkt,2321,1,63.4,13.1\n".encode())
    result = CliRunner().invoke(main, ["import", "points", str(path), "--user", "admin"])
    assert result.exit_code == 2
    assert "Nothing was imported" in result.output and "NUL" in result.output
    assert "Traceback" not in result.output
