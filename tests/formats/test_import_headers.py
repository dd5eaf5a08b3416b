"""Column names: case, spaces, accents and Swedish aliases all map to the canonical names."""

import pytest

from trygg.formats.point_schema import POINT_SCHEMA, SITE_SCHEMA, alias_map
from trygg.formats.points import read_points
from trygg.formats.tabular import header_key


@pytest.mark.parametrize(
    ("header", "key"),
    [(" Nivå ", "niva"), ("NIVA", "niva"), ("Reservkraft (kW)", "reservkraft_kw"), ("Kommun-kod", "kommun_kod"),
     ("\ufeffnamn", "namn"), ("Kapacitet  dag", "kapacitet_dag")],
)
def test_header_keys_ignore_case_accents_and_punctuation(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize("schema", [POINT_SCHEMA, SITE_SCHEMA])
def test_no_two_fields_claim_the_same_column_name(schema):
    # alias_map raises on a clash; every alias must reach its own field.
    mapping = alias_map(schema)
    for spec in schema:
        assert all(mapping[header_key(a)] == spec.name for a in (spec.name, *spec.aliases))


def test_swedish_headers_map_to_canonical_fields():
    text = (
        "Namn;Typ;Kommunkod;Nivå;Status;Latitud;Longitud;Adress;Postnummer;Ort;Lokal;Lokaltyp;"
        "Kapacitet dag;Kapacitet natt;Prioritet;Reservkraft;Reservkraft (kW);Tankvolym (l);"
        "Brandskydd dygnsvistelse;Tillgänglig;Skyddsrum;Publik;Yta m2;Språk;Öppettider;Anteckningar\n"
        "Rossöns skola;Trygghetspunkt;2313;Nivå 3;Beslutad;63,9278;16,3381;Skolvägen 2;830 80;Rossön;"
        "Skolan;Skola;200;40;3;Fast;30;800;ja;ja;nej;ja;950;sv, fi;07–22;Nyckel i receptionen\n"
    )
    result = read_points(text.encode("cp1252"), source_name="rossön.csv")
    assert result.warnings == []
    r = result.records[0]
    assert (r.kind, r.state, r.level, r.site_name, r.site_kind) == ("trygghetspunkt", "decided", 3, "Skolan", "school")
    assert (r.capacity_day, r.capacity_night, r.priority_rank) == (200, 40, 3)
    assert (r.generator_kw, r.tank_l, r.floor_area_m2) == (30.0, 800.0, 950.0)
    assert (r.fire_safety_24h, r.accessible, r.nearby_shelter, r.public) == (True, True, False, True)
    assert (r.languages, r.opening_hours, r.notes) == (("sv", "fi"), "07–22", "Nyckel i receptionen")


def test_two_columns_meaning_the_same_field_are_an_error():
    from trygg.formats.errors import ImportRejected

    with pytest.raises(ImportRejected) as caught:
        read_points(b"name,namn,municipality_code,level,lat,lon\nA,B,2380,1,63.1,14.6\n", source_name="d.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field) == (1, "name")
    assert "'name' and 'namn' both mean 'name'" in str(error.message)
