"""backup_power, generator_kw and tank_l must agree (cross-field rules)."""

import pytest

from trygg.formats.errors import ImportRejected
from trygg.formats.points import read_points
from trygg.rules.levels import BackupPower

HEADER = "name;municipality_code;level;lat;lon;backup_power;generator_kw;tank_l\n"


def read(row: str):
    return read_points((HEADER + "Kall;2321;2;63,4711;13,2622;" + row + "\n").encode("cp1252"), source_name="p.csv")


def errors(row: str) -> list[tuple[str, str]]:
    with pytest.raises(ImportRejected) as caught:
        read(row)
    return [(e.field, str(e.message)) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("text", "value"),
    [("ingen", BackupPower.NONE), ("Anslutningspunkt", BackupPower.CONNECTION_POINT), ("anslutning", BackupPower.CONNECTION_POINT),
     ("fast", BackupPower.FIXED), ("Fast reservkraft", BackupPower.FIXED), ("connection_point", BackupPower.CONNECTION_POINT)],
)
def test_swedish_and_english_words_for_backup_power(text, value):
    kw = "20" if value is BackupPower.FIXED else ""
    assert read(f"{text};{kw};").records[0].backup_power is value


def test_generator_kw_with_no_backup_power_is_an_error_naming_both_fields():
    ((field, message),) = errors("ingen;20;")
    assert field == "generator_kw"
    assert message == "generator_kw must be blank when backup_power is none."


def test_fixed_backup_power_needs_generator_kw():
    ((field, message),) = errors("fast;;")
    assert field == "generator_kw"
    assert "backup_power is fixed" in message


def test_a_tank_needs_fixed_backup_power():
    ((field, message),) = errors("anslutningspunkt;;500")
    assert field == "tank_l"
    assert "only allowed when backup_power is fixed" in message


def test_generator_kw_without_backup_power_asks_for_it():
    ((field, _message),) = errors(";20;")
    assert field == "backup_power"


def test_a_connection_point_may_state_the_generator_it_expects():
    record = read("anslutningspunkt;60;").records[0]
    assert (record.backup_power, record.generator_kw) == (BackupPower.CONNECTION_POINT, 60.0)


def test_a_zero_kw_generator_is_refused():
    ((field, message),) = errors("fast;0;")
    assert (field, message) == ("generator_kw", "Must be greater than 0.")
