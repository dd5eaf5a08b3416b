"""The store and fuel access pages: a municipality's and the county's, Swedish first, 404 elsewhere."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def numbers(text: str) -> list[int]:
    return [int(n.replace("\u00a0", "").replace(" ", "")) for n in re.findall(r"\d[\d\u00a0 ]*\d|\d", text)]


def lead(html: str) -> str:
    return re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)


def test_a_coordinator_sees_most_of_ostersund_within_10_km_of_a_store(client, django_user_model) -> None:
    client.force_login(django_user_model.objects.get(username="ostersund"))
    response = client.get("/m/2380/access/")
    assert response.status_code == 200
    html = response.content.decode()
    within, total = numbers(lead(html))[:2]
    assert total == 63_985 and within > 0.8 * total
    assert "Tillgång till dagligvaror och drivmedel" in html
    assert "fågelvägen × 1,3" in html  # every figure's metric is named
    assert "Modellerad befolkning" in html


def test_the_table_names_each_localitys_nearest_store_and_fuel_station(krokom) -> None:
    html = krokom.get("/m/2309/access/").content.decode()
    table = html[html.index('<table class="access">'):]
    assert "Närmaste dagligvarubutik" in table and "Närmaste drivmedelsstation" in table
    row = re.search(r"<tr><td>Föllinge</td>(.*?)</tr>", table, re.S).group(1)
    assert "Dagligvarubutik i Föllinge" in row and "Drivmedelsstation i Föllinge" in row
    # The table covers Krokom's residents only, not its neighbours'.
    assert "<td>Östersund</td>" not in table


def test_the_chart_counts_residents_within_5_10_20_and_30_km(krokom) -> None:
    html = krokom.get("/m/2309/access/").content.decode()
    for band in ("inom 5 km", "inom 10 km", "inom 20 km", "inom 30 km", "längre bort"):
        assert band in html
    assert html.count("<svg") == 2  # grocery store and fuel station


def test_a_coordinator_of_another_municipality_gets_404(krokom) -> None:
    assert krokom.get("/m/2321/access/").status_code == 404


def test_a_point_manager_cannot_read_another_municipalitys_access_page(kall_manager) -> None:
    assert kall_manager.get("/m/2380/access/").status_code == 404


def test_the_county_page_covers_every_municipality(county) -> None:
    response = county.get("/county/access/")
    assert response.status_code == 200
    html = response.content.decode()
    assert numbers(lead(html))[1] == 131_155
    for name in ("Ragunda", "Bräcke", "Östersund"):
        assert name in html


def test_a_coordinator_may_not_open_the_county_page(krokom) -> None:
    assert krokom.get("/county/access/").status_code == 403


def test_the_municipality_and_county_pages_link_to_it(krokom, county) -> None:
    assert 'href="/m/2309/access/"' in krokom.get("/m/2309/").content.decode()
    assert 'href="/county/access/"' in county.get("/county/").content.decode()


def test_the_map_data_holds_the_localities_and_the_services(krokom) -> None:
    html = krokom.get("/m/2309/access/").content.decode()
    data = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert '"role": "demand"' in data and '"role": "service"' in data and "Drivmedelsstation" in data


def test_a_towns_modelled_countryside_is_named_as_such_not_as_a_second_town(krokom) -> None:
    # The modelled demand puts Föllinge's countryside at a point of its own; a second
    # row called "Föllinge" would read as the same place counted twice.
    table = krokom.get("/m/2309/access/").content.decode().split('<table class="access">')[1]
    assert table.count("<tr><td>Föllinge</td>") == 1
    assert "<tr><td>Landsbygden kring Föllinge</td>" in table
    assert "Landsbygden kring Föllinge" in krokom.get("/m/2309/coverage/").content.decode()
