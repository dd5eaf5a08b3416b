"""Password change, and password reset by e-mail through a real local SMTP server."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.web import accounts_mailbox
from tests.web.accounts_mailbox import Mailbox
from tests.web.test_accounts_throttling import _fail_five_times, _log_in, _logged_in

mailbox = accounts_mailbox.mailbox  # the fixture, where pytest looks for it
User = get_user_model()
NEW_PASSWORD = "Norrsken över Kall 2027"


def _give_email(username: str, email: str) -> None:
    User.objects.filter(username=username).update(email=email)


@pytest.mark.django_db
def test_a_user_changes_their_password_and_logs_in_with_the_new_one(krokom):
    page = krokom.get("/accounts/password/change/")
    assert "Byt lösenord" in page.content.decode()

    response = krokom.post("/accounts/password/change/", {
        "old_password": "trygg-demo", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    assert _log_in(Client(), "krokom", NEW_PASSWORD).status_code == 302
    assert _log_in(Client(), "krokom", "trygg-demo").status_code == 200  # the old one is gone


@pytest.mark.django_db
def test_a_wrong_old_password_changes_nothing_and_says_so(krokom):
    response = krokom.post("/accounts/password/change/", {
        "old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 200 and "felaktigt" in response.content.decode().lower()
    assert User.objects.get(username="krokom").check_password("trygg-demo")


@pytest.mark.django_db
def test_a_reset_link_arrives_by_smtp_and_sets_a_password_that_logs_in(mailbox: Mailbox):
    _give_email("kall", "kerstin@kall.example.se")
    client = Client()

    sent = client.post("/accounts/password/reset/", {"email": "kerstin@kall.example.se"})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/password/reset/sent/"
    message = mailbox.only_message_to("kerstin@kall.example.se")
    assert message["Subject"] == "Ett nytt lösenord till trygg"
    assert "Ditt användarnamn: kall" in mailbox.body(message)

    form = client.get(mailbox.link_in(message), follow=True)  # Django hides the token behind a redirect
    assert "Välj ett nytt lösenord" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/complete/"
    fresh = Client()
    assert _log_in(fresh, "kall", NEW_PASSWORD).status_code == 302 and _logged_in(fresh)


@pytest.mark.django_db
def test_a_reset_link_works_only_once(mailbox: Mailbox):
    _give_email("kall", "kerstin@kall.example.se")
    client = Client()
    client.post("/accounts/password/reset/", {"email": "kerstin@kall.example.se"})
    link = mailbox.link_in(mailbox.only_message_to("kerstin@kall.example.se"))
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert "Länken fungerar inte längre" in again.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(mailbox: Mailbox):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.se"})

    assert response.status_code == 302 and mailbox.messages == []


@pytest.mark.django_db
def test_setting_a_new_password_by_email_lifts_a_lockout(mailbox: Mailbox):
    _give_email("kall", "kerstin@kall.example.se")
    _fail_five_times("kall")
    client = Client()
    client.post("/accounts/password/reset/", {"email": "kerstin@kall.example.se"})
    form = client.get(mailbox.link_in(mailbox.only_message_to("kerstin@kall.example.se")), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert _log_in(Client(), "kall", NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_without_a_mail_server_reset_is_refused_with_a_clear_message(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    _give_email("kall", "kerstin@kall.example.se")

    response = Client().post("/accounts/password/reset/", {"email": "kerstin@kall.example.se"})

    assert response.status_code == 200
    assert "inte inställd för att skicka e-post" in response.content.decode()


@pytest.mark.django_db
def test_a_mail_server_that_is_down_gives_no_500(settings):
    from tests.serverutil import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    _give_email("kall", "kerstin@kall.example.se")

    response = Client().post("/accounts/password/reset/", {"email": "kerstin@kall.example.se"})

    assert response.status_code == 302  # the same answer: nobody learns whether the address exists
