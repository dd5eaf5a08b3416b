"""All of Sweden as reference data (issue 14, item 1): 21 counties, 290 municipalities, the demo kept."""

from __future__ import annotations

from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client

from trygg.accounts.models import Membership
from trygg.cli import main
from trygg.registry import scope
from trygg.registry.models import Organisation, Point
from trygg.registry.reference import load_reference


def jamtland_state():
    return sorted(Organisation.objects.filter(scb_code__startswith="23").values_list(
        "scb_code", "name", "phone", "email", "crisis_role", "boundary", "parent__scb_code"))


def test_every_county_and_municipality_is_loaded_once_and_the_demo_keeps_its_content(db):
    before = jamtland_state()
    summary = load_reference()
    assert Organisation.objects.filter(kind="county").count() == 21
    assert Organisation.objects.filter(kind="municipality").count() == 290
    assert (summary.counties_created, summary.municipalities_created) == (20, 282)  # Jämtland's 1 + 8 exist
    assert jamtland_state() == before
    assert load_reference() == type(summary)(0, 0, 0)  # a second run changes nothing
    malmo = Organisation.objects.get(scb_code="1280")
    assert malmo.name == "Malmö kommun" and malmo.parent.name == "Länsstyrelsen i Skåne län"
    assert malmo.boundary["type"] in ("Polygon", "MultiPolygon")
    malmo.full_clean()  # valid as the registry defines it


def test_a_county_officer_elsewhere_reads_exactly_their_county(db):
    load_reference()
    user = get_user_model().objects.create_user("skane", password="x")
    Membership.objects.create(user=user, organisation=Organisation.objects.get(scb_code="12"), role="county_officer")
    codes = set(scope.readable_municipalities(user).values_list("scb_code", flat=True))
    assert len(codes) == 33 and all(code.startswith("12") for code in codes)
    assert not scope.readable_points(user).exists()  # no Jämtland point
    client = Client()
    client.force_login(user)
    assert client.get("/m/1280/").status_code == 200  # an empty but valid municipality page
    county_page = client.get("/county/")
    assert county_page.status_code == 200 and "Malmö kommun" in county_page.content.decode()
    assert "Åre kommun" not in county_page.content.decode()
    assert client.get("/m/2321/").status_code == 404
    assert Point.objects.filter(municipality__scb_code__startswith="12").count() == 0


def test_the_command_loads_it_and_says_what_it_did(db):
    result = CliRunner().invoke(main, ["load-reference"])
    assert result.exit_code == 0, result.output
    assert "20 counties and 282 municipalities created" in result.output


def test_a_municipality_outside_jamtland_is_analysed_on_its_tatorter_and_says_the_countryside_is_missing(db, settings):
    settings.LANGUAGE_CODE = "en"
    load_reference()
    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    # The access page measures to the stores of the municipality's own county (Skåne), not Jämtland's.
    from trygg.registry.models import Site

    Site.objects.create(name="Ica Malmö", kind="grocery_store", municipality=Organisation.objects.get(scb_code="1280"),
                        lat=55.6050, lon=13.0038)
    for url in ("/m/1280/coverage/", "/m/1280/access/"):
        response = admin.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        assert "the countryside is missing" in response.content.decode()
    from trygg.population.demand import population_demand

    malmo = population_demand(Organisation.objects.get(scb_code="1280"))
    assert malmo.modelled and round(malmo.demand.population.sum()) == 358_495  # Malmö's six tätorter, SCB 2020


def test_a_municipality_without_a_tatort_gets_a_message_not_an_empty_model():
    import pytest

    from trygg.analysis.demand_national import tatort_demand
    from trygg.analysis.errors import AnalysisError

    with pytest.raises(AnalysisError, match="no tätort in municipality 9999: import SCB's population grid"):
        tatort_demand([], ["9999"])
