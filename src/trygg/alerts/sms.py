"""The SMS gateway: 46elks' documented HTTP API (POST /a1/sms, Basic auth, form fields from, to, message).

Set SMS_46ELKS_USERNAME and SMS_46ELKS_PASSWORD (and optionally SMS_FROM, SMS_API_URL); with them
unset nothing is ever sent. The answer is JSON with the message's ``id`` and ``status``.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from trygg.text import N_, TextError

TIMEOUT_S = 15


class SmsError(TextError):
    """The gateway refused or could not be reached; the message (a translatable text) says which.

    ``str()`` is the English, as recorded in a delivery's ``last_error``.
    """


def configured() -> bool:
    return bool(settings.SMS_46ELKS_USERNAME and settings.SMS_46ELKS_PASSWORD)


def e164(phone: str) -> str:
    """A Swedish or international number as E.164 (+46…), or "" when it is not one."""
    digits = re.sub(r"[\s\-()/.]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+46" + digits[1:]
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else ""


def send(to: str, message: str) -> str:
    """Send one SMS; returns the gateway's id of it."""
    if not configured():
        raise SmsError(N_("no SMS gateway configured"))
    credentials = f"{settings.SMS_46ELKS_USERNAME}:{settings.SMS_46ELKS_PASSWORD}".encode()
    request = urllib.request.Request(
        settings.SMS_API_URL, method="POST",
        data=urllib.parse.urlencode({"from": settings.SMS_FROM, "to": to, "message": message}).encode(),
        headers={"Authorization": "Basic " + base64.b64encode(credentials).decode(),
                 "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (configured URL)
            body = response.read(100_000)
    except urllib.error.HTTPError as err:
        detail = err.read(500).decode("utf-8", "replace").strip()
        raise SmsError(N_("the gateway answered {code}: {detail}", code=err.code,
                           detail=detail or str(err.reason))) from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise SmsError(N_("the gateway could not be reached ({reason})",
                           reason=str(getattr(err, "reason", err)))) from None
    try:
        answer = json.loads(body)
    except ValueError:
        raise SmsError(N_("the gateway's answer was not JSON")) from None
    if not isinstance(answer, dict) or not answer.get("id"):
        raise SmsError(N_("the gateway's answer has no message id: {answer}", answer=str(answer)[:200]))
    return str(answer["id"])
