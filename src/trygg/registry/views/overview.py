"""Overviews: the county, a municipality, and what needs following up."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trygg.accounts import permissions as perm
from trygg.accounts.models import Role
from trygg.data import data_path
from trygg.registry import hooks
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
    points = perm.readable_points(request.user)
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
    return _county_page(request, None, perm.readable_municipalities(request.user))


@login_required
def county_detail(request: HttpRequest, lan: str) -> HttpResponse:
    """One county by its code: any county nationally, a county officer's own (404 for another)."""
    county_org = perm.get_county_for_read(request.user, lan)
    perm.require(request.user, "read_county")
    return _county_page(request, county_org, perm.readable_municipalities(request.user).filter(parent=county_org))


def _county_page(request: HttpRequest, county_org, municipalities_qs) -> HttpResponse:
    municipalities = list(municipalities_qs.order_by("name"))
    readable = perm.readable_points(request.user).filter(municipality__in=municipalities)
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
        "followup": follow_up(readable, perm.readable_agreements(request.user).filter(municipality__in=municipalities)),
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
    mun = perm.get_municipality_for_read(request.user, code)
    points = scored(with_readiness_data(perm.readable_points(request.user).filter(municipality=mun)))
    return render(request, "registry/municipality.html", {
        "municipality": mun,
        "points": points,
        "rollup": roll_up(s.readiness for s in points),
        "map_data": map_data(points, [mun]),
        "silent": _silent(request, perm.readable_points(request.user).filter(municipality=mun)),
        "can_edit": perm.can_edit_municipality(request.user, mun),
        "can_analyse": perm.may(request.user, "read_analysis"),
        "agreement_count": perm.readable_agreements(request.user).filter(municipality=mun).count(),
        "exercise_count": perm.readable_exercises(request.user).filter(municipality=mun).count(),
        "sites": perm.readable_sites(request.user).filter(municipality=mun).order_by("name"),
        "followup": follow_up(perm.readable_points(request.user).filter(municipality=mun),
                              perm.readable_agreements(request.user).filter(municipality=mun)),
    })


def data_sources(request: HttpRequest) -> HttpResponse:
    """Where the bundled data comes from and under which licence (public: attribution must be visible)."""
    text = data_path("SOURCES.md").read_text(encoding="utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@login_required
def followup_page(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/followup.html", {
        "followup": follow_up(perm.readable_points(request.user), perm.readable_agreements(request.user)),
    })


@login_required
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    """Who is within reach of the municipality's points, who is not, and which premises would help most.

    GET computes within the request; POST (*Kör i bakgrunden*) runs the same as a job (trygg.jobs),
    for a long road computation.
    """
    from trygg.analysis.errors import AnalysisError
    from trygg.registry.coverage import municipality_demand, road_metrics
    from trygg.registry.roads import metric_choices

    mun = perm.get_municipality_for_analysis(request.user, code)
    source = municipality_demand(mun)  # the stored SCB grid, else the modelled demand (issue 12)
    by_road = road_metrics(mun)  # a configured road network reaches the municipality: the measure is a choice
    query = request.POST if request.method == "POST" else request.GET
    context: dict[str, Any] = {"municipality": mun, "source": source,
                               "metric_choices": metric_choices() if by_road else [],
                               "background": _coverage_background(request, mun, query)}
    try:
        if request.method == "POST":
            coverage_parameters(query, source)  # refuse bad input before anything is stored
            return redirect("job", pk=_start_coverage_job(request, mun, query).pk)
        context |= coverage_context(mun, query, request.user)
    except (ValueError, AnalysisError) as exc:
        return render(request, "registry/coverage.html", context | {"error": str(exc)}, status=400)
    context["can_import"] = perm.can_edit_municipality(request.user, mun)
    return render(request, "registry/coverage.html", context)


#: The coverage page's parameters (query or form fields).
COVERAGE_FIELDS = ("metric", "radius_km", "limit_min", "weight_group", "weight_factor")


def coverage_parameters(query: Any, source: Any) -> dict[str, Any]:
    """The parsed parameters; a ValueError (or WeightError) names the field that is wrong."""
    from trygg.population.weights import weight_from_query
    from trygg.registry.coverage import DEFAULT_LIMIT_MIN, DEFAULT_RADIUS_M, METRICS

    metric = (query.get("metric") or "").strip() or None
    if metric is not None and metric not in METRICS:
        raise ValueError(f"metric: {metric!r} must be one of {', '.join(METRICS)}")
    return {"metric": metric, "radius_km": _number(query, "radius_km", DEFAULT_RADIUS_M / 1000),
            "limit_min": _number(query, "limit_min", DEFAULT_LIMIT_MIN), "weight": weight_from_query(query, source)}


def coverage_context(mun: Any, query: Any, user: Any, progress: Any = None) -> dict[str, Any]:
    """Everything the coverage result shows (registry/_coverage_result.html), for the page and its job."""
    from trygg.registry.coverage import municipality_coverage, municipality_demand

    source = municipality_demand(mun)
    given = coverage_parameters(query, source)
    result = municipality_coverage(mun, radius_m=given["radius_km"] * 1000, weight=given["weight"],
                                   metric=given["metric"], limit_min=given["limit_min"], progress=progress)
    points = scored(with_readiness_data(perm.readable_points(user).filter(municipality=mun)))
    data = map_data(points, [mun])
    data["points"]["features"] = result.map_features() + data["points"]["features"]
    return {"coverage": result, "map_data": data, "radius_km": given["radius_km"], "limit_min": given["limit_min"],
            "weight": given["weight"], "source": source}


def _coverage_background(request: HttpRequest, mun: Any, query: Any) -> dict[str, Any]:
    from trygg.jobs.access import visible_jobs

    return {"long": False, "can_start": True, "url": request.path,
            "hidden": [(name, query.get(name, "")) for name in COVERAGE_FIELDS if query.get(name)],
            "jobs": list(visible_jobs(request.user).filter(kind="coverage", organisation=mun)[:5])}


def _start_coverage_job(request: HttpRequest, mun: Any, query: Any) -> Any:
    from urllib.parse import urlencode

    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from trygg.jobs.runner import submit

    given = {name: query.get(name, "") for name in COVERAGE_FIELDS if query.get(name, "")}
    return submit("coverage", request.user, mun, given, get_language() or "sv",
                  title=_("Coverage: %(name)s") % {"name": mun.name},
                  params_text=" · ".join(f"{k}: {v}" for k, v in given.items()),
                  back_url=f"{request.path}?{urlencode(given)}")


def _number(query: Any, name: str, default: float) -> float:
    """A positive number from the query, or a ValueError that names the field."""
    raw = (query.get(name) or "").strip().replace(",", ".")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}: {raw!r} is not a number") from None
    if not (0 < value <= 1000):
        raise ValueError(f"{name}: {raw!r} must be above 0 and at most 1000")
    return value
