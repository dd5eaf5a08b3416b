"""From a trigger to queued deliveries: who subscribed, who may see it, and what was sent just before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from trygg.alerts import sms
from trygg.alerts.models import Channel, Delivery, DeliveryStatus, Subscription
from trygg.shared.languages import in_site_languages
from trygg.text import N_, Text

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Trigger:
    """Something worth telling people, with the scope subscriptions are matched against."""

    kind: str
    key: str  # equal keys within the throttle window are sent once
    subject: str
    body: str
    may_see: Callable[[User], bool]  # whether a user may be told (the same rules as the pages)
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    point_id: int | None = None
    event_id: int | None = None
    once: bool = False  # told once per key, ever (a silence is alerted once, not at every check)


def _matches(subscription: Subscription, trigger: Trigger) -> bool:
    if trigger.kind not in subscription.kinds:
        return False
    if subscription.municipality_id is not None and subscription.municipality_id not in trigger.municipality_ids:
        return False
    if subscription.point_id is not None and subscription.point_id != trigger.point_id:
        return False
    return subscription.event_id is None or subscription.event_id == trigger.event_id


def _throttled(user_id: int, key: str, channel: str, now: dt.datetime) -> bool:
    window = dt.timedelta(minutes=settings.ALERTS_THROTTLE_MINUTES)
    return Delivery.objects.filter(
        user_id=user_id, key=key, channel=channel, created_at__gt=now - window,
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.RETRYING]).exists()


def _recipient(user, channel: str) -> tuple[str, Text | None]:
    """(address, reason it cannot be used) for the user on the channel."""
    if channel == Channel.EMAIL:
        return (user.email, None) if user.email else ("", N_("no e-mail address"))
    if not sms.configured():
        return "", N_("no SMS gateway configured")
    membership = getattr(user, "membership", None)
    phone = sms.e164(membership.phone if membership else "")
    return (phone, None) if phone else ("", N_("no mobile number"))


def dispatch(trigger: Trigger, now: dt.datetime | None = None) -> list[Delivery]:
    """Queue the trigger for every matching subscriber who may see it, once per channel."""
    now = now or timezone.now()
    made = []
    subscriptions = Subscription.objects.select_related("user", "user__membership").filter(user__is_active=True)
    chosen: dict[tuple[int, str], Subscription] = {}
    for subscription in subscriptions:
        if not _matches(subscription, trigger):
            continue
        for channel in _channels(subscription):
            chosen.setdefault((subscription.user_id, channel), subscription)
    for (_user_id, channel), subscription in chosen.items():
        user = subscription.user
        if trigger.once and Delivery.objects.filter(user=user, key=trigger.key[:200], channel=channel).exists():
            continue
        if not trigger.may_see(user):
            continue
        made.append(_queue(user, channel, trigger, now))
    return made


def _channels(subscription: Subscription) -> Iterable[str]:
    if subscription.by_email:
        yield Channel.EMAIL
    if subscription.by_sms:
        yield Channel.SMS


def _queue(user, channel: str, trigger: Trigger, now: dt.datetime) -> Delivery:
    recipient, problem = _recipient(user, channel)
    status = DeliveryStatus.QUEUED
    if problem is not None:
        status = DeliveryStatus.SKIPPED
    elif _throttled(user.pk, trigger.key, channel, now):
        status = DeliveryStatus.THROTTLED
    return Delivery.objects.create(
        user=user, kind=trigger.kind, key=trigger.key[:200], channel=channel, recipient=recipient,
        subject=trigger.subject[:200], body=trigger.body, status=status,
        last_error=str(problem) if problem is not None else "",
        last_error_texts=in_site_languages(problem, limit=500) if problem is not None else {}, created_at=now, next_attempt_at=now)
