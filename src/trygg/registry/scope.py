"""Which registry records a user may read and change: the named getters every view and API call uses.

The role matrix (which role may do which kind of action at all) is
``trygg.accounts.permissions.ALLOWED``; these getters say *within what* (which
municipality, which points, sites, agreements, exercises, routines). They query the
registry's models, so they live in the registry. ``trygg.operations.access`` does
the same for events, on top of these. Outside the scope a getter answers 404, never
403, so ids elsewhere cannot be probed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from trygg.accounts import permissions as perm
from trygg.accounts.models import Role
from trygg.accounts.users import AnyUser
from trygg.registry.models import Agreement, Exercise, Organisation, Point, Routine, Site


def readable_municipalities(user: AnyUser) -> QuerySet[Organisation]:
    """Municipalities whose overview the user may open."""
    base = Organisation.objects.filter(kind="municipality")
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return base
    if m is None:
        return base.none()
    if m.role in perm.READS_EVERYTHING:
        return base
    if m.role == Role.COUNTY_OFFICER:
        return base.filter(parent=m.organisation)
    if m.role == Role.COORDINATOR:
        return base.filter(pk=m.organisation_id)
    return base.filter(pk__in=m.points.values("municipality"))


def editable_municipalities(user: AnyUser) -> QuerySet[Organisation]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Organisation.objects.filter(kind="municipality")
    if m is None or m.role != Role.COORDINATOR:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=m.organisation_id)


def managed_municipalities(user: AnyUser) -> QuerySet[Organisation]:
    """The municipalities whose users ``user`` manages, by name (the account page links to their member pages)."""
    return editable_municipalities(user).order_by("name")


def readable_points(user: AnyUser) -> QuerySet[Point]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Point.objects.all()
    if m is None:
        return Point.objects.none()
    if m.role in perm.READS_MUNICIPALITIES:
        return Point.objects.filter(municipality__in=readable_municipalities(user))
    return Point.objects.filter(Q(members=m) | Q(manager=user)).distinct()


def editable_points(user: AnyUser) -> QuerySet[Point]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Point.objects.all()
    if m is None:
        return Point.objects.none()
    if m.role == Role.COORDINATOR:
        return Point.objects.filter(municipality_id=m.organisation_id)
    if m.role == Role.POINT_MANAGER:
        return Point.objects.filter(Q(members=m) | Q(manager=user)).distinct()
    return Point.objects.none()


def readable_sites(user: AnyUser) -> QuerySet[Site]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Site.objects.all()
    if m is None:
        return Site.objects.none()
    if m.role in perm.READS_MUNICIPALITIES:
        return Site.objects.filter(municipality__in=readable_municipalities(user))
    return Site.objects.filter(points__in=readable_points(user)).distinct()


def editable_sites(user: AnyUser) -> QuerySet[Site]:
    if perm.is_superuser(user):
        return Site.objects.all()
    m = perm.membership_of(user)
    if m is None:
        return Site.objects.none()
    if m.role == Role.COORDINATOR:
        return Site.objects.filter(municipality_id=m.organisation_id)
    if m.role == Role.POINT_MANAGER:
        return Site.objects.filter(points__in=editable_points(user)).distinct()
    return Site.objects.none()


def readable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The county, municipalities and organisations in the user's scope (directory entries).

    County-level actors (police, rescue service, SOS Alarm, the region…) belong to the county: everyone in
    one of its municipalities may read how to reach them.
    """
    if perm.is_superuser(user):
        return Organisation.objects.all()
    m = perm.membership_of(user)
    if m is None:
        return Organisation.objects.none()
    municipalities = readable_municipalities(user)
    county = Organisation.objects.filter(children__in=municipalities)
    return Organisation.objects.filter(
        Q(pk__in=municipalities) | Q(parent__in=municipalities) | Q(pk__in=county) | Q(parent__in=county)
        | Q(pk=m.organisation_id)
    ).distinct()


def readable_agreements(user: AnyUser) -> QuerySet[Agreement]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Agreement.objects.all()
    if m is None or m.role not in perm.READS_MUNICIPALITIES:
        return Agreement.objects.filter(points__in=readable_points(user)).distinct()
    return Agreement.objects.filter(municipality__in=readable_municipalities(user))


def editable_agreements(user: AnyUser) -> QuerySet[Agreement]:
    return Agreement.objects.filter(municipality__in=editable_municipalities(user))


def readable_exercises(user: AnyUser) -> QuerySet[Exercise]:
    m = perm.membership_of(user)
    if perm.is_superuser(user):
        return Exercise.objects.all()
    if m is None or m.role not in perm.READS_MUNICIPALITIES:
        return Exercise.objects.filter(points__in=readable_points(user)).distinct()
    return Exercise.objects.filter(municipality__in=readable_municipalities(user))


def editable_exercises(user: AnyUser) -> QuerySet[Exercise]:
    return Exercise.objects.filter(municipality__in=editable_municipalities(user))


def editable_routines(user: AnyUser) -> QuerySet[Routine]:
    """Routines of the points whose plan the user may edit."""
    return Routine.objects.filter(point__in=editable_points(user))


def can_edit_municipality(user: AnyUser, municipality: Organisation) -> bool:
    """May edit the municipality's own records: points, sites, agreements and exercises."""
    return editable_municipalities(user).filter(pk=municipality.pk).exists()


def can_edit_point(user: AnyUser, point: Point) -> bool:
    return editable_points(user).filter(pk=point.pk).exists()


def readable_counties(user: AnyUser) -> QuerySet[Organisation]:
    """Counties whose overview the user may open: every one nationally, a county officer's own."""
    base = Organisation.objects.filter(kind="county")
    if perm.is_national(user):
        return base
    m = perm.membership_of(user)
    if m is not None and m.role == Role.COUNTY_OFFICER:
        return base.filter(pk=m.organisation_id)
    return base.none()


def get_county_for_read(user: AnyUser, code: str) -> Organisation:
    """A county's overview: 404 for a county outside the user's scope (so codes cannot be probed)."""
    return get_object_or_404(readable_counties(user), scb_code=code)


def get_point_for_read(user: AnyUser, pk: int) -> Point:
    """The point, or 404 — never 403, so a user cannot probe which ids exist elsewhere."""
    return get_object_or_404(readable_points(user), pk=pk)


def get_point_for_edit(user: AnyUser, pk: int) -> Point:
    return get_object_or_404(editable_points(user), pk=pk)


def get_municipality_for_read(user: AnyUser, code: str) -> Organisation:
    return get_object_or_404(readable_municipalities(user), scb_code=code)


def get_municipality_for_analysis(user: AnyUser, code: str) -> Organisation:
    """Coverage, access and the municipality's change history: 404 outside the scope, 403 for a point role."""
    mun = get_municipality_for_read(user, code)
    perm.require(user, "read_analysis")
    return mun


def can_read_binder(user: AnyUser, point: Point) -> bool:
    """The printable binder: whoever edits the point, and the county officer for the county's points."""
    if not perm.may(user, "binder"):
        return False
    return editable_points(user).filter(pk=point.pk).exists() or (
        perm.is_county_officer(user) and readable_points(user).filter(pk=point.pk).exists())


def get_municipality_for_edit(user: AnyUser, code: str) -> Organisation:
    return get_object_or_404(editable_municipalities(user), scb_code=code)


def get_site_for_edit(user: AnyUser, pk: int) -> Site:
    return get_object_or_404(editable_sites(user), pk=pk)


def get_agreement_for_edit(user: AnyUser, pk: int) -> Agreement:
    return get_object_or_404(editable_agreements(user).select_related("municipality"), pk=pk)


def get_exercise_for_edit(user: AnyUser, pk: int) -> Exercise:
    return get_object_or_404(editable_exercises(user).select_related("municipality"), pk=pk)


def get_routine_for_edit(user: AnyUser, pk: int) -> Routine:
    return get_object_or_404(editable_routines(user).select_related("point"), pk=pk)
