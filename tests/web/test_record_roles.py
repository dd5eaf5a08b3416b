"""Who may read and who may change a municipality's agreements and exercises.

Krokom's coordinator edits Krokom's; the county officer, the FRG volunteer and the
partner read but change nothing (404 on every form, GET and POST, as for points);
Åre's coordinator and Kall's manager do not even read them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from trygg.registry.models import Agreement, Exercise

KROKOM = "2309"
# username → (reads Krokom's lists, edits them)
ROLES = {
    "krokom": (True, True),
    "lan": (True, False),
    "valsjobyn": (True, False),
    "partner": (True, False),
    "are": (False, False),
    "kall": (False, False),
}


def client_for(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def krokom_records():
    agreement = Agreement.objects.get(title="Bemanning av trygghetspunkter, FRG Krokom")
    exercise = Exercise.objects.get(name="Övning Storm i Offerdal")
    return agreement, exercise


def snapshot():
    return (list(Agreement.objects.order_by("pk").values("pk", "title", "valid_to")),
            list(Exercise.objects.order_by("pk").values("pk", "name", "lessons_learned")))


@pytest.mark.parametrize("username", list(ROLES))
def test_reading_the_lists(db, username):
    may_read, may_edit = ROLES[username]
    c = client_for(username)
    agreement, exercise = krokom_records()
    for url, record in ((f"/m/{KROKOM}/agreements/", agreement), (f"/m/{KROKOM}/exercises/", exercise)):
        response = c.get(url)
        assert response.status_code == (200 if may_read else 404), (username, url)
        if may_read:
            body = response.content.decode()
            assert str(record.name if record is exercise else record.title) in body, (username, url)
            assert response.context["can_edit"] is may_edit
            assert ("/edit/" in body) is may_edit, (username, url)


@pytest.mark.parametrize("username", list(ROLES))
def test_changing_agreements_and_exercises(db, username):
    _read, may_edit = ROLES[username]
    c = client_for(username)
    agreement, exercise = krokom_records()
    before = snapshot()
    forms = [f"/m/{KROKOM}/agreements/new/", f"/agreements/{agreement.pk}/edit/", f"/agreements/{agreement.pk}/delete/",
             f"/m/{KROKOM}/exercises/new/", f"/exercises/{exercise.pk}/edit/", f"/exercises/{exercise.pk}/delete/"]
    for url in forms:
        assert c.get(url).status_code == (200 if may_edit else 404), (username, url)
    if may_edit:
        return  # creating, editing and deleting are in test_agreement_pages and test_exercise_pages
    for url in forms:
        response = c.post(url, {"title": "Kapad", "name": "Kapad", "subject": "other", "valid_from": "2025-01-01",
                                "date": "2025-01-01", "parties": [agreement.municipality_id]})
        assert response.status_code == 404, (username, url)
    assert snapshot() == before


def test_staff_see_only_the_agreements_of_their_point(valsjobyn_staff):
    titles = {r["agreement"].title for r in valsjobyn_staff.get(f"/m/{KROKOM}/agreements/").context["rows"]}
    assert titles == {"Bemanning av trygghetspunkter, FRG Krokom"}
