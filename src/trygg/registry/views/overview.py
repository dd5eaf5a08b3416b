"""Overviews: the county, a municipality, and what needs following up."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trygg.accounts import permissions as perm
from trygg.accounts.models import Role
from trygg.data import data_path
from trygg.registry import hooks, scope
from trygg.registry.followup import follow_up
from trygg.registry.mapdata import map_data
from trygg.registry.national import LEVELS
from trygg.registry.planview import scored, with_readiness_data
from trygg.rules.readiness import roll_up


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page their role starts from."""
    m = perm.membership_of(request.user)
    if perm.role_of(request.user) == Role.NATIONAL_OFFICER:
        return redirect("national")
    if perm.is_county_officer(request.user):
        return redirect("county")
    if m and m.role == Role.COORDINATOR:
        return redirect("municipality", code=m.organisation.scb_code)
    points = scope.readable_points(request.user)
    if points.count() == 1:
        return redirect("point", pk=points.get().pk)
    return render(request, "registry/my_points.html", {"points": with_readiness_data(points)})


def _silent(request: HttpRequest, points):
    return hooks.silent_points(request.user, points)


@login_required
def county(request: HttpRequest) -> HttpResponse:
    """The user's county; the national coordinator, who has none, starts from the national overview."""
    if not perm.is_county_officer(request.user):
        raise PermissionDenied
    if perm.role_of(request.user) == Role.NATIONAL_OFFICER:
        return redirect("national")
    return _county_page(request, None, scope.readable_municipalities(request.user))


@login_required
def county_detail(request: HttpRequest, lan: str) -> HttpResponse:
    """One county by its code: any county nationally, a county officer's own (404 for another)."""
    county_org = scope.get_county_for_read(request.user, lan)
    perm.require(request.user, "read_county")
    return _county_page(request, county_org, scope.readable_municipalities(request.user).filter(parent=county_org))


def _county_page(request: HttpRequest, county_org, municipalities_qs) -> HttpResponse:
    municipalities = list(municipalities_qs.order_by("name"))
    readable = scope.readable_points(request.user).filter(municipality__in=municipalities)
    points = scored(with_readiness_data(readable))
    rows = []
    for mun in municipalities:
        mine = [s for s in points if s.point.municipality_id == mun.pk]
        rows.append({"municipality": mun, "rollup": roll_up(s.readiness for s in mine)})
    return render(request, "registry/county.html", {
        "county": county_org,
        "rows": rows,
        "county_rollup": roll_up(s.readiness for s in points),
        "points": points,
        "map_data": map_data(points, municipalities),
        "silent": _silent(request, readable),
        "followup": follow_up(readable, scope.readable_agreements(request.user).filter(municipality__in=municipalities)),
        # the county-wide analysis pages work on the user's own county; a national reader opens them from /county/
        "county_tools": county_org is None or perm.role_of(request.user) == Role.COUNTY_OFFICER,
    })


@login_required
def national(request: HttpRequest) -> HttpResponse:
    """Every county's roll-up (points, by level, readiness, open events), each linked to its county page."""
    if not perm.is_national(request.user):
        raise PermissionDenied
    from trygg.registry.national import national_rows

    rows = national_rows(request.user)
    return render(request, "registry/national.html", {"rows": rows, "total": _total(rows)})


def _total(rows):
    points = [s for row in rows for s in row.scored]
    return {"rollup": roll_up(s.readiness for s in points),
            "levels": {level: sum(row.levels[level] for row in rows) for level in LEVELS},
            "open_events": sum(row.open_events for row in rows)}


@login_required
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    mun = scope.get_municipality_for_read(request.user, code)
    points = scored(with_readiness_data(scope.readable_points(request.user).filter(municipality=mun)))
    return render(request, "registry/municipality.html", {
        "municipality": mun,
        "points": points,
        "rollup": roll_up(s.readiness for s in points),
        "map_data": map_data(points, [mun]),
        "silent": _silent(request, scope.readable_points(request.user).filter(municipality=mun)),
        "can_edit": scope.can_edit_municipality(request.user, mun),
        "can_analyse": perm.may(request.user, "read_analysis"),
        "agreement_count": scope.readable_agreements(request.user).filter(municipality=mun).count(),
        "exercise_count": scope.readable_exercises(request.user).filter(municipality=mun).count(),
        "sites": scope.readable_sites(request.user).filter(municipality=mun).order_by("name"),
        "followup": follow_up(scope.readable_points(request.user).filter(municipality=mun),
                              scope.readable_agreements(request.user).filter(municipality=mun)),
    })


def data_sources(request: HttpRequest) -> HttpResponse:
    """Where the bundled data comes from and under which licence (public: attribution must be visible)."""
    text = data_path("SOURCES.md").read_text(encoding="utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@login_required
def followup_page(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/followup.html", {
        "followup": follow_up(scope.readable_points(request.user), scope.readable_agreements(request.user)),
    })
