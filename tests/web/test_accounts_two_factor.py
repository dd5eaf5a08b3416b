"""The optional second factor: enrol a TOTP app, and the roles that must use it confirm a code
after the password before any page (codes computed here with django_otp.oath.totp)."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.test_accounts_throttling import _basic, _log_in


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or the next step's: the same code never counts twice)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits):06d}"


def _enrol(client: Client) -> TOTPDevice:
    page = client.get("/accounts/2fa/setup/").content.decode()
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', page).group(1)  # type: ignore[union-attr]
    device = TOTPDevice.objects.get(confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    client.post("/accounts/2fa/setup/", {"code": _code(device)})
    device.refresh_from_db()
    return device


@pytest.fixture
def county_requires_2fa(settings):  # type: ignore[no-untyped-def]
    settings.TRYGG_REQUIRE_2FA_ROLES = ["county_officer", "admin"]


@pytest.mark.django_db
def test_a_user_enrols_from_the_account_page_with_a_qr_code_and_the_secret(krokom):
    page = krokom.get("/accounts/2fa/setup/").content.decode()
    assert "<svg" in page and "otpauth://totp/trygg%3Akrokom?secret=" in page

    device = _enrol(krokom)

    assert device.confirmed
    assert "Tvåstegsinloggning" in krokom.get("/accounts/").content.decode()


@pytest.mark.django_db
def test_a_wrong_code_does_not_confirm_the_device(krokom):
    krokom.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get()
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    response = krokom.post("/accounts/2fa/setup/", {"code": wrong})

    assert response.status_code == 200 and "Koden stämmer inte" in response.content.decode()
    assert not TOTPDevice.objects.get().confirmed


@pytest.mark.django_db
def test_a_required_role_is_sent_to_enrol_before_any_page(county_requires_2fa):
    client = Client()
    _log_in(client, "lan", "trygg-demo")

    response = client.get("/county/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")


@pytest.mark.django_db
def test_after_the_password_a_required_role_types_a_code_and_then_gets_in(county_requires_2fa, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code is tested below
    first = Client()
    _log_in(first, "lan", "trygg-demo")
    device = _enrol(first)
    assert first.get("/county/").status_code == 200

    client = Client()
    _log_in(client, "lan", "trygg-demo")
    assert client.get("/county/")["Location"].startswith("/accounts/2fa/verify/")
    refused = client.post("/accounts/2fa/verify/?next=/county/", {"code": _code(device)})  # already used
    assert refused.status_code == 200
    accepted = client.post("/accounts/2fa/verify/?next=/county/", {"code": _code(device, steps_ahead=1)})

    assert accepted.status_code == 302 and accepted["Location"] == "/county/"
    assert client.get("/county/").status_code == 200


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_the_device(county_requires_2fa):
    first = Client()
    _log_in(first, "lan", "trygg-demo")
    device = _enrol(first)

    thief = Client()
    _log_in(thief, "lan", "trygg-demo")
    response = thief.get("/accounts/2fa/setup/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert list(TOTPDevice.objects.values_list("pk", flat=True)) == [device.pk]


@pytest.mark.django_db
def test_superusers_count_as_admin(county_requires_2fa):
    client = Client()
    _log_in(client, "admin", "trygg-demo")

    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/setup/")


@pytest.mark.django_db
def test_roles_not_listed_are_not_asked(county_requires_2fa):
    client = Client()
    _log_in(client, "krokom", "trygg-demo")

    assert client.get("/follow-up/").status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_basic_auth_and_unverified_sessions_of_a_required_role(county_requires_2fa):
    basic = Client().get("/api/points/", HTTP_AUTHORIZATION=_basic("lan", "trygg-demo"))
    assert basic.status_code == 403 and basic.json()["error"]["code"] == "second_factor_required"

    session = Client()
    _log_in(session, "lan", "trygg-demo")
    unverified = session.get("/api/points/")
    assert unverified.status_code == 403 and unverified.json()["error"]["code"] == "second_factor_required"


@pytest.mark.django_db
def test_a_verified_session_of_a_required_role_uses_the_api(county_requires_2fa):
    client = Client()
    _log_in(client, "lan", "trygg-demo")
    _enrol(client)

    assert client.get("/api/points/").status_code == 200


@pytest.mark.django_db
def test_turning_it_off_needs_a_current_code(krokom, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = _enrol(krokom)
    krokom.post("/accounts/2fa/remove/", {"code": "000000" if _code(device, 1) != "000000" else "111111"})
    assert TOTPDevice.objects.filter(confirmed=True).exists()

    krokom.post("/accounts/2fa/remove/", {"code": _code(device, steps_ahead=1)})

    assert not TOTPDevice.objects.exists()


def test_a_misspelt_role_stops_the_server_at_start():
    from tests.web.test_settings_env_example import ROOT

    code = "import django; django.setup(); from django.core.wsgi import get_wsgi_application; get_wsgi_application()"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "trygg.web.settings",
        "TRYGG_REQUIRE_2FA_ROLES": "county_oficer"})

    assert run.returncode != 0 and "TRYGG_REQUIRE_2FA_ROLES: unknown role(s) county_oficer" in run.stderr


@pytest.mark.django_db
def test_right_after_a_wrong_code_even_the_right_one_must_wait(county_requires_2fa):
    first = Client()
    _log_in(first, "lan", "trygg-demo")
    device = _enrol(first)
    client = Client()
    _log_in(client, "lan", "trygg-demo")
    client.post("/accounts/2fa/verify/", {"code": f"{(int(_code(device, 1)) + 1) % 1_000_000:06d}"})

    response = client.post("/accounts/2fa/verify/", {"code": _code(device, steps_ahead=1)})

    assert response.status_code == 200 and "För många felaktiga koder" in response.content.decode()
