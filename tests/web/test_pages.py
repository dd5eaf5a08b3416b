"""Each role lands on its page, and the pages show what that role needs."""

import pytest

from trygg.registry.models import Point


def test_a_visitor_is_sent_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_county_officer_lands_on_the_county_overview_with_all_municipalities(county):
    response = county.get("/", follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/county/"
    for name in ("Ragunda", "Bräcke", "Krokoms", "Strömsunds", "Åre", "Bergs", "Härjedalens", "Östersunds"):
        assert f"{name} kommun" in body
    assert "SOT-punkt Kall" in body and "SOT-punkt Valsjöbyn" in body


def test_a_coordinator_lands_on_their_municipality(krokom):
    response = krokom.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/m/2309/"
    assert response.context["rollup"].points == Point.objects.filter(municipality__scb_code="2309").count()


def test_the_municipality_page_carries_map_data_for_its_points(krokom):
    data = krokom.get("/m/2309/").context["map_data"]
    names = {f["properties"]["name"] for f in data["points"]["features"]}
    assert "SOT-punkt Valsjöbyn" in names
    lon, lat = data["points"]["features"][0]["geometry"]["coordinates"]
    assert 10 < lon < 25 and 55 < lat < 70
    assert data["boundaries"]["features"][0]["properties"]["code"] == "2309"


def test_a_point_manager_lands_on_their_point_and_may_edit_it(kall_manager, point):
    response = kall_manager.get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/points/{point('SOT-KALL').pk}/"
    assert response.context["can_edit"] is True


def test_staff_read_their_point_but_may_not_edit_it(valsjobyn_staff, point):
    p = point("SOT-VALSJOBYN")
    assert valsjobyn_staff.get(f"/points/{p.pk}/").context["can_edit"] is False
    assert valsjobyn_staff.get(f"/points/{p.pk}/edit/").status_code == 404
    assert valsjobyn_staff.get(f"/points/{point('SOT-ROTVIKEN').pk}/").status_code == 404


def test_a_partner_reads_only_shared_points(partner, point):
    assert partner.get(f"/points/{point('KRK-HALL').pk}/").status_code == 200
    assert partner.get(f"/points/{point('OSD-PARK').pk}/").status_code == 404
    assert partner.get(f"/points/{point('KRK-HALL').pk}/plan/").status_code == 404


def test_the_point_page_shows_the_sot_check_and_the_readiness_gaps(krokom, point):
    body = krokom.get(f"/points/{point('SOT-VALSJOBYN').pk}/").content.decode()
    assert "Ingen drivmedelsstation är kopplad till punkten." in body
    assert "Drivmedelsstation i butikens direkta närhet, året runt" in body
    assert "Drivmedel till reservkraften är inte säkrat genom avtal eller eget lager." in body
    assert 'data-code="fuel_arranged"' in body


def test_the_point_page_shows_the_rule_texts_in_english_when_english_is_chosen(krokom, point):
    krokom.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = krokom.get(f"/points/{point('SOT-VALSJOBYN').pk}/").content.decode()
    assert "No fuel station is linked to the point." in body
    assert "Fuel station in the store&#x27;s direct vicinity, year-round" in body
    assert "Fuel for the backup power is not secured by agreement or own storage." in body
    assert "drivmedelsstation" not in body.lower().replace("sot-punkt", "")


def test_follow_up_lists_overdue_routines_and_agreements_due(krokom):
    followup = krokom.get("/follow-up/").context["followup"]
    assert followup.overdue_routines and followup.agreements_due
    assert all(r.point.municipality.scb_code == "2309" for r in followup.overdue_routines)


def test_the_ui_is_swedish_unless_english_is_chosen(krokom):
    assert krokom.get("/m/2309/")["Content-Language"] == "sv"
    krokom.post("/i18n/setlang/", {"language": "en", "next": "/m/2309/"})
    assert krokom.get("/m/2309/")["Content-Language"] == "en"


def test_the_data_sources_page_is_public_and_names_the_licences(client, db):
    body = client.get("/about/data/").content.decode()
    assert "CC0" in body and "CC BY 4.0" in body


@pytest.mark.parametrize("url", ["/admin/registry/point/", "/admin/registry/site/", "/admin/registry/plan/",
                                 "/admin/registry/agreement/", "/admin/registry/routine/", "/admin/registry/exercise/",
                                 "/admin/registry/organisation/", "/admin/accounts/membership/",
                                 "/admin/registry/planfunction/", "/admin/registry/staffneed/",
                                 "/admin/registry/planequipment/"])
def test_the_admin_has_every_model(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_a_coordinator_marks_an_overdue_routine_done_and_it_leaves_follow_up(krokom, point):
    from trygg.registry.models import Routine

    overdue = krokom.get("/follow-up/").context["followup"].overdue_routines
    routine = overdue[0]
    response = krokom.post(f"/routines/{routine.pk}/done/")
    assert response.status_code == 302
    assert not Routine.objects.get(pk=routine.pk).is_overdue()
    assert routine not in krokom.get("/follow-up/").context["followup"].overdue_routines


def test_staff_cannot_mark_a_routine_done(valsjobyn_staff, point):
    from trygg.registry.models import Routine

    routine = Routine.objects.filter(point=point("SOT-VALSJOBYN")).first()
    assert valsjobyn_staff.post(f"/routines/{routine.pk}/done/").status_code == 404
    assert valsjobyn_staff.get(f"/routines/{routine.pk}/done/").status_code in (404, 405)


def test_the_coverage_page_shows_covered_and_uncovered_residents_and_suggests_premises(krokom):
    response = krokom.get("/m/2309/coverage/")
    coverage = response.context["coverage"]
    assert coverage.demand.modelled and 0 < coverage.covered < coverage.total
    assert coverage.uncovered == pytest.approx(coverage.total - coverage.covered)
    assert coverage.suggestions and coverage.suggestions[0].adds_people > 0
    gains = [s.adds_people for s in coverage.suggestions]
    assert gains == sorted(gains, reverse=True)
    roles = {f["properties"].get("role") for f in response.context["map_data"]["points"]["features"]}
    assert "demand" in roles


def test_a_larger_radius_covers_at_least_as_many(krokom):
    small = krokom.get("/m/2309/coverage/?radius_km=5").context["coverage"].covered
    large = krokom.get("/m/2309/coverage/?radius_km=40").context["coverage"].covered
    assert large >= small


def test_a_bad_radius_is_a_clear_message(krokom):
    response = krokom.get("/m/2309/coverage/?radius_km=0")
    assert response.status_code == 400 and response.context["error"]
