"""Who may see and do what in operations. Same spirit as trygg.accounts.permissions:
named getters, 404 rather than 403 where an id could be probed."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from trygg.accounts import permissions as perm
from trygg.accounts.models import Role
from trygg.operations.models import Event, LogEntry, Visibility
from trygg.registry.models import Organisation, Point


def user_org(user) -> Organisation | None:  # type: ignore[no-untyped-def]
    m = perm.membership_of(user)
    return m.organisation if m else None


def visible_events(user) -> QuerySet[Event]:  # type: ignore[no-untyped-def]
    if getattr(user, "is_superuser", False):
        return Event.objects.all()
    m = perm.membership_of(user)
    if m is None:
        return Event.objects.none()
    if m.role == Role.COUNTY_OFFICER:
        return Event.objects.filter(municipalities__parent=m.organisation).distinct()
    if m.role == Role.COORDINATOR:
        return Event.objects.filter(Q(municipalities=m.organisation) | Q(participants=m.organisation)
                                    | Q(owner=m.organisation)).distinct()
    return Event.objects.filter(Q(statuses__point__in=perm.readable_points(user)) | Q(participants=m.organisation)).distinct()


def get_event(user, pk: int) -> Event:  # type: ignore[no-untyped-def]
    try:
        return visible_events(user).get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None


def situation_points(user, event: Event) -> QuerySet[Point]:  # type: ignore[no-untyped-def]
    """Points of the event the user may follow on the situation picture."""
    return perm.readable_points(user).filter(op_statuses__event=event).distinct()


def can_lead(user, event: Event) -> bool:  # type: ignore[no-untyped-def]
    """Create decisions, activate and close points: the coordinator of an affected municipality."""
    return perm.editable_municipalities(user).filter(pk__in=event.municipalities.all()).exists()


def activatable_points(user, event: Event) -> QuerySet[Point]:  # type: ignore[no-untyped-def]
    return Point.objects.filter(
        municipality__in=perm.editable_municipalities(user).filter(pk__in=event.municipalities.all()))


def reportable_points(user, event: Event) -> QuerySet[Point]:  # type: ignore[no-untyped-def]
    """Points whose status the user may report: their own points, or their municipality's."""
    m = perm.membership_of(user)
    if m is None:
        return Point.objects.none()
    points = perm.readable_points(user) if m.role in (Role.POINT_MANAGER, Role.STAFF) else perm.editable_points(user)
    return points.filter(municipality__in=event.municipalities.all())


def get_reportable_point(user, event: Event, pk: int) -> Point:  # type: ignore[no-untyped-def]
    try:
        return reportable_points(user, event).get(pk=pk)
    except Point.DoesNotExist:
        raise Http404 from None


def event_organisations(event: Event) -> QuerySet[Organisation]:
    return Organisation.objects.filter(Q(pk__in=event.municipalities.all()) | Q(pk__in=event.participants.all())
                                       | Q(pk=event.owner_id)).distinct()


def visible_entries(user, event: Event) -> QuerySet[LogEntry]:  # type: ignore[no-untyped-def]
    """Entries the user may read: their organisation's own, the event-wide ones if their
    organisation takes part, those shared with them, and those about points they work at."""
    entries = LogEntry.objects.filter(event=event)
    if getattr(user, "is_superuser", False):
        return entries
    org = user_org(user)
    if org is None:
        return entries.none()
    takes_part = event_organisations(event).filter(pk=org.pk).exists()
    rule = Q(author_org=org) | Q(visibility=Visibility.SELECTED, shared_with=org)
    if takes_part:
        rule |= Q(visibility=Visibility.EVENT)
    m = perm.membership_of(user)
    if m and m.role in (Role.POINT_MANAGER, Role.STAFF):
        rule |= Q(point__in=perm.readable_points(user), visibility=Visibility.EVENT)
    return entries.filter(rule).distinct()
