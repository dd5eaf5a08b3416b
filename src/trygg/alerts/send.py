"""Deliver queued alerts: e-mail through Django's configured backend, SMS through the gateway; retry failures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from trygg.alerts import sms
from trygg.alerts.models import Channel, Delivery, DeliveryStatus
from trygg.shared.languages import in_site_languages
from trygg.text import TextError


@dataclass(frozen=True)
class SendSummary:
    sent: int
    retrying: int
    failed: int


def _deliver(delivery: Delivery) -> str:
    """Send one; returns the provider's id (SMS) or ""; raises on failure."""
    if delivery.channel == Channel.EMAIL:
        send_mail(delivery.subject, delivery.body, None, [delivery.recipient], fail_silently=False)
        return ""
    return sms.send(delivery.recipient, f"{delivery.subject}\n{delivery.body}"[:1000])


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 60))


def send_pending(now: dt.datetime | None = None, limit: int = 200) -> SendSummary:
    """Send what is due. Two senders never take the same alert (rows are locked, skipping locked ones)."""
    now = now or timezone.now()
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    with transaction.atomic():
        due = list(Delivery.objects.select_for_update(skip_locked=True)
                   .filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING], next_attempt_at__lte=now)
                   .order_by("next_attempt_at")[:limit])
        for delivery in due:
            delivery.attempts += 1
            try:
                delivery.provider_id = _deliver(delivery)
            except Exception as err:  # noqa: BLE001 (SMTP, socket and gateway errors are all "try again")
                delivery.last_error = f"{type(err).__name__}: {err}"[:500]
                delivery.last_error_texts = in_site_languages(err, limit=500) if isinstance(err, TextError) else {}
                if delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
                    delivery.status = DeliveryStatus.FAILED
                    counts["failed"] += 1
                else:
                    delivery.status = DeliveryStatus.RETRYING
                    delivery.next_attempt_at = now + _backoff(delivery.attempts)
                    counts["retrying"] += 1
            else:
                delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, ""
                delivery.last_error_texts = {}
                counts["sent"] += 1
            delivery.save(update_fields=["attempts", "provider_id", "last_error", "last_error_texts", "status",
                                         "next_attempt_at", "sent_at"])
    return SendSummary(**counts)
