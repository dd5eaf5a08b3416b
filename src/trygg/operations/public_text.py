"""Public text: drafted from the facts, edited, released by a second person (issue 13, item 4).

A decision's reason ("Elavbrott > tolv h") is internal and stays in the log.
What residents read is a separate text per event and municipality
(:class:`~trygg.operations.models.PublicText`). Its draft is written by
:func:`trygg.formats.public_text.draft_public_text` from public facts and
edited by staff; only a *released* copy reaches CAP, the Atom feed, the radio
text and the public pages.

Release follows the two-person rule: whoever last edited the draft cannot
release it. A municipality with one person on duty may turn the rule off
(:class:`~trygg.operations.models.PublicTextPolicy`, Django admin); without a
policy row the rule applies. Every release is a log entry of kind
``public_text`` carrying who released it, who drafted it and the text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts import permissions as perm
from trygg.formats.public_text import draft_public_text
from trygg.operations.log import NewEntry, append
from trygg.operations.models import (
    EntryKind,
    Event,
    LogEntry,
    PointStatus,
    PublicText,
    PublicTextPolicy,
)
from trygg.registry import scope
from trygg.registry.models import Organisation
from trygg.registry.residents import PlanCodes, plan_codes, plan_id_of, to_public_point


def two_person_rule_applies(municipality: Organisation) -> bool:
    """On unless the municipality turned it off."""
    policy = PublicTextPolicy.objects.filter(municipality=municipality).first()
    return policy is None or policy.two_person_rule


def may_write_public_text(user, event: Event, municipality: Organisation) -> bool:
    """Draft or edit: a coordinator of an affected municipality, for that municipality."""
    return (event.municipalities.filter(pk=municipality.pk).exists()
            and scope.editable_municipalities(user).filter(pk=municipality.pk).exists())


def release_refusal(user, text: PublicText) -> str:
    """Why ``user`` may not release ``text`` now, or ``""`` when they may."""
    if not may_write_public_text(user, text.event, text.municipality):
        return _("Only a coordinator of %(municipality)s may release its public text.") % {
            "municipality": text.municipality.name}
    if not text.draft_differs:
        return _("This text is already released.")
    if text.drafted_by_id == user.pk and two_person_rule_applies(text.municipality):
        return _("You wrote this text: a second person must release it (two-person rule).")
    return ""


def may_release_public_text(user, text: PublicText) -> bool:
    return not release_refusal(user, text)


def facts_draft(event: Event, municipality: Organisation, language: str = "sv") -> str:
    """The draft the facts give: the event's kind and the public points activated in the municipality."""
    statuses = (PointStatus.objects.filter(event=event, point__municipality=municipality, point__public=True)
                .exclude(state__in=["closing", "closed"])
                .select_related("point", "point__municipality", "point__comms", "point__plan")
                .prefetch_related("point__sites").order_by("point__priority_rank", "point__name"))
    codes = plan_codes(plan_id for s in statuses if (plan_id := plan_id_of(s.point)) is not None)
    points = [to_public_point(s.point, codes=codes.get(plan_id_of(s.point) or 0, PlanCodes()),
                              sites=list(s.point.sites.all())) for s in statuses]
    return draft_public_text(event.kind, municipality.name, points, language)


def text_for(event: Event, municipality: Organisation) -> PublicText | None:
    return PublicText.objects.filter(event=event, municipality=municipality).select_related(
        "drafted_by", "released_by").first()


def save_draft(event: Event, municipality: Organisation, user, text_sv: str, text_en: str = "") -> PublicText:
    """Create or change the draft; the released copy stays as it was until the next release."""
    if not may_write_public_text(user, event, municipality):
        raise ValidationError(_("Only a coordinator of %(municipality)s may write its public text.")
                              % {"municipality": municipality.name})
    if not text_sv.strip():
        raise ValidationError({"draft_sv": _("Write the public text in Swedish.")})
    text = text_for(event, municipality) or PublicText(event=event, municipality=municipality)
    text.draft_sv, text.draft_en = text_sv.strip(), text_en.strip()
    text.drafted_by, text.drafted_at = user, timezone.now()
    text.save()
    return text


def _author_org(user, municipality: Organisation) -> Organisation:
    membership = perm.membership_of(user)
    return membership.organisation if membership else municipality


def release(text: PublicText, user) -> LogEntry:
    """Publish the draft as it stands and log who released it, when, and the text."""
    refusal = release_refusal(user, text)
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    with transaction.atomic():
        entry, _created = append(NewEntry(
            event=text.event, author_id=user.pk, author_org=_author_org(user, text.municipality),
            kind=EntryKind.PUBLIC_TEXT, occurred_at=now, text=text.draft_sv,
            data={"municipality": text.municipality.scb_code, "text_en": text.draft_en,
                  "drafted_by": text.drafted_by.get_username(), "drafted_at": text.drafted_at.isoformat(),
                  "two_person_rule": two_person_rule_applies(text.municipality)}))
        text.released_sv, text.released_en = text.draft_sv, text.draft_en
        text.released_by, text.released_at = user, now
        text.save()
    return entry


@dataclass(frozen=True)
class Released:
    """One release of public text, as the log records it."""

    at: datetime
    text_sv: str
    text_en: str


def releases() -> dict[tuple[int, str], list[Released]]:
    """Every release per (event id, municipality code), oldest first: the log is the record."""
    out: dict[tuple[int, str], list[Released]] = defaultdict(list)
    rows = (LogEntry.objects.filter(kind=EntryKind.PUBLIC_TEXT).order_by("recorded_at")
            .values_list("event_id", "data", "text", "recorded_at"))
    for event_id, data, text_sv, recorded_at in rows:
        out[(event_id, str(data.get("municipality", "")))].append(
            Released(recorded_at, text_sv, str(data.get("text_en", ""))))
    return out


def released_at(history: list[Released], moment: datetime) -> Released | None:
    """The text that was public at ``moment``: the latest release made by then."""
    current = None
    for item in history:
        if item.at <= moment:
            current = item
    return current
