"""Who wants to be told what (Subscription), and every alert made for them (Delivery)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.shared.languages import kept_in


class AlertKind(models.TextChoices):
    SILENT = "silent", _("A point has gone silent")
    STATE = "state", _("A point is activated, opened, full or closed")
    FUEL_LOW = "fuel_low", _("A point's fuel runs low")
    DECISION = "decision", _("A decision is recorded")
    WARNING = "warning", _("A warning arrives")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")
    THROTTLED = "throttled", _("Not sent: the same alert was sent shortly before")
    SKIPPED = "skipped", _("Not sent: the channel is not set up")


class Subscription(models.Model):
    """What one user wants to hear about. No municipality, point or event: all they may see."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="alert_subscriptions")
    kinds = models.JSONField(_("kinds"), default=list)
    municipality = models.ForeignKey("registry.Organisation", verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+",
                                     limit_choices_to={"kind": "municipality"})
    point = models.ForeignKey("registry.Point", verbose_name=_("point"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey("operations.Event", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+")
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.kinds)}"

    @property
    def kind_labels(self) -> list[str]:
        return [str(AlertKind(k).label) for k in self.kinds if k in AlertKind.values]


class Delivery(models.Model):
    """One alert to one person on one channel, with what happened to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    key = models.CharField(max_length=200, help_text="What the alert is about; equal keys are throttled.")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)  # in English (logs)
    #: The last error in each language of the site (code → text); empty when it was not a trygg text.
    last_error_texts = models.JSONField(default=dict, blank=True, editable=False)
    provider_id = models.CharField(max_length=100, blank=True, help_text="The SMS gateway's id of the message.")
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "key", "channel", "created_at"]),
                   models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject} ({self.status})"

    def error_in(self, language: str | None = None) -> str:
        """The last error in ``language`` ("sv", "en"; default the active one): as kept for it, else as stored."""
        return kept_in(self.last_error_texts, self.last_error, language)

    @property
    def error_text(self) -> str:
        """The last error in the active language (the page's)."""
        return self.error_in()
