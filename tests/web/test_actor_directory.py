"""The actor directory (R10): the demo's actors, the CSV import from the web and the command line, the binder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from trygg.cli import main
from trygg.registry.models import Organisation, Point

R10_ACTORS = ("Polisen", "Räddningstjänsten", "SOS Alarm", "Region Jämtland Härjedalen", "Länsstyrelsen",
              "Östersunds kommun", "Försvarsmakten", "Trafikverket", "Svenska kyrkan", "FRG", "Röda Korset",
              "Frivilliga radioorganisationen")


def upload(client, text: str, *, preview: bool = False, replace: bool = False, name: str = "aktorer.csv"):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"),
            "preview" if preview else "import": "1"}
    if replace:
        data["replace"] = "on"
    return client.post("/ops/actors/", data)


def directory_state():
    return sorted(Organisation.objects.values_list("name", "kind", "parent_id", "phone", "email", "rakel",
                                                   "crisis_role", "reachable"))


def test_the_demo_directory_holds_the_actors_r10_names_with_their_contact_ways(db, county):
    html = county.get("/ops/actors/").content.decode()
    for name in R10_ACTORS:
        assert name in html, name
    police = Organisation.objects.get(name__startswith="Polisen")
    assert police.kind == "authority" and police.parent.kind == "county"
    assert police.phone and police.email and police.rakel and police.crisis_role
    assert 'href="tel:070-1740610"' in html  # dialable from a phone, spaces removed


def test_a_municipality_reads_the_county_actors_but_not_another_municipalitys(db, krokom):
    html = krokom.get("/ops/actors/").content.decode()
    assert "Polisen" in html and "SOS Alarm" in html and "FRG Krokom" in html
    assert "Röda Korset Östersund" not in html and "FRG Åre" not in html


def test_every_binder_lists_the_county_authorities(db, are):
    from trygg.public.binder import _directory

    names = [o.name for o in _directory(Point.objects.get(ref="SOT-KALL"))]
    assert names[0].startswith("Länsstyrelsen") and names[1] == "Åre kommun"
    for name in ("Polisen", "Räddningstjänsten", "SOS Alarm", "Region Jämtland", "Elnätsbolaget"):
        assert any(n.startswith(name) for n in names), name
    assert not any(n.startswith("FRG Krokom") for n in names)  # another municipality's volunteers


def test_a_coordinator_imports_actors_of_their_municipality(db, krokom):
    response = upload(krokom, "namn;typ;kommunkod;funktion;telefon;e-post;rakel;nås\n"
                              "Föllinge skytteförening;frivillig;2309;Sambandsstöd;070-174 06 90;skytte@follinge.example;;Kvällar\n")
    assert "1 created" in response.content.decode() or "1 skapade" in response.content.decode()
    actor = Organisation.objects.get(name="Föllinge skytteförening")
    assert (actor.kind, actor.parent.scb_code, actor.phone, actor.reachable) == ("volunteer", "2309", "070-174 06 90", "Kvällar")
    assert actor.history.first().history_user.username == "krokom"


def test_a_bad_row_refuses_the_whole_file_and_names_row_and_field(db, krokom):
    before = directory_state()
    response = upload(krokom, "namn,kommunkod,e-post\nBra förening,2309,ok@example.org\nTrasig förening,2309,inte-en-adress\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html or "Ingenting importerades" in html
    assert "aktorer.csv: rad 3, fält &#x27;email&#x27;" in html or "row 3, field &#x27;email&#x27;" in html
    assert directory_state() == before


def test_a_coordinator_cannot_import_into_another_municipality_or_the_county(db, krokom):
    before = directory_state()
    html = upload(krokom, "namn,kommunkod\nÅres nya förening,2321\nLänets förening,\n").content.decode()
    assert "2321" in html and ("row 2" in html or "rad 2" in html) and ("row 3" in html or "rad 3" in html)
    assert directory_state() == before


def test_absent_columns_and_empty_cells_leave_fields_unchanged_unless_replace(db, county):
    police = Organisation.objects.get(name__startswith="Polisen")
    upload(county, f"namn;telefon;rakel\n{police.name};070-174 06 99;\n")
    police.refresh_from_db()
    assert police.phone == "070-174 06 99"
    assert police.rakel == "Z POLIS SAMV (demo)"  # empty cell: unchanged
    assert police.email and police.crisis_role  # absent columns: unchanged
    upload(county, f"namn;rakel\n{police.name};\n", replace=True)
    police.refresh_from_db()
    assert police.rakel == "" and police.phone == "070-174 06 99"


def test_the_preview_shows_each_change_and_changes_nothing(db, county):
    police = Organisation.objects.get(name__startswith="Polisen")
    before = directory_state()
    html = upload(county, f"namn;telefon\n{police.name};070-174 06 98\nNy aktör;\n", preview=True).content.decode()
    assert "070-174 06 98" in html and police.phone in html and "Ny aktör" in html
    assert directory_state() == before


def test_municipality_rows_update_its_contacts_and_never_create_one(db, county):
    html = upload(county, "namn,typ,kommunkod,telefon\nKrokoms kommun,kommun,2309,070-174 06 97\n"
                          "Påhittad kommun,kommun,9999,070-174 06 96\n").content.decode()
    assert "9999" in html and not Organisation.objects.filter(name="Påhittad kommun").exists()
    upload(county, "namn,typ,kommunkod,telefon\nKrokoms kommun,kommun,2309,070-174 06 97\n")
    assert Organisation.objects.get(scb_code="2309").phone == "070-174 06 97"


@pytest.mark.parametrize("who", ["valsjobyn_staff", "partner", "kall_manager"])
def test_only_coordinators_and_the_county_import(db, request, who):
    client = request.getfixturevalue(who)
    before = directory_state()
    assert "multipart/form-data" not in client.get("/ops/actors/").content.decode()
    assert upload(client, "namn,kommunkod\nX,2309\n").status_code == 403
    assert directory_state() == before


def test_an_oversized_file_is_refused_with_the_limit(db, county):
    from trygg.formats.limits import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

    before = directory_state()
    html = upload(county, "namn\n" + "x" * (MAX_IMPORT_BYTES + 1)).content.decode()
    assert "10 MiB" in html
    html = upload(county, "namn\n" + "".join(f"Förening {i}\n" for i in range(MAX_IMPORT_ROWS + 1))).content.decode()
    assert f"{MAX_IMPORT_ROWS}" in html or f"{MAX_IMPORT_ROWS:,}".replace(",", " ") in html
    assert directory_state() == before


def test_the_command_line_import_dry_run_and_errors(db, tmp_path):
    police = Organisation.objects.get(name__startswith="Polisen")
    path = tmp_path / "aktorer.csv"
    path.write_text(f"namn;telefon\n{police.name};070-174 06 95\n", encoding="utf-8")
    dry = CliRunner().invoke(main, ["import", "actors", str(path), "--user", "lan", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"{police.name}: phone: '{police.phone}' → '070-174 06 95'" in dry.output
    police.refresh_from_db()
    assert police.phone != "070-174 06 95"
    real = CliRunner().invoke(main, ["import", "actors", str(path), "--user", "lan"])
    assert real.exit_code == 0 and "1 updated" in real.output
    police.refresh_from_db()
    assert police.phone == "070-174 06 95"
    path.write_text("namn;typ\nNågon;hemlig\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["import", "actors", str(path), "--user", "lan"])
    assert bad.exit_code == 2 and "row 2, field 'kind'" in bad.output and "Traceback" not in bad.output
    nobody = CliRunner().invoke(main, ["import", "actors", str(path), "--user", "valsjobyn"])
    assert nobody.exit_code == 2 and "may not keep any actors" in nobody.output
