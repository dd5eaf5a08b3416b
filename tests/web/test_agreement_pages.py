"""A coordinator keeps the municipality's agreements on a page of their own, not in the admin."""

import datetime as dt

from django.utils import timezone

from trygg.registry.models import Agreement, Organisation, Point

KROKOM = "2309"


def org(name):
    return Organisation.objects.get(name=name)


def agreement_data(**changes):
    today = timezone.localdate()
    data = {
        "title": "Reservkraft till Krokoms sportcenter",
        "subject": "backup_power",
        "parties": [org("Krokoms kommun").pk, org("Elnätsbolaget (demo)").pk],
        "points": [Point.objects.get(ref="KRK-HALL").pk],
        "valid_from": (today - dt.timedelta(days=30)).isoformat(),
        "valid_to": (today + dt.timedelta(days=700)).isoformat(),
        "review_date": (today + dt.timedelta(days=300)).isoformat(),
        "notes": "Mobilt aggregat inom fyra timmar.",
    }
    data.update(changes)
    return data


def test_a_coordinator_creates_edits_and_deletes_an_agreement(krokom):
    response = krokom.post(f"/m/{KROKOM}/agreements/new/", agreement_data())
    assert response.status_code == 302 and response["Location"] == f"/m/{KROKOM}/agreements/"
    agreement = Agreement.objects.get(title="Reservkraft till Krokoms sportcenter")
    assert agreement.municipality.scb_code == KROKOM and agreement.subject == "backup_power"
    assert {o.name for o in agreement.parties.all()} == {"Krokoms kommun", "Elnätsbolaget (demo)"}
    assert [p.ref for p in agreement.points.all()] == ["KRK-HALL"]

    listing = krokom.get(f"/m/{KROKOM}/agreements/").content.decode()
    assert "Reservkraft till Krokoms sportcenter" in listing and "Elnätsbolaget (demo)" in listing
    assert f'href="/agreements/{agreement.pk}/edit/"' in listing

    edit_form = krokom.get(f"/agreements/{agreement.pk}/edit/")
    assert edit_form.status_code == 200 and edit_form.context["form"].instance == agreement
    new_review = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    response = krokom.post(f"/agreements/{agreement.pk}/edit/",
                           agreement_data(title="Reservkraft, sportcentret", review_date=new_review))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Reservkraft, sportcentret" and agreement.review_date.isoformat() == new_review

    confirm = krokom.get(f"/agreements/{agreement.pk}/delete/")
    assert confirm.status_code == 200 and "Reservkraft, sportcentret" in confirm.content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists(), "a GET must not delete"
    response = krokom.post(f"/agreements/{agreement.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/m/{KROKOM}/agreements/"
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert Point.objects.filter(ref="KRK-HALL").exists() and Organisation.objects.filter(name="Elnätsbolaget (demo)").exists()


def test_an_agreement_that_ends_before_it_starts_is_refused_naming_the_field(krokom):
    before = Agreement.objects.count()
    response = krokom.post(f"/m/{KROKOM}/agreements/new/", agreement_data(valid_from="2026-05-01", valid_to="2026-04-01",
                                                                         review_date=""))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["valid_to"]
    assert "Ett avtal kan inte upphöra innan det börjar gälla." in response.content.decode()
    assert Agreement.objects.count() == before


def test_a_review_after_expiry_is_refused_on_edit_and_the_agreement_stays_as_it_was(krokom):
    agreement = Agreement.objects.get(title="Bemanning av trygghetspunkter, FRG Krokom")
    before = (agreement.title, agreement.valid_to, agreement.review_date)
    late = (agreement.valid_to + dt.timedelta(days=10)).isoformat()
    data = agreement_data(title="Ändrad", valid_from=agreement.valid_from.isoformat(),
                          valid_to=agreement.valid_to.isoformat(), review_date=late)
    response = krokom.post(f"/agreements/{agreement.pk}/edit/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["review_date"]
    assert "Se över avtalet innan det löper ut." in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.valid_to, agreement.review_date) == before


def test_an_agreement_needs_a_title_a_start_and_a_party(krokom):
    before = Agreement.objects.count()
    response = krokom.post(f"/m/{KROKOM}/agreements/new/", agreement_data(title="", valid_from="", parties=[]))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "valid_from", "parties"}
    assert Agreement.objects.count() == before


def test_the_form_offers_only_the_municipalitys_own_points_and_sensible_parties(krokom):
    form = krokom.get(f"/m/{KROKOM}/agreements/new/").context["form"]
    offered_points = set(form.fields["points"].queryset.values_list("ref", flat=True))
    assert offered_points == set(Point.objects.filter(municipality__scb_code=KROKOM).values_list("ref", flat=True))
    parties = set(form.fields["parties"].queryset.values_list("name", flat=True))
    assert {"Krokoms kommun", "FRG Krokom (demo)", "Valsjöbyns byalag (demo)", "Länsstyrelsen i Jämtlands län",
            "Elnätsbolaget (demo)"} <= parties
    for other in ("Åre kommun", "FRG Åre (demo)", "Kalls byaförening (demo)", "Östersunds kommun"):
        assert other not in parties


def test_another_municipalitys_point_or_party_cannot_be_posted_into_an_agreement(krokom):
    before = Agreement.objects.count()
    response = krokom.post(f"/m/{KROKOM}/agreements/new/",
                           agreement_data(points=[Point.objects.get(ref="ARE-DUVED").pk],
                                          parties=[org("FRG Åre (demo)").pk]))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"points", "parties"}
    assert Agreement.objects.count() == before


def test_editing_keeps_a_party_from_outside_the_municipality(are):
    """Åre's fuel agreement has a supplier registered under Östersund; saving it unchanged must not drop it."""
    agreement = Agreement.objects.get(title="Drivmedel till SOT-punkt Kall")
    parties = sorted(agreement.parties.values_list("pk", flat=True))
    data = {"title": agreement.title, "subject": agreement.subject, "parties": parties,
            "points": list(agreement.points.values_list("pk", flat=True)), "valid_from": agreement.valid_from.isoformat(),
            "valid_to": agreement.valid_to.isoformat(), "review_date": agreement.review_date.isoformat(), "notes": ""}
    assert are.post(f"/agreements/{agreement.pk}/edit/", data).status_code == 302
    assert sorted(agreement.parties.values_list("pk", flat=True)) == parties
    assert "Drivmedelsleverantör Jämtland (demo)" in agreement.parties.values_list("name", flat=True)


def test_expired_and_overdue_agreements_are_highlighted(krokom):
    today = timezone.localdate()
    mun = Organisation.objects.get(scb_code=KROKOM)
    rows = {
        "Gammalt snöröjningsavtal": {"valid_from": today - dt.timedelta(days=400), "valid_to": today - dt.timedelta(days=1)},
        "Vattentankar": {"valid_from": today - dt.timedelta(days=400), "review_date": today - dt.timedelta(days=3)},
        "Matleveranser": {"valid_from": today - dt.timedelta(days=400), "review_date": today + dt.timedelta(days=10)},
        "Lokaler i Föllinge": {"valid_from": today - dt.timedelta(days=400), "review_date": today + dt.timedelta(days=200)},
    }
    created = {}
    for title, dates in rows.items():
        a = Agreement.objects.create(municipality=mun, title=title, subject="other", **dates)
        a.parties.set([mun])
        created[title] = a
    response = krokom.get(f"/m/{KROKOM}/agreements/")
    body = response.content.decode()
    assert f'<tr id="agreement-{created["Gammalt snöröjningsavtal"].pk}" class="expired">' in body
    assert f'<tr id="agreement-{created["Vattentankar"].pk}" class="review_overdue">' in body
    assert f'<tr id="agreement-{created["Matleveranser"].pk}" class="review_soon">' in body
    assert f'<tr id="agreement-{created["Lokaler i Föllinge"].pk}">' in body
    assert "Har löpt ut" in body and "Översyn försenad" in body
    assert response.context["expired"] == 1 and response.context["review_overdue"] == 1
    # the point page flags them too, in the user's language
    a = created["Gammalt snöröjningsavtal"]
    a.points.set([Point.objects.get(ref="KRK-HALL")])
    point_page = krokom.get(f"/points/{Point.objects.get(ref='KRK-HALL').pk}/").content.decode()
    assert f'href="/agreements/{a.pk}/edit/">Gammalt snöröjningsavtal</a>' in point_page
    assert "har löpt ut" in point_page


def test_the_demo_fuel_agreement_past_its_review_is_highlighted_for_ostersund(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="ostersund"))
    rows = client.get("/m/2380/agreements/").context["rows"]
    fuel = next(r for r in rows if r["agreement"].title == "Dieselleveranser till reservkraft")
    assert fuel["status"][0] == "review_overdue"


def test_the_municipality_page_links_the_agreements_and_exercises(krokom, county):
    body = krokom.get(f"/m/{KROKOM}/").content.decode()
    for url in (f"/m/{KROKOM}/agreements/", f"/m/{KROKOM}/exercises/", f"/m/{KROKOM}/agreements/new/",
                f"/m/{KROKOM}/exercises/new/"):
        assert f'href="{url}"' in body, url
    county_body = county.get(f"/m/{KROKOM}/").content.decode()
    assert f'href="/m/{KROKOM}/agreements/"' in county_body
    assert f'href="/m/{KROKOM}/agreements/new/"' not in county_body
