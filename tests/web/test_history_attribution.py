"""Every history row names who made the change: web form, API, command (acting_as), membership edits."""

import base64
import json

from django.contrib.auth import get_user_model

from trygg.accounts.models import Membership
from trygg.demo.load import load_demo
from trygg.registry.changes import changes_of, point_sources
from trygg.registry.models import Point, Site
from trygg.shared.history import DEMO_LOAD_REASON, acting_as


def basic_auth(username):
    token = base64.b64encode(f"{username}:trygg-demo".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_an_api_patch_is_recorded_with_the_api_user(client, db):
    kall = Point.objects.get(ref="SOT-KALL")
    response = client.patch(f"/api/points/{kall.pk}/", data=json.dumps({"opening_hours": "Alla dagar 7-22"}),
                            content_type="application/json", **basic_auth("are"))
    assert response.status_code == 200, response.content
    latest = kall.history.latest()
    assert latest.history_user.username == "are"
    assert latest.opening_hours == "Alla dagar 7-22"


def test_a_change_under_acting_as_carries_that_user(db):
    karin = get_user_model().objects.get(username="krokom")
    site = Site.objects.filter(municipality__scb_code="2309").first()
    with acting_as(karin):
        site.notes = "Nyckel hos vaktmästaren"
        site.save()
    assert site.history.latest().history_user == karin
    site.notes = "Nyckel hos platsansvarig"
    site.save()  # outside the block, with no request: no user
    assert site.history.latest().history_user is None


def test_acting_as_overrides_and_restores_when_nested(db):
    users = get_user_model().objects
    karin, anders = users.get(username="krokom"), users.get(username="are")
    site = Site.objects.filter(municipality__scb_code="2309").first()
    with acting_as(karin):
        with acting_as(anders, reason="import"):
            site.notes = "ett"
            site.save()
        site.notes = "två"
        site.save()
    first, second = site.history.order_by("-history_id")[1], site.history.latest()
    assert (first.history_user, first.history_change_reason) == (anders, "import")
    assert (second.history_user, second.history_change_reason) == (karin, None)


def test_a_saved_unchanged_record_writes_no_history_row(db):
    kall = Point.objects.get(ref="SOT-KALL")
    rows = kall.history.count()
    kall.save()
    assert kall.history.count() == rows


def test_a_membership_change_and_its_points_are_recorded(db):
    kall = Point.objects.get(ref="SOT-KALL")
    membership = Membership.objects.get(user__username="kall")
    anders = get_user_model().objects.get(username="are")
    other = Point.objects.filter(municipality=kall.municipality).exclude(pk=kall.pk).first()
    with acting_as(anders):
        membership.phone = "070-123 45 67"
        membership.save()
        membership.points.add(other)
    assert membership.history.latest().history_user == anders
    changes = changes_of(point_sources(other))
    membership_changes = [c for c in changes if c.record_kind == "Medlemskap"]
    assert any(c.field == "Punkter" and other.name in c.new and other.name not in c.old and c.who == "Anders Åresson"
               for c in membership_changes)
    phone = next(c for c in changes_of(point_sources(kall)) if c.field == "Telefon" and c.record_kind == "Medlemskap")
    assert (phone.old, phone.new) == ("–", "070-123 45 67")


def test_a_link_made_from_the_other_side_is_recorded_on_the_point(db):
    kall = Point.objects.get(ref="SOT-KALL")
    site = Site.objects.filter(municipality=kall.municipality).exclude(points=kall).first()
    site.points.add(kall)
    latest = kall.history.latest()
    assert site.pk in set(latest.sites.values_list("site_id", flat=True))


def test_the_demo_reload_writes_no_history_and_the_demo_rows_say_demo_load(db):
    kall = Point.objects.get(ref="SOT-KALL")
    assert kall.history.earliest().history_change_reason == DEMO_LOAD_REASON
    before = sum(model.history.count() for model, _filters in point_sources(kall))
    load_demo()
    assert sum(model.history.count() for model, _filters in point_sources(kall)) == before
