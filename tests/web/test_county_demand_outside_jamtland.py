"""A county's planning pages count that county's residents, not Jämtland's (issue 12, item 6).

Outside Jämtland trygg bundles only SCB's tätorter (all 2,017), so Norrbotten's pages show
Norrbotten's tätorter and say that the countryside is not counted; Jämtland keeps its model.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import _client_for
from trygg.accounts.models import Membership, Role
from trygg.data import data_path
from trygg.formats.localities import read_sweden_localities
from trygg.population.demand import county_demand
from trygg.registry.models import Organisation, Point, Site
from trygg.registry.reference import load_reference

NORRBOTTEN = "25"


def _norrbotten_tatorter() -> list:
    return [t for t in read_sweden_localities(data_path("sweden_tatorter_2020.csv")) if t.municipality[:2] == NORRBOTTEN]


@pytest.fixture
def norrbotten(db):
    """Norrbotten's county officer, a store in Luleå and a point with a position in Kiruna."""
    load_reference()
    county = Organisation.objects.get(kind="county", scb_code=NORRBOTTEN)
    lulea = Organisation.objects.get(scb_code="2580")
    kiruna = Organisation.objects.get(scb_code="2584")
    Site.objects.create(name="Konsum Luleå", kind="grocery_store", municipality=lulea, lat=65.5848, lon=22.1547)
    point = Point.objects.create(ref="KRN-1", name="Kiruna trygghetspunkt", municipality=kiruna, level=2,
                                 state="ready")
    point.sites.add(Site.objects.create(name="Folkets hus Kiruna", municipality=kiruna, lat=67.8557, lon=20.2253))
    user = get_user_model().objects.create_user("norrbotten", password="x")
    Membership.objects.create(user=user, organisation=county, role=Role.COUNTY_OFFICER)
    return _client_for("norrbotten")


def test_the_county_demand_is_the_countys_own_tatorter(db):
    load_reference()
    demand = county_demand(Organisation.objects.get(kind="county", scb_code=NORRBOTTEN))
    expected = _norrbotten_tatorter()
    assert demand.tatort_only and demand.demand.n == len(expected)
    assert round(demand.demand.total_population) == round(sum(t.population for t in expected))
    assert set(demand.demand.municipality) <= {t.municipality for t in expected}
    jamtland = county_demand(Organisation.objects.get(kind="county", scb_code="23"))
    assert not jamtland.tatort_only and round(jamtland.demand.total_population) == 131_155


def test_norrbottens_access_page_lists_norrbottens_localities_not_jamtlands(norrbotten):
    response = norrbotten.get("/county/access/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Luleå", "Kiruna", "Piteå"):
        assert f"<td>{name}</td>" in html or f">{name}<" in html, name
    for name in ("Östersund", "Valsjöbyn", "Strömsund"):
        assert name not in html, name
    total = sum(t.population for t in _norrbotten_tatorter())
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert f"{round(total):,}".replace(",", "\u00a0") in lead
    # the page says what its population is: the tätorter alone, the countryside not counted
    assert "tätorter" in html and "räknas inte" in html


def test_norrbottens_disruption_page_counts_norrbottens_residents(norrbotten):
    kiruna = next(t for t in _norrbotten_tatorter() if t.name == "Kiruna")
    response = norrbotten.post("/county/disruption/", {"localities": [kiruna.code], "analyse": "1"})
    assert response.status_code == 200
    inside = response.context["impact"].residents_inside
    assert inside == pytest.approx(kiruna.population)
    assert "Östersund" not in response.content.decode()


def test_jamtlands_county_page_keeps_the_jamtland_model(county):
    html = county.get("/county/access/").content.decode()
    assert "Östersund" in html and "Luleå" not in html
