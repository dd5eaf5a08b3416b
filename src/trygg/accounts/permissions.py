"""Who may do what: the role matrix, and the user's role and membership, on plain users and ids.

``ALLOWED`` is the table of docs/roles.md (tests/test_roles_matrix.py reads
that table and checks both this dict and every URL against it): which role
may do which kind of action at all. The getters that say *within what*
(which municipality, which points) query the registry's models and live there
(``trygg.registry.scope``); ``trygg.operations.access`` does the same for
events, on top of these.

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

from trygg.accounts.models import Membership, Role
from trygg.accounts.users import AnyUser

ADMIN = "admin"  # a superuser, whatever their membership
ANONYMOUS = "anonymous"  # not logged in
ROLES: tuple[str, ...] = (ADMIN, *Role.values, ANONYMOUS)
_EVERYONE = frozenset(ROLES)
_LOGGED_IN = _EVERYONE - {ANONYMOUS}
_LEADS = frozenset({ADMIN, Role.COORDINATOR})
_RUNS_POINTS = _LEADS | {Role.POINT_MANAGER}
_READS_COUNTIES = frozenset({ADMIN, Role.NATIONAL_OFFICER, Role.COUNTY_OFFICER})
# Roles whose reading scope is the whole country (a superuser's is too, checked apart).
READS_EVERYTHING = frozenset({Role.NATIONAL_OFFICER})
# Roles whose reading scope is a set of whole municipalities (the rest read through their points).
READS_MUNICIPALITIES = frozenset({Role.NATIONAL_OFFICER, Role.COUNTY_OFFICER, Role.COORDINATOR})

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


def is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False))


def role_of(user: AnyUser) -> str:
    """The user's column in the matrix: admin, a membership's role, or anonymous. A logged-in user
    without a membership counts as anonymous here (their own account pages only ask for a login)."""
    if is_superuser(user):
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
