"""The field app's pages (page, service worker, manifest, state) and the one field definition
that drives the page, the API's status fields and the binder's paper form."""

import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from trygg.operations import decisions
from trygg.operations.api import StatusFieldsSerializer
from trygg.operations.fieldform import FIELDS, Goes, status_field_names
from trygg.operations.lifecycle import OpState
from trygg.registry.models import Organisation, Point


def login(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def field_url(event, point, tail=""):
    return f"/ops/events/{event.pk}/points/{point.pk}/field/{tail}"


def test_staff_of_the_point_get_the_page_with_every_field_and_no_map(activated):
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    r = login("valsjobyn").get(field_url(activated, p))
    assert r.status_code == 200
    html = r.content.decode()
    for f in FIELDS:
        if f.goes != Goes.STATE:  # a volunteer reports; the point manager or coordinator moves the point
            assert f'data-field="{f.name}"' in html
    assert 'data-field="state"' not in html
    assert "leaflet" not in html.lower() and "//cdn" not in html and "https://" not in html
    assert 'rel="manifest"' in html and "fieldapp.js" in html
    assert r["Cache-Control"].startswith("max-age=0")


def test_the_point_manager_also_gets_the_state_changes(db):
    are = Organisation.objects.get(scb_code="2321")
    coordinator = get_user_model().objects.get(username="are")
    kall = Point.objects.get(ref="SOT-KALL")
    event = decisions.create_event(name="Storm i Kall", kind="storm", exercise=False, municipalities=[are], owner=are,
                                   created_by_id=coordinator.pk, starts_at=timezone.now())
    decisions.activate(event, coordinator.pk, are, [kall], decisions.Decision(
        decided_by="TiB", mandate="tib", reason="Storm", decided_at=timezone.now()))
    html = login("kall").get(field_url(event, kall)).content.decode()
    assert 'data-field="state"' in html and 'name="state" value="opening"' in html


def test_who_may_not_report_for_the_point_gets_404_on_every_field_app_url(activated):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    for username in ("kall", "are", "partner"):
        client = login(username)
        for tail in ("", "sw.js", "manifest.webmanifest", "state.json"):
            assert client.get(field_url(activated, valsjobyn, tail)).status_code == 404, (username, tail)
    anonymous = Client().get(field_url(activated, valsjobyn))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_service_worker_is_served_from_the_page_folder_and_keeps_local_assets(activated):
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    r = login("valsjobyn").get(field_url(activated, p, "sw.js"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/javascript")
    body = r.content.decode()
    config = json.loads(body.split("const WORKER = ", 1)[1].split(";\n", 1)[0])
    assert config["page"] == field_url(activated, p)
    assert all(url.startswith("/") for url in config["precache"])  # nothing from another host
    assert "/static/trygg/fieldapp.js" in config["precache"]


def test_the_manifest_installs_the_page_with_local_icons(activated):
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    client = login("valsjobyn")
    manifest = client.get(field_url(activated, p, "manifest.webmanifest")).json()
    assert manifest["start_url"] == manifest["scope"] == field_url(activated, p)
    assert manifest["display"] == "standalone" and "Valsjöbyn" in manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_state_document_says_who_closed_the_point_centrally(activated, krokom_user, krokom_org):
    p = Point.objects.get(ref="SOT-VALSJOBYN")
    staff = login("valsjobyn")
    before = staff.get(field_url(activated, p, "state.json")).json()
    assert before["state"] == OpState.STANDBY and before["central"]
    decisions.close(activated, krokom_user.pk, krokom_org, [p], decisions.Decision(
        decided_by="Krisledningsnämndens ordförande", mandate="krisledningsnamnd", reason="Elen är tillbaka",
        decided_at=timezone.now()))
    after = staff.get(field_url(activated, p, "state.json")).json()
    assert after["state"] == OpState.CLOSED and after["changed_by"] == "Krisledningsnämndens ordförande"
    assert after["state_label"] == "stängd"


def test_the_field_definition_matches_what_the_api_accepts_in_a_status_report():
    api_fields = set(StatusFieldsSerializer().fields)
    assert set(status_field_names()) <= api_fields
    missing = api_fields - set(status_field_names())
    assert not missing, f"the field page cannot report {missing}"
    assert [f.name for f in FIELDS if f.goes == Goes.STATE] == ["state"]


def test_the_binder_paper_form_has_the_same_fields_as_the_page(db):
    from trygg.public.binder import binder_html

    kall = Point.objects.get(ref="SOT-KALL")
    manager = get_user_model().objects.get(username="kall")
    html = binder_html(kall, manager, "after", "sv")
    for f in FIELDS:
        assert html.count(f'data-field="{f.name}"') == 3, f.name  # three forms to fill in by hand
    assert "Antal personer på plats" in html and "Tjänster som finns nu" in html
