"""Every role × every URL pattern × method answers what the table in docs/roles.md says.

The table is parsed here, so the documentation and the code cannot drift: the
code's ``ALLOWED`` must equal the table, and every request is checked against
the table's cell for the action the URL is classified as. Every URL pattern
(pages, /ops/, /api/, /admin/, public) must be classified in ``ROUTES`` (or,
for /admin/, by its prefix); a new one fails ``test_every_url_pattern_is_classified``.

Each role works on objects in its own scope (its municipality, its point, an
event at its point), so a refusal here is the role's, not the scope's: the
scope is covered by tests/web/test_municipality_isolation.py and
tests/operations/test_visibility.py. A refused write changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from trygg.accounts import permissions as perm
from trygg.operations import decisions
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, Event, LogEntry, PointStatus
from trygg.registry.models import Agreement, Exercise, Organisation, Point, Routine, Site

DOC = Path(__file__).resolve().parents[1] / "docs" / "roles.md"
USERS = {"admin": "admin", "national_officer": "msb", "county_officer": "lan", "coordinator": "krokom", "point_manager": "kall",
         "staff": "valsjobyn", "partner": "partner", "anonymous": None}
NEVER = {"—", "-", "no", ""}


def doc_table() -> dict[str, dict[str, bool]]:
    """action → role → allowed, from the one table in docs/roles.md."""
    lines = [line.strip() for line in DOC.read_text(encoding="utf-8").splitlines() if line.strip().startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[0] == "action", header
    table = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        action = re.match(r"`(\w+)`", cells[0])
        assert action, f"docs/roles.md: a row without an action code: {line}"
        table[action.group(1)] = {role: cell not in NEVER for role, cell in zip(header[1:], cells[1:], strict=True)}
    return table


# route → {method: action, or [(action, body), ...] for one method that does several things}.
# Objects: see Scope below. Bodies are valid where that matters, so that an allowed role gets past
# validation and a refused one is refused before it.
PUBLIC_GET = {"GET": "public"}
ROUTES: dict[str, dict[str, Any]] = {
    # public pages and feeds
    "hitta/": PUBLIC_GET, "hitta/<plang:lang>/": PUBLIC_GET, "k/<scb:code>/": PUBLIC_GET,
    "k/<scb:code>/<plang:lang>/": PUBLIC_GET, "p/<int:pk>/": PUBLIC_GET, "p/<int:pk>/<plang:lang>/": PUBLIC_GET,
    "barn/": PUBLIC_GET, "barn/<plang:lang>/": PUBLIC_GET, "feeds/<str:name>": PUBLIC_GET,
    "feeds/<scb:code>/<str:name>": PUBLIC_GET, "feeds/cap/<msgid:identifier>.xml": PUBLIC_GET,
    "radio/<msgid:identifier>/<str:language>.txt": PUBLIC_GET,
    "affisch/p/<int:pk>/<plang:lang>-<str:size>.pdf": PUBLIC_GET,
    "affisch/k/<scb:code>/<plang:lang>-<str:size>.pdf": PUBLIC_GET,
    "about/data/": PUBLIC_GET, "screen/g/<str:token>/": PUBLIC_GET, "screen/g/<str:token>/data.json": PUBLIC_GET, "screen/g/<str:token>/stream/": PUBLIC_GET,
    "api/schema/": PUBLIC_GET, "feeds/schema/<str:name>": PUBLIC_GET,
    # signing in
    "accounts/login/": {"GET": "sign_in"}, "admin/login/": {"GET": "sign_in"},
    "accounts/password/reset/": {"GET": "sign_in"}, "accounts/password/reset/sent/": {"GET": "sign_in"},
    "accounts/password/reset/<uidb64>/<token>/": {"GET": "sign_in"},
    "accounts/password/reset/complete/": {"GET": "sign_in"}, "i18n/setlang/": {"POST": "sign_in"},
    # own account
    "accounts/": {"GET": "own_account"}, "accounts/2fa/setup/": {"GET": "own_account"},
    "accounts/2fa/verify/": {"GET": "own_account"}, "accounts/2fa/remove/": {"GET": "own_account"},
    "accounts/password/change/": {"GET": "own_account"}, "accounts/password/change/done/": {"GET": "own_account"},
    "alerts/": {"GET": "own_account"}, "alerts/<int:pk>/delete/": {"POST": "own_account"},
    # the registry, read
    "": {"GET": "read_municipality"}, "m/<str:code>/": {"GET": "read_municipality"},
    "m/<str:code>/agreements/": {"GET": "read_municipality"}, "m/<str:code>/exercises/": {"GET": "read_municipality"},
    "follow-up/": {"GET": "read_municipality"},
    "points/<int:pk>/": {"GET": "read_points"}, "points/<int:pk>/changes/": {"GET": "read_points"},
    "points/<int:pk>/changes.csv": {"GET": "read_points"},
    "m/<str:code>/coverage/": {"GET": "read_analysis", "POST": "read_analysis"},  # POST: as a job
    "m/<str:code>/access/": {"GET": "read_analysis"},
    "m/<str:code>/changes/": {"GET": "read_analysis"}, "m/<str:code>/changes.csv": {"GET": "read_analysis"},
    "m/<str:code>/population/": {"GET": "read_analysis", "POST": "edit_records"},
    "m/<str:code>/fuel-plan/": {"GET": "read_municipality", "POST": "read_municipality"},  # POST: as a job
    "m/<str:code>/priority/": {"GET": "read_municipality", "POST": "edit_records"},
    "county/": {"GET": "read_county"}, "county/access/": {"GET": "read_county"},
    "county/fuel-plan/": {"GET": "read_county", "POST": "read_county"},
    "jobs/": {"GET": "own_account"}, "jobs/<int:pk>/": {"GET": "own_account"},  # own computations (trygg.jobs)
    "county/<str:lan>/": {"GET": "read_county"}, "national/": {"GET": "read_national"},
    "county/stream/": {"GET": "read_county"}, "county/<str:lan>/stream/": {"GET": "read_county"},  # pushed (issue 14)
    "harvest/": {"GET": "read_county"}, "harvest/points.geojson": {"GET": "read_county"},
    "m/<str:code>/disruption/": {"GET": "read_analysis"}, "county/disruption/": {"GET": "read_county"},
    "county/population/": {"GET": "read_county", "POST": "county_records"},
    "parm/<int:pk>/": {"GET": "binder"},
    "api/": {"GET": "read_points"}, "api/<drf_format_suffix:format>": {"GET": "read_points"},
    "api/^organisations/$": {"GET": "read_points"}, "api/^organisations/(?P<pk>[0-9]+)/$": {"GET": "read_points"},
    "api/^points/(?P<pk>[0-9]+)/readiness/$": {"GET": "read_points"}, "api/^readiness/$": {"GET": "read_points"},
    # the registry, changed
    "points/<int:pk>/edit/": {"GET": "edit_point", "POST": "edit_point"},
    "points/<int:pk>/plan/": {"GET": "edit_point", "POST": "edit_point"},
    "sites/<int:pk>/edit/": {"GET": "edit_point", "POST": "edit_point"},
    "points/<int:pk>/routines/new/": {"GET": "edit_point", "POST": "edit_point"},
    "routines/<int:pk>/edit/": {"GET": "edit_point", "POST": "edit_point"},
    "routines/<int:pk>/done/": {"POST": "edit_point"},
    "ops/points/<int:point_pk>/comms/": {"GET": "edit_point", "POST": "edit_point"},
    "api/^points/(?P<pk>[0-9]+)/plan/$": {"GET": "read_points", "PUT": "edit_point", "PATCH": "edit_point"},
    "api/^points/$": {"GET": "read_points", "POST": "create_registry"},
    "api/^sites/$": {"GET": "read_points", "POST": "create_registry"},
    "api/^points/(?P<pk>[0-9]+)/$": {"GET": "read_points", "PUT": "edit_point", "PATCH": "edit_point",
                                      "DELETE": "create_registry"},
    "api/^sites/(?P<pk>[0-9]+)/$": {"GET": "read_points", "PUT": "edit_point", "PATCH": "edit_point",
                                     "DELETE": "create_registry"},
    "m/<str:code>/points/new/": {"GET": "create_registry", "POST": "create_registry"},
    "m/<str:code>/sites/new/": {"GET": "create_registry", "POST": "create_registry"},
    "m/<str:code>/import/": {"GET": "create_registry", "POST": "create_registry"},  # points import upload (import helper)
    "m/<str:code>/agreements/new/": {"GET": "edit_records", "POST": "edit_records"},
    "agreements/<int:pk>/edit/": {"GET": "edit_records", "POST": "edit_records"},
    "m/<str:code>/exercises/new/": {"GET": "edit_records", "POST": "edit_records"},
    "exercises/<int:pk>/edit/": {"GET": "edit_records", "POST": "edit_records"},
    "accounts/m/<str:code>/users/": {"GET": "manage_users"},
    "accounts/m/<str:code>/users/new/": {"GET": "manage_users", "POST": "manage_users"},
    "accounts/m/<str:code>/users/<int:pk>/": {"GET": "manage_users", "POST": "manage_users"},
    "accounts/m/<str:code>/users/<int:pk>/invite/": {"POST": "manage_users"},
    # operations, read
    "ops/": {"GET": "read_event", "POST": "create_event"}, "ops/actors/": {"GET": "read_event"},
    "ops/events/<int:pk>/": {"GET": "read_event"}, "ops/events/<int:pk>/status.json": {"GET": "read_event"},
    "ops/events/<int:pk>/timeline/": {"GET": "read_event"},
    "ops/events/<int:pk>/fuel/": {"GET": "read_event"},
    "screen/events/<int:pk>/": {"GET": "read_event"}, "screen/events/<int:pk>/data.json": {"GET": "read_event"},
    "api/ops/events/<int:pk>/status/": {"GET": "read_event"},
    "ops/events/<int:pk>/stream/": {"GET": "read_event"},  # live updates pushed (issue 14, item 3)
    # operations, written
    "ops/events/<int:pk>/staffing/": {"GET": "read_event", "POST": "edit_roster"},
    "ops/events/<int:pk>/points/<int:point_pk>/report/": {"GET": "report_status", "POST": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/package/": {"GET": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/field/": {"GET": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/field/state.json": {"GET": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/field/sw.js": {"GET": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/field/manifest.webmanifest": {"GET": "report_status"},
    "api/ops/events/<int:pk>/points/<int:point_pk>/reports/": {"POST": "report_status"},
    "ops/events/<int:pk>/points/<int:point_pk>/state/": {"POST": "change_state"},
    "ops/events/<int:pk>/import/": {"POST": "merge_package"},
    "ops/events/<int:pk>/entries/<uuid:entry_id>/correct/": {"POST": "add_note"},
    "ops/events/<int:pk>/entries/": {"POST": [("add_note", "web_note"), ("decide", "web_decision")]},
    "api/ops/events/<int:pk>/entries/": {"GET": "read_event", "POST": [
        ("add_note", "api_note"), ("report_status", "api_status"), ("change_state", "api_state"),
        ("decide", "api_decision")]},
    "ops/events/<int:pk>/public-text/<str:code>/": {"POST": "public_text"},
    "ops/events/<int:pk>/public-text/<str:code>/release/": {"POST": "public_text"},
    "screen/events/<int:pk>/links/": {"POST": "decide"},
    "screen/events/<int:pk>/links/<int:link_pk>/revoke/": {"POST": "decide"},
    "warnings/<int:pk>/event/": {"POST": "create_event"},
    # last: these change or remove what the requests above use
    "admin/logout/": {"POST": "sign_in"}, "accounts/logout/": {"POST": "sign_in"},
    "ops/events/<int:pk>/activate/": {"POST": "decide"}, "ops/events/<int:pk>/close/": {"POST": "decide"},
    "agreements/<int:pk>/delete/": {"GET": "edit_records", "POST": "edit_records"},
    "exercises/<int:pk>/delete/": {"GET": "edit_records", "POST": "edit_records"},
    "routines/<int:pk>/delete/": {"GET": "edit_point", "POST": "edit_point"},
}
ADMIN_PREFIX = "admin/"
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$")


def all_routes() -> list[str]:
    def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)
    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def classified(route: str) -> dict[str, Any] | None:
    """The route's methods; a DRF ``.json`` suffix route counts as its plain route."""
    plain = FORMAT_SUFFIX.sub("/$", route)
    if plain not in ROUTES and route.startswith(ADMIN_PREFIX):
        return {"GET": "django_admin"}
    return ROUTES.get(plain)


@dataclass
class Scope:
    """The objects a role works on, all inside its scope."""

    user: Any
    municipality: Organisation
    point: Point
    site: Site
    spare_point: Point
    spare_site: Site
    agreement: Agreement
    exercise: Exercise
    routine: Routine
    event: Event
    entry_id: str
    alert_pk: int
    member_pk: int
    warning_pk: int
    link_pk: int
    guest_token: str
    job_pk: int

    def kwargs(self, route: str) -> dict[str, Any]:
        api_spare = route.startswith(("api/^points/(?P<pk>[0-9]+)/$", "api/^points/(?P<pk>[0-9]+)\\."))
        pk_of = [("api/^sites/", self.spare_site.pk), ("agreements/", self.agreement.pk), ("exercises/", self.exercise.pk), ("routines/", self.routine.pk),
                 ("sites/", self.site.pk), ("ops/events/", self.event.pk), ("screen/events/", self.event.pk),
                 ("api/ops/events/", self.event.pk), ("warnings/", self.warning_pk), ("alerts/", self.alert_pk),
                 ("accounts/m/", self.member_pk), ("api/^organisations/", self.municipality.pk),
                 ("jobs/", self.job_pk)]
        pk = self.spare_point.pk if api_spare else next((v for prefix, v in pk_of if route.startswith(prefix)),
                                                        self.point.pk)
        return {"pk": pk, "point_pk": self.point.pk, "code": self.municipality.scb_code, "lang": "en", "format": "json",
                "name": "points.geojson", "identifier": "trygg-0-0", "language": "sv", "size": "a4", "uidb64": "MQ",
                "token": self.guest_token if route.startswith("screen/") else "set-password",
                "entry_id": self.entry_id, "link_pk": self.link_pk, "content_type_id": 1, "object_id": "1",
                "app_label": "registry", "url": "x", "lan": self.municipality.parent.scb_code}


def url_of(route: str, kw: dict[str, Any]) -> str:
    url = route.replace("<drf_format_suffix:format>", ".json")
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kw.get(m.group(1), 1)), url)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kw.get(m.group(1), 1)), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")


def bodies(s: Scope) -> dict[str, Any]:
    """Named request bodies; by route otherwise (a form's fields, or JSON for /api/)."""
    point = s.point.pk
    return {
        "web_note": {"entry-kind": "note", "entry-text": "Matrix note", "entry-visibility": "event"},
        "web_decision": {"entry-kind": "decision", "entry-text": "Matrix decision", "entry-visibility": "event"},
        "api_note": {"kind": "note", "text": "Matrix note"},
        "api_status": {"kind": "status", "point": point, "data": {"people_present": 5}},
        "api_state": {"kind": "state", "point": point, "data": {"state": "opening"}},
        "api_decision": {"kind": "decision", "text": "Matrix decision"},
        "ops/events/<int:pk>/points/<int:point_pk>/state/": {"state": "opening"},
        "ops/events/<int:pk>/points/<int:point_pk>/report/": {"people_present": 3},
        "api/ops/events/<int:pk>/points/<int:point_pk>/reports/": {"people_present": 4},
        "ops/events/<int:pk>/activate/": {"decision-points": [point], "decision-decided_by": "X",
                                          "decision-mandate": "tib", "decision-reason": "Y"},
        "ops/events/<int:pk>/close/": {"decision-points": [point], "decision-decided_by": "X",
                                       "decision-mandate": "tib", "decision-reason": "Y"},
        "ops/events/<int:pk>/entries/<uuid:entry_id>/correct/": {"text": "Rättelse"},
        "ops/events/<int:pk>/staffing/": {"point": point, "role": "frg", "person": "Eva",
                                          "starts_at": "2026-01-01T08:00", "ends_at": "2026-01-01T16:00"},
        "ops/": {"name": "Matrix event", "kind": "power_outage", "municipalities": [s.municipality.pk],
                 "starts_at": "2026-01-01T08:00"},
        "screen/events/<int:pk>/links/": {"label": "Matrix", "hours": 4},
        "points/<int:pk>/edit/": {"name": "Edited by matrix"},
        "api/^points/(?P<pk>[0-9]+)/$": {"name": "Edited by matrix"},
        "api/^sites/(?P<pk>[0-9]+)/$": {"name": "Edited by matrix"},
        "api/^points/(?P<pk>[0-9]+)/plan/$": {"who_decides": "Matrix"},
        "api/^points/$": {"name": "Matrix point", "municipality": s.municipality.scb_code, "level": 1},
        "api/^sites/$": {"name": "Matrix site", "municipality": s.municipality.scb_code},
    }


def fingerprint() -> dict[str, int]:
    """Row counts of every table a refused request must leave alone (history rows count every change)."""
    skip = {"sessions", "axes", "admin", "otp_static", "contenttypes"}
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label not in skip and m.__name__ != "GuestLinkUse"}


def refused(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "login" in response.get("Location", "")


@pytest.fixture
def matrix_event(db):
    """An event over Krokom and Åre with Valsjöbyn, Rötviken and Kall activated (each role's point takes part)."""
    krokom_user = get_user_model().objects.get(username="krokom")
    municipalities = list(Organisation.objects.filter(scb_code__in=["2309", "2321"]))
    event = decisions.create_event(name="Matrisstorm", kind="power_outage", exercise=False,
                                   municipalities=municipalities, owner=municipalities[0],
                                   created_by_id=krokom_user.pk, starts_at=timezone.now() - dt.timedelta(hours=1))
    points = list(Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN", "SOT-KALL"]))
    decisions.activate(event, krokom_user.pk, municipalities[0], points, decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Storm", decided_at=timezone.now(), level=2))
    return event


def scope_for(role: str, event: Event) -> Scope:
    from trygg.alerts.models import Subscription
    from trygg.screen.models import GuestLink, new_token, token_hash
    from trygg.warnings.models import ExternalWarning

    users = get_user_model().objects
    user = users.get(username=USERS[role]) if USERS[role] else None
    point = Point.objects.get(ref="SOT-KALL" if role == "point_manager" else "SOT-VALSJOBYN")
    municipality = point.municipality
    spare_point = Point.objects.create(ref=f"MATRIX-{role}", name=f"Matrix {role}", municipality=municipality, level=1)
    spare_site = Site.objects.create(name=f"Matrix site {role}", municipality=municipality)
    spare_point.sites.add(spare_site)
    membership = perm.membership_of(user) if user else None
    if membership is not None and membership.role in ("point_manager", "staff", "partner"):
        membership.points.add(spare_point)
    agreement = Agreement.objects.create(municipality=municipality, subject="other", title=f"Matrix {role}",
                                         valid_from=dt.date(2025, 1, 1))
    agreement.parties.set([municipality])
    agreement.points.set([point])
    exercise = Exercise.objects.create(municipality=municipality, name=f"Matrix {role}", date=dt.date(2025, 2, 1))
    exercise.points.set([point])
    routine = Routine.objects.create(point=point, kind="other", interval_days=30)
    somebody = user or users.get(username="krokom")
    org = perm.membership_of(somebody).organisation
    entry, _new = append(NewEntry(event=event, author_id=somebody.pk, author_org=org, kind=EntryKind.NOTE,
                                  occurred_at=timezone.now(), text="Own note"))
    alert = Subscription.objects.create(user=somebody, kinds=["silent"], point=point)
    member = users.get(username="kall" if municipality.scb_code == "2321" else "valsjobyn")
    warning = ExternalWarning.objects.create(source="cap", identifier=f"matrix-{role}", event="Storm", level="yellow",
                                             geometry={"type": "Point", "coordinates": [14.0, 63.5]})
    warning.municipalities.set([municipality])
    token = new_token()
    link = GuestLink.objects.create(event=event, label="Matrix", token_hash=token_hash(token),
                                    created_by=users.get(username="krokom"),
                                    expires_at=timezone.now() + dt.timedelta(hours=4))
    from trygg.jobs.runner import submit

    job = submit("fuelplan", somebody, municipality, {"assumptions": {}}, "sv", title=f"Matrix {role}")
    return Scope(user, municipality, point, point.sites.first() or spare_site, spare_point, spare_site, agreement,
                 exercise, routine, event, str(entry.pk), alert.pk, member.pk, warning.pk, link.pk, token, job.pk)


def requests_for(s: Scope) -> list[tuple[str, str, str, Any]]:
    """(route, method, action, body) for every classified route and method, in ROUTES order, deletions last."""
    return sorted(_requests(s), key=lambda r: r[1] == "DELETE")


def _requests(s: Scope):  # type: ignore[no-untyped-def]
    named = bodies(s)
    routes = all_routes()
    order = {r: i for i, r in enumerate(ROUTES)}
    routes.sort(key=lambda r: order.get(FORMAT_SUFFIX.sub("/$", r), -1))
    for route in routes:
        methods = classified(route) or {}
        if route.startswith(ADMIN_PREFIX) and s.user is not None and s.user.is_superuser and route != ADMIN_PREFIX \
                and route not in ROUTES:
            continue  # the admin itself is Django's: its index stands for it; every page is checked refused for others
        for method, what in methods.items():
            if method == "DELETE" and FORMAT_SUFFIX.search(route):
                continue  # the plain route deleted the object already
            variants = what if isinstance(what, list) else [(what, FORMAT_SUFFIX.sub("/$", route))]
            for action, body_name in variants:
                yield route, method, action, named.get(body_name)


def send(client: Client, method: str, url: str, body: Any, route: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    if route.startswith("api/"):
        return client.generic(method, url, json.dumps(body or {}), content_type="application/json")
    return client.post(url, body or {})


def check_role(role: str, event: Event) -> list[str]:
    s = scope_for(role, event)
    client = Client(raise_request_exception=False)
    table = doc_table()
    problems = []
    for route, method, action, body in requests_for(s):
        url = url_of(route, s.kwargs(route))
        writes = method != "GET"
        before = fingerprint() if writes else None
        if s.user is not None:
            client.force_login(s.user)  # again: a request above may have logged out
        response = send(client, method, url, body, route)
        expected = table[action][role]
        # a public page or sign-in step may well answer 404 (no such message) or send on to the login
        got = response.status_code not in (401, 403) if action in ("public", "sign_in") else not refused(response)
        if response.status_code >= 500:
            problems.append(f"{method} {url} ({action}): {response.status_code}")
        elif expected != got:
            problems.append(f"{method} {url} ({action}): {response.status_code}, the table says "
                            f"{'allowed' if expected else 'refused'}")
        elif writes and not expected and fingerprint() != before:
            changed = {k for k, v in fingerprint().items() if before[k] != v}  # type: ignore[index]
            problems.append(f"{method} {url} ({action}): refused ({response.status_code}) but changed {changed}")
    return problems


def test_the_code_allows_exactly_what_the_table_says():
    table = doc_table()
    assert set(table) == set(perm.ALLOWED), set(table) ^ set(perm.ALLOWED)
    for action, cells in table.items():
        assert set(cells) == set(perm.ROLES), (action, set(cells) ^ set(perm.ROLES))
        assert {role for role, ok in cells.items() if ok} == set(perm.ALLOWED[action]), action


def test_every_url_pattern_is_classified():
    missing = [r for r in all_routes() if classified(r) is None]
    assert not missing, f"classify these in ROUTES and docs/roles.md: {missing}"
    actions = {a for r in ROUTES.values() for w in r.values() for a in ([x for x, _b in w] if isinstance(w, list) else [w])}
    assert actions <= set(doc_table()), actions - set(doc_table())


@pytest.mark.parametrize("role", list(USERS))
def test_every_role_gets_what_the_table_says_on_every_url(matrix_event, role):
    problems = check_role(role, matrix_event)
    assert not problems, "\n".join(problems)


def test_a_volunteer_cannot_change_a_state_through_the_api_or_the_web(matrix_event):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    client = Client()
    client.force_login(get_user_model().objects.get(username="valsjobyn"))
    before = (PointStatus.objects.get(event=matrix_event, point=valsjobyn).state, LogEntry.objects.count())
    web = client.post(f"/ops/events/{matrix_event.pk}/points/{valsjobyn.pk}/state/", {"state": "opening"})
    api = client.post(f"/api/ops/events/{matrix_event.pk}/entries/",
                      json.dumps({"kind": "state", "point": valsjobyn.pk, "data": {"state": "opening"}}),
                      content_type="application/json")
    assert (web.status_code, api.status_code) == (403, 403)
    message = api.json()["error"]["message"]
    assert "state" in message or "status" in message, message  # the reason, in English or Swedish
    assert (PointStatus.objects.get(event=matrix_event, point=valsjobyn).state, LogEntry.objects.count()) == before
    report = client.post(f"/api/ops/events/{matrix_event.pk}/points/{valsjobyn.pk}/reports/",
                         json.dumps({"people_present": 7}), content_type="application/json")
    assert report.status_code == 201
    assert PointStatus.objects.get(event=matrix_event, point=valsjobyn).people_present == 7


def test_a_volunteer_cannot_set_a_state_by_correcting_a_state_entry(matrix_event):
    """A correction takes the place of the entry it corrects: correcting a state entry is a state change."""
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    state_entry = LogEntry.objects.filter(event=matrix_event, point=valsjobyn, kind=EntryKind.STATE).first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="valsjobyn"))
    response = client.post(f"/api/ops/events/{matrix_event.pk}/entries/", json.dumps(
        {"kind": "correction", "corrects": str(state_entry.pk), "point": valsjobyn.pk, "data": {"state": "open"}}),
        content_type="application/json")
    assert response.status_code == 403
    assert PointStatus.objects.get(event=matrix_event, point=valsjobyn).state == "standby"
