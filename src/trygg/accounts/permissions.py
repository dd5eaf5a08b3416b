"""Who may read and change what: the role matrix and named getters every view and API call uses.

``ALLOWED`` is the table of docs/roles.md (tests/test_roles_matrix.py reads
that table and checks both this dict and every URL against it): which role
may do which kind of action at all. The getters below say *within what*
(which municipality, which points); ``trygg.operations.access`` does the same
for events, on top of these.

The rule (issue 2, R1; issue 14): a national coordinator (MSB) reads everything in every county and
changes nothing in a registry; a county officer reads everything in the county; a
coordinator reads and edits their own municipality; a point manager edits
their own points; staff read their own points (and in an event report and
write notes for them); a partner reads the points shared with them. Nobody
sees another municipality's non-public data.

Agreements and exercises belong to a municipality: its coordinator edits
them; the others read those that involve a point they read. Routines belong
to a point: whoever edits the point (and its plan) edits its routines.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from trygg.accounts.models import Membership, Role
from trygg.accounts.users import AnyUser
from trygg.registry.models import Agreement, Exercise, Organisation, Point, Routine, Site

ADMIN = "admin"  # a superuser, whatever their membership
ANONYMOUS = "anonymous"  # not logged in
ROLES: tuple[str, ...] = (ADMIN, *Role.values, ANONYMOUS)
_EVERYONE = frozenset(ROLES)
_LOGGED_IN = _EVERYONE - {ANONYMOUS}
_LEADS = frozenset({ADMIN, Role.COORDINATOR})
_RUNS_POINTS = _LEADS | {Role.POINT_MANAGER}
_READS_COUNTIES = frozenset({ADMIN, Role.NATIONAL_OFFICER, Role.COUNTY_OFFICER})
# Roles whose reading scope is the whole country (a superuser's is too, checked apart).
_READS_EVERYTHING = frozenset({Role.NATIONAL_OFFICER})
# Roles whose reading scope is a set of whole municipalities (the rest read through their points).
_READS_MUNICIPALITIES = frozenset({Role.NATIONAL_OFFICER, Role.COUNTY_OFFICER, Role.COORDINATOR})

# action → the roles that may do it (within their scope). The one source of the rules; docs/roles.md shows it.
ALLOWED: dict[str, frozenset[str]] = {
    "public": _EVERYONE,
    "sign_in": _EVERYONE,
    "own_account": _LOGGED_IN,
    "read_points": _LOGGED_IN,
    "read_municipality": _LOGGED_IN,
    "read_analysis": _READS_COUNTIES | {Role.COORDINATOR},
    "read_county": _READS_COUNTIES,
    "read_national": frozenset({ADMIN, Role.NATIONAL_OFFICER}),
    "binder": _RUNS_POINTS | _READS_COUNTIES,
    "edit_point": _RUNS_POINTS,
    "create_registry": _LEADS,
    "edit_records": _LEADS,
    "county_records": frozenset({ADMIN, Role.COUNTY_OFFICER}),
    "manage_users": _LEADS,
    "read_event": _LOGGED_IN,
    "create_event": _LEADS,
    "decide": _LEADS,
    "public_text": _LEADS,
    "change_state": _RUNS_POINTS,
    "report_status": _RUNS_POINTS | {Role.STAFF},
    "merge_package": _RUNS_POINTS | {Role.STAFF},
    "edit_roster": _RUNS_POINTS,
    "add_note": _LOGGED_IN,
    "django_admin": frozenset({ADMIN}),
}


def membership_of(user: AnyUser) -> Membership | None:
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def _is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False))


def role_of(user: AnyUser) -> str:
    """The user's column in the matrix: admin, a membership's role, or anonymous. A logged-in user
    without a membership counts as anonymous here (their own account pages only ask for a login)."""
    if _is_superuser(user):
        return ADMIN
    m = membership_of(user)
    return m.role if m is not None else ANONYMOUS


def role_may(role: str, action: str) -> bool:
    """Whether the role may do the action anywhere at all (a KeyError for an unknown action)."""
    return role in ALLOWED[action]


def may(user: AnyUser, action: str) -> bool:
    return role_may(role_of(user), action)


def require(user: AnyUser, action: str) -> None:
    """403 unless the user's role may do the action (call after the scope check that answers 404)."""
    if not may(user, action):
        raise PermissionDenied


def readable_municipalities(user: AnyUser) -> QuerySet[Organisation]:
    """Municipalities whose overview the user may open."""
    base = Organisation.objects.filter(kind="municipality")
    m = membership_of(user)
    if _is_superuser(user):
        return base
    if m is None:
        return base.none()
    if m.role in _READS_EVERYTHING:
        return base
    if m.role == Role.COUNTY_OFFICER:
        return base.filter(parent=m.organisation)
    if m.role == Role.COORDINATOR:
        return base.filter(pk=m.organisation_id)
    return base.filter(pk__in=m.points.values("municipality"))


def editable_municipalities(user: AnyUser) -> QuerySet[Organisation]:
    m = membership_of(user)
    if _is_superuser(user):
        return Organisation.objects.filter(kind="municipality")
    if m is None or m.role != Role.COORDINATOR:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=m.organisation_id)


def readable_points(user: AnyUser) -> QuerySet[Point]:
    m = membership_of(user)
    if _is_superuser(user):
        return Point.objects.all()
    if m is None:
        return Point.objects.none()
    if m.role in _READS_MUNICIPALITIES:
        return Point.objects.filter(municipality__in=readable_municipalities(user))
    return Point.objects.filter(Q(members=m) | Q(manager=user)).distinct()


def editable_points(user: AnyUser) -> QuerySet[Point]:
    m = membership_of(user)
    if _is_superuser(user):
        return Point.objects.all()
    if m is None:
        return Point.objects.none()
    if m.role == Role.COORDINATOR:
        return Point.objects.filter(municipality_id=m.organisation_id)
    if m.role == Role.POINT_MANAGER:
        return Point.objects.filter(Q(members=m) | Q(manager=user)).distinct()
    return Point.objects.none()


def readable_sites(user: AnyUser) -> QuerySet[Site]:
    m = membership_of(user)
    if _is_superuser(user):
        return Site.objects.all()
    if m is None:
        return Site.objects.none()
    if m.role in _READS_MUNICIPALITIES:
        return Site.objects.filter(municipality__in=readable_municipalities(user))
    return Site.objects.filter(points__in=readable_points(user)).distinct()


def editable_sites(user: AnyUser) -> QuerySet[Site]:
    if _is_superuser(user):
        return Site.objects.all()
    m = membership_of(user)
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
    if _is_superuser(user):
        return Organisation.objects.all()
    m = membership_of(user)
    if m is None:
        return Organisation.objects.none()
    municipalities = readable_municipalities(user)
    county = Organisation.objects.filter(children__in=municipalities)
    return Organisation.objects.filter(
        Q(pk__in=municipalities) | Q(parent__in=municipalities) | Q(pk__in=county) | Q(parent__in=county)
        | Q(pk=m.organisation_id)
    ).distinct()


def readable_agreements(user: AnyUser) -> QuerySet[Agreement]:
    m = membership_of(user)
    if _is_superuser(user):
        return Agreement.objects.all()
    if m is None or m.role not in _READS_MUNICIPALITIES:
        return Agreement.objects.filter(points__in=readable_points(user)).distinct()
    return Agreement.objects.filter(municipality__in=readable_municipalities(user))


def editable_agreements(user: AnyUser) -> QuerySet[Agreement]:
    return Agreement.objects.filter(municipality__in=editable_municipalities(user))


def readable_exercises(user: AnyUser) -> QuerySet[Exercise]:
    m = membership_of(user)
    if _is_superuser(user):
        return Exercise.objects.all()
    if m is None or m.role not in _READS_MUNICIPALITIES:
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


def is_county_officer(user: AnyUser) -> bool:
    """Reads the county overview: a county officer, the national coordinator or an admin (reading only:
    what a county keeps itself is ``keeps_county_records``)."""
    return may(user, "read_county")


def keeps_county_records(user: AnyUser) -> bool:
    """Changes the county's own records (its population grid, its actors): a county officer or an admin."""
    return may(user, "county_records")


def is_national(user: AnyUser) -> bool:
    """Reads the national overview: the national coordinator or an admin."""
    return may(user, "read_national")


def readable_counties(user: AnyUser) -> QuerySet[Organisation]:
    """Counties whose overview the user may open: every one nationally, a county officer's own."""
    base = Organisation.objects.filter(kind="county")
    if is_national(user):
        return base
    m = membership_of(user)
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
    require(user, "read_analysis")
    return mun


def can_read_binder(user: AnyUser, point: Point) -> bool:
    """The printable binder: whoever edits the point, and the county officer for the county's points."""
    if not may(user, "binder"):
        return False
    return editable_points(user).filter(pk=point.pk).exists() or (
        is_county_officer(user) and readable_points(user).filter(pk=point.pk).exists())


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
