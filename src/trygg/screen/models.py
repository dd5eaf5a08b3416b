"""Read-only guest links to an event's presenter view, and every use of them."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    """Only the hash is stored: a database copy does not hand out working links."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class GuestLink(models.Model):
    event = models.ForeignKey("operations.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="guest_links")
    label = models.CharField(_("for whom"), max_length=200,
                             help_text=_("Who the link is for, e.g. 'Regionens TiB, videomöte 14.00'."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("guest link")
        verbose_name_plural = _("guest links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.event})"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class GuestLinkUse(models.Model):
    """One opening of the guest view: when, from where, with what."""

    link = models.ForeignKey(GuestLink, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.link.label} {self.at:%Y-%m-%d %H:%M} {self.address or ''}".strip()
