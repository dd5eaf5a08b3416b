"""Sessions end SESSION_HOURS after login (12 h by default), or with the browser if so set."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.web.test_accounts_throttling import _log_in


@pytest.mark.django_db
def test_a_login_lasts_twelve_hours_by_default():
    client = Client()
    response = _log_in(client, "krokom", "trygg-demo")

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert django_settings.SESSION_COOKIE_AGE == 12 * 3600
    assert int(cookie["max-age"]) == 12 * 3600
    session = Session.objects.get(session_key=cookie.value)
    assert abs((session.expire_date - timezone.now()) - dt.timedelta(hours=12)) < dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_an_expired_session_sends_the_user_back_to_login():
    client = Client()
    _log_in(client, "krokom", "trygg-demo")
    assert client.get("/follow-up/").status_code == 200

    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/follow-up/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_session_can_end_when_the_browser_closes(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True

    response = _log_in(Client(), "krokom", "trygg-demo")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie


def test_the_session_length_is_read_from_the_environment():
    from tests.web.test_settings_env_example import _settings_under

    values = _settings_under({"SESSION_HOURS": "8", "SESSION_EXPIRE_AT_BROWSER_CLOSE": "true"},
                             ["SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE"])

    assert values == {"SESSION_COOKIE_AGE": 8 * 3600, "SESSION_EXPIRE_AT_BROWSER_CLOSE": True}
