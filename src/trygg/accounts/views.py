"""The user's own account: details, password, second factor (TOTP)."""

from __future__ import annotations

from axes.utils import reset as reset_lockout
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts import hooks, secondfactor
from trygg.accounts.forms import OneTimeCodeForm, OwnDetailsForm
from trygg.accounts.invitations import sends_email
from trygg.accounts.permissions import membership_of


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = OwnDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("account")
    return render(request, "accounts/account.html", {
        "form": form, "membership": membership_of(request.user),
        "device": secondfactor.confirmed_device(request.user),
        "second_factor_required": secondfactor.requires_second_factor(request.user),
        "managed_municipalities": hooks.managed_municipalities(request.user),
    })


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else reverse("home")


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: the QR code and the secret, then one code to confirm."""
    if secondfactor.confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        # A password alone must never be enough to replace the device that guards the account.
        return redirect(f"{reverse('otp_verify')}?next={reverse('otp_setup')}")
    device = secondfactor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            _confirm(request, device)
            messages.success(request, _("Two-factor login is on. You will be asked for a code after your password."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _("That code does not match. Check the time on your phone and try the next code."))
    return render(request, "accounts/otp_setup.html", {
        "form": form, "secret": secondfactor.secret_base32(device), "next": _next_url(request),
        "qr_svg": secondfactor.qr_svg(device.config_url), "otpauth_url": device.config_url,
    })


def _confirm(request: HttpRequest, device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=True).delete()  # one app per person
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code after the password, for users who have an authenticator app."""
    device = secondfactor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('otp_setup')}?next={_next_url(request)}")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _wrong_code_message(device))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


def _wrong_code_message(device: TOTPDevice) -> str:
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        # django-otp doubles the wait after each wrong code, so guessing six digits is hopeless.
        return _("Too many wrong codes: wait a little and try again.")
    return _("That code does not match, or it was already used. Wait for the next code.")


@login_required
@require_POST
def otp_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login off; needs a current code, so a borrowed session cannot do it."""
    device = secondfactor.confirmed_device(request.user)
    form = OneTimeCodeForm(request.POST)
    if device is not None and form.is_valid() and device.verify_token(form.cleaned_data["code"]):
        device.delete()
        messages.success(request, _("Two-factor login is off."))
    else:
        messages.error(request, _("Two-factor login is still on: the code did not match."))
    return redirect("account")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, refused with a clear message when this server sends no e-mail."""

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {**super().get_context_data(**kwargs), "sends_email": sends_email()}

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not sends_email():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password also lifts a login lockout: the person has proved who they are."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockout(username=form.user.get_username())
        return response
