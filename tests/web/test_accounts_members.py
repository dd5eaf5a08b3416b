"""A municipality's coordinator manages its users from the app: list, create (with an
invitation by e-mail), change role and points, deactivate. Never another municipality's
users (404), never county, partner or superuser rights."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.web import accounts_mailbox
from tests.web.accounts_mailbox import Mailbox
from tests.web.test_accounts_throttling import _log_in, _logged_in
from trygg.accounts.models import Membership
from trygg.registry.models import Organisation

mailbox = accounts_mailbox.mailbox  # the fixture, where pytest looks for it
User = get_user_model()
KROKOM, ARE = "2309", "2321"


def _new_user(point_pk: int, **extra: object) -> dict[str, object]:
    return {"username": "frida", "first_name": "Frida", "last_name": "Frivillig", "email": "frida@frg.example.se",
            "role": "staff", "organisation": Organisation.objects.get(scb_code=KROKOM).pk,
            "points": [point_pk], "phone": "070-123 45 67", **extra}


def _change(member: User, **extra: object) -> dict[str, object]:  # type: ignore[valid-type]
    m = member.membership  # type: ignore[attr-defined]
    return {"first_name": member.first_name, "last_name": member.last_name, "email": member.email,  # type: ignore[attr-defined]
            "role": m.role, "organisation": m.organisation_id, "phone": m.phone,
            "points": list(m.points.values_list("pk", flat=True)), "is_active": "on", **extra}


@pytest.mark.django_db
def test_the_coordinator_lists_the_users_of_their_municipality(krokom):
    page = krokom.get(f"/accounts/m/{KROKOM}/users/").content.decode()

    assert "Karin Krokomsson" in page and "Vilhelm Valsjö" in page  # FRG Krokom belongs to Krokom
    assert "Anders" not in page and "Kerstin" not in page and "Petra" not in page and "Tina" not in page


@pytest.mark.django_db
def test_creating_a_user_sends_an_invitation_that_sets_their_password(krokom, point, mailbox: Mailbox):
    valsjobyn = point("SOT-VALSJOBYN")

    response = krokom.post(f"/accounts/m/{KROKOM}/users/new/", _new_user(valsjobyn.pk))

    assert response.status_code == 302
    frida = User.objects.get(username="frida")
    assert not frida.has_usable_password()
    assert frida.membership.role == "staff" and list(frida.membership.points.all()) == [valsjobyn]
    message = mailbox.only_message_to("frida@frg.example.se")
    assert "Karin Krokomsson har gett dig ett konto i trygg" in mailbox.body(message)
    browser = Client()
    form = browser.get(mailbox.link_in(message), follow=True)
    browser.post(form.redirect_chain[-1][0], {"new_password1": "Fjällvind och snö 9", "new_password2": "Fjällvind och snö 9"})
    fresh = Client()
    assert _log_in(fresh, "frida", "Fjällvind och snö 9").status_code == 302 and _logged_in(fresh)


@pytest.mark.django_db
def test_without_e_mail_the_coordinator_gives_a_first_password(krokom, point, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    data = _new_user(point("SOT-VALSJOBYN").pk, email="")

    refused = krokom.post(f"/accounts/m/{KROKOM}/users/new/", data)
    assert refused.status_code == 200 and not User.objects.filter(username="frida").exists()

    created = krokom.post(f"/accounts/m/{KROKOM}/users/new/", {**data, "password": "Fjällvind och snö 9"})
    assert created.status_code == 302
    assert _log_in(Client(), "frida", "Fjällvind och snö 9").status_code == 302


@pytest.mark.django_db
def test_a_coordinator_cannot_grant_county_or_partner_roles(krokom, point, mailbox: Mailbox):
    for role in ("county_officer", "partner"):
        response = krokom.post(f"/accounts/m/{KROKOM}/users/new/", _new_user(point("SOT-VALSJOBYN").pk, role=role))
        assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not User.objects.filter(username="frida").exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_give_points_or_organisations_of_another_municipality(krokom, point, mailbox: Mailbox):
    kall = point("SOT-KALL")  # in Åre
    response = krokom.post(f"/accounts/m/{KROKOM}/users/new/", _new_user(
        kall.pk, organisation=Organisation.objects.get(scb_code=ARE).pk))

    errors = response.context["form"].errors
    assert "points" in errors and "organisation" in errors
    assert not User.objects.filter(username="frida").exists()


@pytest.mark.django_db
def test_another_municipalitys_users_and_pages_answer_404(krokom):
    kall_manager = User.objects.get(username="kall")  # Åre's

    assert krokom.get(f"/accounts/m/{ARE}/users/").status_code == 404
    assert krokom.get(f"/accounts/m/{ARE}/users/new/").status_code == 404
    assert krokom.get(f"/accounts/m/{KROKOM}/users/{kall_manager.pk}/").status_code == 404
    assert krokom.post(f"/accounts/m/{KROKOM}/users/{kall_manager.pk}/", _change(kall_manager, is_active="")).status_code == 404
    assert User.objects.get(username="kall").is_active


@pytest.mark.django_db
def test_county_partner_and_superusers_are_not_managed_here(are):
    for username in ("lan", "partner", "admin"):
        assert are.get(f"/accounts/m/{ARE}/users/{User.objects.get(username=username).pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["valsjobyn_staff", "kall_manager", "partner", "county"])
def test_only_coordinators_manage_users(who, request):
    client = request.getfixturevalue(who)

    assert client.get(f"/accounts/m/{KROKOM}/users/").status_code == 404
    assert client.get(f"/accounts/m/{ARE}/users/").status_code == 404


@pytest.mark.django_db
def test_changing_role_and_points_is_saved_and_recorded_in_the_history(are, point):
    kall_manager = User.objects.get(username="kall")
    kall = point("SOT-KALL")
    assert kall.manager == kall_manager
    before = Membership.history.filter(user=kall_manager).count() if hasattr(Membership, "history") else None

    response = are.post(f"/accounts/m/{ARE}/users/{kall_manager.pk}/", _change(kall_manager, role="staff"))

    assert response.status_code == 302
    membership = Membership.objects.get(user=kall_manager)
    assert membership.role == "staff" and list(membership.points.all()) == [kall]
    kall.refresh_from_db()
    assert kall.manager is None  # no lingering edit right through Point.manager
    staff = Client()
    staff.force_login(kall_manager)
    assert staff.get(f"/points/{kall.pk}/edit/").status_code == 404
    if before is not None:  # django-simple-history on Membership (topic history)
        latest = Membership.history.filter(user=kall_manager).latest("history_date")
        assert Membership.history.filter(user=kall_manager).count() == before + 1
        assert latest.history_user.username == "are" and latest.role == "staff"


@pytest.mark.django_db
def test_a_deactivated_user_cannot_log_in_any_more(krokom):
    vilhelm = User.objects.get(username="valsjobyn")
    logged_in = Client()
    _log_in(logged_in, "valsjobyn", "trygg-demo")

    krokom.post(f"/accounts/m/{KROKOM}/users/{vilhelm.pk}/", _change(vilhelm, is_active=""))

    assert not User.objects.get(pk=vilhelm.pk).is_active
    assert _log_in(Client(), "valsjobyn", "trygg-demo").status_code == 200
    assert logged_in.get("/follow-up/").status_code == 302  # the open session ends too


@pytest.mark.django_db
def test_a_coordinator_cannot_deactivate_or_demote_themselves(krokom):
    karin = User.objects.get(username="krokom")

    response = krokom.post(f"/accounts/m/{KROKOM}/users/{karin.pk}/", _change(karin, is_active="", role="staff"))

    assert set(response.context["form"].errors) >= {"is_active", "role"}
    assert User.objects.get(pk=karin.pk).is_active and karin.membership.role == "coordinator"


@pytest.mark.django_db
def test_points_given_elsewhere_are_kept_when_a_coordinator_edits(krokom, point):
    vilhelm = User.objects.get(username="valsjobyn")
    vilhelm.membership.points.add(point("SOT-KALL"))  # given by an admin, in Åre

    krokom.post(f"/accounts/m/{KROKOM}/users/{vilhelm.pk}/", _change(
        vilhelm, points=[point("SOT-VALSJOBYN").pk]))

    assert set(vilhelm.membership.points.values_list("ref", flat=True)) == {"SOT-VALSJOBYN", "SOT-KALL"}


@pytest.mark.django_db
def test_a_taken_username_is_refused_with_a_message(krokom, point, mailbox: Mailbox):
    response = krokom.post(f"/accounts/m/{KROKOM}/users/new/", _new_user(point("SOT-VALSJOBYN").pk, username="KALL"))

    assert response.context["form"].errors["username"] == ["Användarnamnet är upptaget."]
