"""Login throttling (django-axes): the lockout answer for pages and for the API.

django-axes counts failed logins per (username, address) pair (settings: LOGIN_FAILURE_LIMIT,
LOGIN_COOLOFF_MINUTES). A locked-out login form gets a Swedish page; a locked-out API call
gets the API's single JSON error shape with status 429, never an HTML page.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from trygg.accounts.secondfactor import requires_second_factor
from trygg.errorbody import error_body

LOCKED_OUT_STATUS = 429


def client_address(request: HttpRequest) -> str:
    """The address a lockout counts: the connecting one, or behind TRUSTED_PROXY_COUNT proxies
    the one the outermost trusted proxy saw. Each proxy appends the address it was called from
    to X-Forwarded-For, so that one is the n-th from the right; entries further left come from
    the client itself and could be forged."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if a.strip()]
    if hops <= 0 or len(forwarded) < hops:
        return remote
    return forwarded[-hops]


def _cool_off_minutes(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request: HttpRequest) -> str:
    return _("Too many failed logins for this user from this address. Try again in %(minutes)d minutes, "
             "or reset your password.") % {"minutes": _cool_off_minutes(request)}


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: what a locked-out login gets."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(LOCKED_OUT_STATUS, "locked_out", lockout_message(request)),
                            status=LOCKED_OUT_STATUS)
    return render(request, "accounts/locked_out.html", {"minutes": _cool_off_minutes(request)},
                  status=LOCKED_OUT_STATUS)


class LockedOut(exceptions.APIException):
    status_code = LOCKED_OUT_STATUS
    default_code = "locked_out"


class SecondFactorRequired(exceptions.PermissionDenied):
    default_code = "second_factor_required"


class LockoutAwareBasicAuthentication(BasicAuthentication):
    """HTTP Basic auth that says "locked out" (429) instead of "wrong password" when django-axes
    refused the attempt, and refuses users whose role must use a second factor: a password alone
    is not enough for them, so they use the API from a verified browser session."""

    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> Any:
        try:
            user, auth = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            # django-axes flags the request it was given: here DRF's Request, not Django's.
            if request is not None and getattr(request, "axes_locked_out", False):
                raise LockedOut(lockout_message(request)) from None
            raise
        if requires_second_factor(user):
            raise SecondFactorRequired(_("This account must confirm a one-time code: use the API from a "
                                         "browser session that has done so, not with basic authentication."))
        return user, auth
