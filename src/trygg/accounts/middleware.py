"""After the password, users whose role requires it confirm a one-time code before any page.

Applied in one place (this middleware, after django-otp's) so no view can forget it. The
pages needed to get through (enrolling a device, typing a code, logging out) and the public
pages stay open; an API call answers in the API's JSON error shape instead of a redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.accounts.secondfactor import confirmed_device, required_roles, requires_second_factor
from trygg.accounts.users import is_verified
from trygg.errorbody import error_body

OPEN_URL_NAMES = ("otp_verify", "otp_setup", "logout", "set_language", "login")
OPEN_PREFIXES = ("/static/", "/hitta/", "/barn/", "/p/", "/k/", "/feeds/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        required_roles()  # a misspelt role stops the server at start, not at the first login

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_confirm_code(request) and not self._is_open(request.path):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _must_confirm_code(request: HttpRequest) -> bool:
        user = request.user
        return user.is_authenticated and not is_verified(user) and requires_second_factor(user)

    @staticmethod
    def _is_open(path: str) -> bool:
        return path.startswith(OPEN_PREFIXES) or path in {reverse(name) for name in OPEN_URL_NAMES}

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("This account must confirm a one-time code first.")
            return JsonResponse(error_body(403, "second_factor_required", message), status=403)
        target = "otp_verify" if confirmed_device(request.user) else "otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
