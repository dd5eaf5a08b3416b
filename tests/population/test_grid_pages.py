"""A coordinator uploads SCB's grid on the web; coverage and access then count its residents and name it.

Real HTTP through Django's test client on the demo database (each test rolled back).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.population.gridfiles import ARE_SQUARES, square, write_csv, write_gpkg
from trygg.population.models import GridDataset, GridSquare

pytestmark = pytest.mark.django_db

MODELLED = "Modellerad befolkning: tätorter (SCB 2020) + landsbygd fördelad efter yta — inte verklig fördelning"


def numbers(text: str) -> list[int]:
    return [int(n.replace("\u00a0", "").replace(" ", "")) for n in re.findall(r"\d[\d\u00a0 ]*\d|\d", text)]


def lead(html: str) -> str:
    return re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)


def upload(client, path: Path, url: str = "/m/2321/population/", **fields):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return client.post(url, {"file": handle, **fields})


@pytest.fixture
def are_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "befolkning_1km_2023.csv", ARE_SQUARES)


def test_the_coordinator_imports_a_csv_and_it_is_stored_with_who_and_when(are, are_csv: Path) -> None:
    response = upload(are, are_csv)
    assert response.status_code == 302
    dataset = GridDataset.objects.get(organisation__scb_code="2321")
    assert (dataset.reference_year, dataset.cell_size_m, dataset.square_count, dataset.total_population) == (
        2023, 1000, 3, 485)
    assert dataset.imported_by.username == "are" and dataset.source_name == "befolkning_1km_2023.csv"
    storlien = GridSquare.objects.get(dataset=dataset, square_id="3540007024000")
    assert (storlien.children, storlien.elderly_65, storlien.elderly_80, storlien.municipality_code) == (
        2, 68, 60, "2321")
    page = are.get("/m/2321/population/").content.decode()
    assert "SCB befolkningsrutnät 2023, 1 km (importerad av" in page and "485" in page


def test_a_geopackage_in_scbs_format_imports_too(are, tmp_path: Path) -> None:
    response = upload(are, write_gpkg(tmp_path / "befolkning_1km_2023.gpkg", ARE_SQUARES))
    assert response.status_code == 302
    assert GridDataset.objects.get(organisation__scb_code="2321").square_count == 3


def test_a_bad_row_is_refused_with_row_and_field_and_nothing_is_stored(are, are_csv: Path) -> None:
    are_csv.write_text(are_csv.read_text(encoding="utf-8").replace(";90;45;45;", ";-90;45;45;"), encoding="utf-8")
    response = upload(are, are_csv)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Inget sparades" in html and "rad 4, fält &#x27;beftotalt&#x27;" in html
    assert not GridDataset.objects.exists() and not GridSquare.objects.exists()


def test_a_second_import_is_refused_unless_it_replaces_the_first(are, are_csv: Path, tmp_path: Path) -> None:
    assert upload(are, are_csv).status_code == 302
    bigger = write_csv(tmp_path / "befolkning_1km_2024.csv", [*ARE_SQUARES, square(395000, 7031000, adults=40)],
                       year=2024)
    refused = upload(are, bigger)
    assert refused.status_code == 400 and "har redan ett befolkningsrutnät" in refused.content.decode()
    assert GridDataset.objects.get().reference_year == 2023
    assert upload(are, bigger, replace="on").status_code == 302
    dataset = GridDataset.objects.get()
    assert (dataset.reference_year, dataset.square_count) == (2024, 4)
    assert GridSquare.objects.count() == 4


def test_squares_outside_the_municipality_are_not_stored(are, tmp_path: Path) -> None:
    follinge = square(481000, 7060000, adults=100)  # Krokom
    response = upload(are, write_csv(tmp_path / "befolkning_1km_2023.csv", [*ARE_SQUARES, follinge]))
    assert response.status_code == 302
    assert GridDataset.objects.get().square_count == 3
    only_krokom = write_csv(tmp_path / "krokom_2023.csv", [follinge])
    refused = upload(are, only_krokom, replace="on")
    assert refused.status_code == 400 and "Ingen ruta i filen ligger i Åre" in refused.content.decode()


def test_the_coverage_page_turns_from_modelled_to_the_grid_and_names_it(are, are_csv: Path) -> None:
    before = are.get("/m/2321/coverage/").content.decode()
    assert MODELLED in before
    modelled_total = numbers(lead(before))[1]
    assert upload(are, are_csv).status_code == 302
    after = are.get("/m/2321/coverage/").content.decode()
    covered, total = numbers(lead(after))[:2]
    assert total == 485 != modelled_total
    assert "SCB befolkningsrutnät 2023, 1 km (importerad av" in after and MODELLED not in after
    # Åre and Duved have points nearby; the 90 people out at Storlien do not.
    assert covered == 395


def test_weighting_the_80_plus_changes_the_weighted_figure_but_not_the_plain_one(are, are_csv: Path) -> None:
    upload(are, are_csv)
    plain = are.get("/m/2321/coverage/").content.decode()
    weighted = are.get("/m/2321/coverage/?weight_group=elderly_80&weight_factor=2").content.decode()
    assert numbers(lead(plain))[:2] == numbers(lead(weighted))[:2] == [395, 485]
    sentence = re.search(r'<p class="lead weighted" id="weighted">(.*?)</p>', weighted, re.S).group(1)
    # 80+: 20 in Åre and 5 in Duved (covered), 60 at Storlien: weighted 420 of 570.
    assert "äldre 80+ ×2" in sentence and numbers(sentence)[-2:] == [420, 570]
    tripled = are.get("/m/2321/coverage/?weight_group=elderly_80&weight_factor=3").content.decode()
    sentence = re.search(r'id="weighted">(.*?)</p>', tripled, re.S).group(1)
    assert numbers(sentence)[-2:] == [445, 655]


def test_a_bad_weight_names_the_field(are, are_csv: Path) -> None:
    upload(are, are_csv)
    response = are.get("/m/2321/coverage/?weight_group=elderly_80&weight_factor=-4")
    assert response.status_code == 400 and "weight_factor" in response.content.decode()
    response = are.get("/m/2321/coverage/?weight_group=pets")
    assert response.status_code == 400 and "weight_group" in response.content.decode()


def test_without_a_grid_the_weight_choice_is_not_offered(are) -> None:
    html = are.get("/m/2321/coverage/").content.decode()
    assert 'name="weight_group"' not in html


def test_the_access_page_uses_the_grid_and_names_it(are, are_csv: Path) -> None:
    assert MODELLED in are.get("/m/2321/access/").content.decode()
    upload(are, are_csv)
    html = are.get("/m/2321/access/?weight_group=children&weight_factor=2").content.decode()
    assert numbers(lead(html))[1] == 485
    assert "SCB befolkningsrutnät 2023, 1 km" in html and 'id="weighted"' in html


def test_the_county_grid_serves_every_municipality_without_its_own(county, krokom, tmp_path: Path) -> None:
    follinge = square(481000, 7060000, adults=100, oldest=10)
    grid = write_csv(tmp_path / "befolkning_1km_2023.csv", [*ARE_SQUARES, follinge])
    assert upload(county, grid, url="/county/population/").status_code == 302
    assert numbers(lead(krokom.get("/m/2309/coverage/").content.decode()))[1] == 110
    county_access = county.get("/county/access/").content.decode()
    assert numbers(lead(county_access))[1] == 595 and "SCB befolkningsrutnät 2023" in county_access


def test_a_krokom_coordinator_cannot_see_or_upload_to_ares_grid_page(krokom, are_csv: Path) -> None:
    assert krokom.get("/m/2321/population/").status_code == 404
    assert upload(krokom, are_csv).status_code == 404
    assert not GridDataset.objects.exists()


def test_staff_and_point_roles_cannot_upload(kall_manager, are_csv: Path) -> None:
    assert kall_manager.get("/m/2321/population/").status_code in (403, 404)
    assert upload(kall_manager, are_csv).status_code == 404
    assert not GridDataset.objects.exists()


def test_only_the_county_opens_the_county_grid_page(krokom, county) -> None:
    assert krokom.get("/county/population/").status_code == 403
    assert county.get("/county/population/").status_code == 200


def test_the_pages_link_to_the_grid_page_for_those_who_may_import(are, county) -> None:
    assert 'href="/m/2321/population/"' in are.get("/m/2321/coverage/").content.decode()
    assert 'href="/m/2321/population/"' in are.get("/m/2321/access/").content.decode()
    assert 'href="/county/population/"' in county.get("/county/access/").content.decode()


def test_an_upload_over_the_size_limit_is_refused_before_reading(are, are_csv: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trygg.population import views

    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 100)
    response = upload(are, are_csv)
    assert response.status_code == 400 and "högst 0 MB" in response.content.decode()
    assert not GridDataset.objects.exists()


def test_a_file_that_is_not_a_grid_is_a_message_not_an_error_page(are, tmp_path: Path) -> None:
    junk = tmp_path / "bild.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    response = upload(are, junk)
    assert response.status_code == 400 and "Inget sparades" in response.content.decode()
    assert not GridDataset.objects.exists()


def map_data(html: str) -> str:
    return re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1)


def test_a_large_grid_is_drawn_gathered_into_cells_while_the_figures_count_every_square(
        are, are_csv: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trygg.population import access, coverage

    upload(are, are_csv)
    monkeypatch.setattr(coverage, "MAP_POINTS", 2)
    monkeypatch.setattr(access, "MAP_POINTS", 2)
    html = are.get("/m/2321/coverage/").content.decode()
    # Åre and Duved share a 20 km cell; Storlien is a cell of its own.
    assert "2 rutor (cell om 20 km)" in map_data(html) and "1 ruta (cell om 20 km)" in map_data(html)
    assert '"population": 395' in map_data(html)
    assert numbers(lead(html))[:2] == [395, 485]
    assert "<td>3940007031000</td>" in html  # the table still lists squares
    assert "2 rutor (cell om 20 km)" in map_data(are.get("/m/2321/access/").content.decode())
