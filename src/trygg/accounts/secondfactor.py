"""The optional second factor (TOTP through django-otp) and who must use it.

TRYGG_REQUIRE_2FA_ROLES names the roles that must confirm a one-time code after their
password before any page opens: any of the membership roles, and "admin" for superusers.
"""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.models import Role
from trygg.accounts.permissions import AnyUser, membership_of

ADMIN = "admin"  # the superusers, who have no role of their own in the rules


def required_roles() -> set[str]:
    roles = set(settings.TRYGG_REQUIRE_2FA_ROLES)
    unknown = roles - set(Role.values) - {ADMIN}
    if unknown:
        raise ImproperlyConfigured(
            f"TRYGG_REQUIRE_2FA_ROLES: unknown role(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join([*Role.values, ADMIN])}")
    return roles


def requires_second_factor(user: AnyUser) -> bool:
    roles = required_roles()
    if not roles or not user.is_authenticated:
        return False  # the usual case costs no query
    if ADMIN in roles and getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user)
    return membership is not None and membership.role in roles


def confirmed_device(user: AnyUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def pending_device(user: AnyUser) -> TOTPDevice:
    """The device being enrolled: kept unconfirmed until the user has typed one code from it."""
    device, _created = TOTPDevice.objects.get_or_create(user_id=user.pk, confirmed=False,
                                                        defaults={"name": "trygg"})
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(text: str) -> str:
    """An inline SVG QR code: drawn here, so nothing is fetched from the internet."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")
