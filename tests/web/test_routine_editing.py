"""Whoever edits a point's plan adds, edits and deletes its routines from the point page."""

import datetime as dt

import pytest
from django.utils import timezone

from trygg.registry.models import Routine


def test_the_point_manager_adds_edits_and_deletes_a_routine(kall_manager, point):
    kall = point("SOT-KALL")
    page = kall_manager.get(f"/points/{kall.pk}/").content.decode()
    assert f'href="/points/{kall.pk}/routines/new/"' in page

    response = kall_manager.post(f"/points/{kall.pk}/routines/new/", {
        "kind": "equipment_check", "interval_days": 30, "last_done": "", "responsible": "Kalls byaförening"})
    assert response.status_code == 302 and response["Location"] == f"/points/{kall.pk}/"
    routine = Routine.objects.get(point=kall, kind="equipment_check")
    assert routine.interval_days == 30 and routine.last_done is None and routine.is_overdue()

    page = kall_manager.get(f"/points/{kall.pk}/").content.decode()
    assert f'href="/routines/{routine.pk}/edit/"' in page and f'href="/routines/{routine.pk}/delete/"' in page
    assert "Kontroll av utrustning" in page and "Kalls byaförening" in page

    done = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = kall_manager.post(f"/routines/{routine.pk}/edit/", {
        "kind": "equipment_check", "interval_days": 60, "last_done": done, "responsible": "Kerstin"})
    assert response.status_code == 302
    routine.refresh_from_db()
    assert (routine.interval_days, routine.last_done.isoformat(), routine.responsible) == (60, done, "Kerstin")
    assert not routine.is_overdue()

    assert kall_manager.get(f"/routines/{routine.pk}/delete/").status_code == 200
    assert Routine.objects.filter(pk=routine.pk).exists()
    assert kall_manager.post(f"/routines/{routine.pk}/delete/").status_code == 302
    assert not Routine.objects.filter(pk=routine.pk).exists()
    assert Routine.objects.filter(point=kall, kind="generator_test").exists(), "the other routines stay"


def test_the_coordinator_edits_the_routines_of_the_municipalitys_points(krokom, point):
    hall = point("KRK-HALL")
    routine = Routine.objects.get(point=hall, kind="generator_test")
    response = krokom.post(f"/routines/{routine.pk}/edit/", {
        "kind": "generator_test", "interval_days": 30, "last_done": routine.last_done.isoformat(),
        "responsible": "Fastighetsförvaltningen"})
    assert response.status_code == 302
    assert Routine.objects.get(pk=routine.pk).interval_days == 30
    assert krokom.post(f"/points/{hall.pk}/routines/new/", {"kind": "other", "interval_days": 7}).status_code == 302
    assert Routine.objects.filter(point=hall, kind="other").exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"kind": "generator_test"}, "kind", "Punkten har redan den här rutinen"),
    ({"last_done": "2999-01-01"}, "last_done", "En rutin kan inte ha utförts i framtiden."),
    ({"interval_days": 0}, "interval_days", None),
    ({"interval_days": ""}, "interval_days", "Det här fältet är obligatoriskt."),
])
def test_a_bad_routine_is_refused_naming_the_field_and_nothing_changes(kall_manager, point, changes, field, message):
    kall = point("SOT-KALL")
    before = list(Routine.objects.filter(point=kall).order_by("pk").values())
    response = kall_manager.post(f"/points/{kall.pk}/routines/new/",
                                 {"kind": "equipment_check", "interval_days": 30, "last_done": "", **changes})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    if message:
        assert message in response.content.decode()
    assert list(Routine.objects.filter(point=kall).order_by("pk").values()) == before


def test_editing_a_routine_into_a_duplicate_kind_is_refused(kall_manager, point):
    kall = point("SOT-KALL")
    review = Routine.objects.get(point=kall, kind="plan_review")
    response = kall_manager.post(f"/routines/{review.pk}/edit/", {"kind": "generator_test", "interval_days": 90})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["kind"]
    assert Routine.objects.get(pk=review.pk).kind == "plan_review"


@pytest.mark.parametrize("who", ["valsjobyn_staff", "partner", "county"])
def test_readers_cannot_add_edit_or_delete_routines(request, who, point):
    client = request.getfixturevalue(who)
    valsjobyn = point("SOT-VALSJOBYN")
    routine = Routine.objects.get(point=valsjobyn, kind="generator_test")
    before = list(Routine.objects.filter(point=valsjobyn).order_by("pk").values())
    page = client.get(f"/points/{valsjobyn.pk}/")
    assert page.status_code == 200
    assert f'/routines/{routine.pk}/edit/' not in page.content.decode()
    for url in (f"/points/{valsjobyn.pk}/routines/new/", f"/routines/{routine.pk}/edit/", f"/routines/{routine.pk}/delete/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": "other", "interval_days": 1}).status_code == 404, url
    assert list(Routine.objects.filter(point=valsjobyn).order_by("pk").values()) == before


def test_a_point_manager_cannot_touch_another_points_routines(kall_manager, point):
    routine = Routine.objects.get(point=point("SOT-VALSJOBYN"), kind="generator_test")
    assert kall_manager.post(f"/routines/{routine.pk}/edit/", {"kind": "other", "interval_days": 1}).status_code == 404
    assert kall_manager.post(f"/routines/{routine.pk}/delete/").status_code == 404
    assert kall_manager.post(f"/points/{point('SOT-VALSJOBYN').pk}/routines/new/",
                             {"kind": "other", "interval_days": 1}).status_code == 404
    assert Routine.objects.filter(pk=routine.pk, kind="generator_test").exists()
