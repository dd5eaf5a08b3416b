"""Sites (premises): their own schema, where coordinates are optional."""

from pathlib import Path

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_sites
from trygg.rules.levels import BackupPower

DATA = Path(__file__).parents[1] / "data" / "import"


def test_it_reads_a_windows_1252_sites_file_where_typ_means_kind_of_premises():
    skola, kyrka, drivmedel = read_sites(DATA / "sites_cp1252_semicolon.csv").records
    assert (skola.name, skola.site_kind, skola.floor_area_m2, skola.lat) == ("Klövsjö skola", "school", 640.0, None)
    assert (kyrka.site_kind, kyrka.lat, kyrka.backup_power) == ("church", 62.9236, BackupPower.NONE)
    assert (drivmedel.site_kind, drivmedel.generator_kw, drivmedel.tank_l) == ("fuel_station", 15.0, 500.0)


def test_point_only_columns_are_warnings_in_a_sites_file():
    result = read_sites(b"name,municipality_code,level\nKlovsjo skola,2326,2\n", source_name="s.csv")
    assert [w.field for w in result.warnings] == ["level"]


def test_sites_follow_the_same_rules_for_coordinates_and_power():
    with pytest.raises(ImportRejected) as caught:
        read_sites(b"name,municipality_code,lat,lon,backup_power,generator_kw\nA,2326,14.5,62.9,none,10\n", source_name="s.csv")
    assert [e.field for e in caught.value.errors] == ["generator_kw", "lat"]
