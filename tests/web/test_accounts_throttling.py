"""Login throttling (django-axes): a (username, address) pair is locked after five failures,
on the login form and on the API's basic auth; colleagues and the owner elsewhere still get in."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client

LOGIN = "/accounts/login/"
OFFICE = "10.1.2.3"


def _log_in(client: Client, username: str, password: str, address: str = OFFICE):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail_five_times(username: str = "krokom", address: str = OFFICE) -> None:
    for _ in range(5):
        _log_in(Client(), username, "wrong-password", address)


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_sixth_login_with_the_right_password_is_refused_after_five_wrong_ones():
    _fail_five_times()
    client = Client()

    response = _log_in(client, "krokom", "trygg-demo")

    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert not _logged_in(client)


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock_and_a_success_starts_the_count_again():
    for _ in range(4):
        _log_in(Client(), "krokom", "wrong-password")
    assert _log_in(Client(), "krokom", "trygg-demo").status_code == 302
    for _ in range(4):
        _log_in(Client(), "krokom", "wrong-password")

    assert _log_in(Client(), "krokom", "trygg-demo").status_code == 302


@pytest.mark.django_db
def test_another_user_from_the_same_address_still_gets_in():
    _fail_five_times("krokom")
    client = Client()

    response = _log_in(client, "are", "trygg-demo")

    assert response.status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_the_same_user_from_another_address_still_gets_in():
    """A stranger guessing from elsewhere cannot lock the coordinator out of their own account."""
    _fail_five_times("krokom", address="198.51.100.7")
    client = Client()

    assert _log_in(client, "krokom", "trygg-demo", address=OFFICE).status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off_time(settings):
    _fail_five_times()
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))

    assert _log_in(Client(), "krokom", "trygg-demo").status_code == 302


@pytest.mark.django_db
def test_api_basic_auth_locks_too_and_answers_in_the_api_error_shape():
    client = Client()
    statuses = [client.get("/api/points/", HTTP_AUTHORIZATION=_basic("krokom", "wrong"), REMOTE_ADDR=OFFICE).status_code
                for _ in range(5)]
    assert statuses == [403, 403, 403, 403, 429]  # the fifth failure locks at once

    response = client.get("/api/points/", HTTP_AUTHORIZATION=_basic("krokom", "trygg-demo"), REMOTE_ADDR=OFFICE)

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "locked_out" and "försök igen" in error["message"].lower()


@pytest.mark.django_db
def test_failures_on_the_form_lock_the_api_for_the_same_user_and_address():
    _fail_five_times()

    response = Client().get("/api/points/", HTTP_AUTHORIZATION=_basic("krokom", "trygg-demo"), REMOTE_ADDR=OFFICE)

    assert response.status_code == 429 and response.json()["error"]["code"] == "locked_out"


@pytest.mark.django_db
def test_api_basic_auth_with_the_right_password_works_when_not_locked():
    response = Client().get("/api/points/", HTTP_AUTHORIZATION=_basic("krokom", "trygg-demo"), REMOTE_ADDR=OFFICE)

    assert response.status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_address_nginx_saw_counts_and_a_forged_one_does_not(settings):
    """TRUSTED_PROXY_COUNT=1: every request comes from nginx, which appends the client to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1

    def via_nginx(password: str, client_address: str, forged: str = ""):  # type: ignore[no-untyped-def]
        forwarded = f"{forged}, {client_address}" if forged else client_address
        return Client().post(LOGIN, {"username": "krokom", "password": password},
                             REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):  # the attacker forges a new "address" every time
        via_nginx("wrong", "198.51.100.7", forged=f"10.9.9.{n}")

    assert via_nginx("trygg-demo", OFFICE).status_code == 302
    assert via_nginx("trygg-demo", "198.51.100.7", forged=OFFICE).status_code == 429
