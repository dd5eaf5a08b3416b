"""Who may see and do what in operations: the scopes of the role matrix's event actions
(``trygg.accounts.permissions.ALLOWED``, docs/roles.md), as named getters; 404 rather
than 403 where an id could be probed, 403 where the role may never do the action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from trygg.accounts import permissions as perm
from trygg.accounts.models import Role
from trygg.operations.models import EntryKind, Event, LogEntry, Visibility
from trygg.registry import scope
from trygg.registry.models import Organisation, Point


def user_org(user) -> Organisation | None:
    m = perm.membership_of(user)
    return m.organisation if m else None


def visible_events(user) -> QuerySet[Event]:
    if getattr(user, "is_superuser", False):
        return Event.objects.all()
    m = perm.membership_of(user)
    if m is None:
        return Event.objects.none()
    if m.role == Role.NATIONAL_OFFICER:  # follows every event in the country (issue 14)
        return Event.objects.all()
    if m.role == Role.COUNTY_OFFICER:
        return Event.objects.filter(municipalities__parent=m.organisation).distinct()
    if m.role == Role.COORDINATOR:
        # By subquery, not joins: a national event's 290 municipalities × 300 participants made 90,000 rows
        # to DISTINCT per request (18 ms of every status report).
        org = m.organisation
        affected = Event.municipalities.through.objects.filter(organisation=org).values("event_id")
        taking_part = Event.participants.through.objects.filter(organisation=org).values("event_id")
        return Event.objects.filter(Q(pk__in=affected) | Q(pk__in=taking_part) | Q(owner=org))
    return Event.objects.filter(Q(statuses__point__in=scope.readable_points(user)) | Q(participants=m.organisation)).distinct()


def get_event(user, pk: int) -> Event:
    try:
        return visible_events(user).get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None


def situation_points(user, event: Event) -> QuerySet[Point]:
    """Points of the event the user may follow on the situation picture."""
    return scope.readable_points(user).filter(op_statuses__event=event).distinct()


def can_lead(user, event: Event) -> bool:
    """Create decisions, activate and close points: the coordinator of an affected municipality."""
    return perm.may(user, "decide") and scope.editable_municipalities(user).filter(
        pk__in=event.municipalities.all()).exists()


def activatable_points(user, event: Event) -> QuerySet[Point]:
    return Point.objects.filter(
        municipality__in=scope.editable_municipalities(user).filter(pk__in=event.municipalities.all()))


def reportable_points(user, event: Event) -> QuerySet[Point]:
    """Points whose status the user may report: their own points, or their municipality's."""
    if not perm.may(user, "report_status"):
        return Point.objects.none()
    own = perm.role_of(user) in (Role.POINT_MANAGER, Role.STAFF)
    points = scope.readable_points(user) if own else scope.editable_points(user)
    return points.filter(municipality__in=event.municipalities.all())


def may_report(user, point: Point, event: Event | None = None) -> bool:
    """Report status for ``point`` (in ``event``, or in any event of the point's municipality)."""
    if event is not None:
        return reportable_points(user, event).filter(pk=point.pk).exists()
    return perm.may(user, "report_status") and scope.readable_points(user).filter(pk=point.pk).exists() and (
        perm.role_of(user) in (Role.POINT_MANAGER, Role.STAFF) or scope.can_edit_point(user, point))


def points_for(user, event: Event, action: str) -> QuerySet[Point]:
    """The event's points the user may do a point action for (change_state, edit_roster,
    merge_package, report_status): the points they report for, if their role has the action."""
    if not perm.may(user, action):
        return Point.objects.none()
    return reportable_points(user, event)


def may_change_state(user, event: Event, point: Point) -> bool:
    return points_for(user, event, "change_state").filter(pk=point.pk).exists()


def require_point_action(user, event: Event, point: Point, action: str) -> None:
    """403 unless the user may do ``action`` for ``point``, which they already may report for."""
    if not points_for(user, event, action).filter(pk=point.pk).exists():
        raise PermissionDenied


def require_event_action(user, event: Event, action: str) -> None:
    """403 unless the user may do ``action`` for at least one of the event's points."""
    if not points_for(user, event, action).exists():
        raise PermissionDenied


# What writing an entry of each kind counts as in the matrix; any other kind is a note.
ENTRY_ACTIONS = {EntryKind.DECISION: "decide", EntryKind.STATE: "change_state", EntryKind.STATUS: "report_status"}


def entry_refusal(user, event: Event, kind: str, point: Point | None,
                  corrects: LogEntry | None = None) -> str:
    """Why ``user`` may not append an entry of ``kind`` (about ``point``), or ``""`` when they may.
    A correction needs the right of the entry it corrects, and must correct their organisation's own."""
    if kind == EntryKind.CORRECTION and corrects is not None:
        if corrects.author_org_id != getattr(user_org(user), "pk", None):
            return _("You may correct only your own organisation's entries.")
        kind = corrects.kind
    action = ENTRY_ACTIONS.get(kind, "add_note")  # type: ignore[call-overload]
    if action == "decide":
        return "" if can_lead(user, event) else _("Only the municipality's coordinator records decisions.")
    if action == "add_note":
        return "" if perm.may(user, "add_note") else _("Your role may not write to the log.")
    if not perm.may(user, action) and action == "change_state":
        return _("Your role may not change a point's state: report it, and the point manager "
                 "or the coordinator records it.")
    if not perm.may(user, action):
        return _("Your role may not report status.")
    if point is not None and not points_for(user, event, action).filter(pk=point.pk).exists():
        return _("You may not report for this point.")
    return ""  # an entry without its point is refused by the log itself, naming the field


def require_entry(user, event: Event, kind: str, point: Point | None,
                  corrects: LogEntry | None = None) -> None:
    """403 (PermissionDenied with the reason) unless ``entry_refusal`` finds nothing."""
    refusal = entry_refusal(user, event, kind, point, corrects)
    if refusal:
        raise PermissionDenied(refusal)


def get_reportable_point(user, event: Event, pk: int) -> Point:
    try:
        return reportable_points(user, event).get(pk=pk)
    except Point.DoesNotExist:
        raise Http404 from None


def event_organisations(event: Event) -> QuerySet[Organisation]:
    return Organisation.objects.filter(Q(pk__in=event.municipalities.all()) | Q(pk__in=event.participants.all())
                                       | Q(pk=event.owner_id)).distinct()


def visible_entries(user, event: Event) -> QuerySet[LogEntry]:
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
        rule |= Q(point__in=scope.readable_points(user), visibility=Visibility.EVENT)
    return entries.filter(rule).distinct()
