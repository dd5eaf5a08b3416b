"""The coverage page: who is within reach of a municipality's points and which premises would help most.

GET computes within the request; POST (*Kör i bakgrunden*) runs the same as a job
(:mod:`trygg.population.coverage_job`). The page lives with the population it weighs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from trygg.registry import scope
from trygg.registry.mapdata import map_data
from trygg.registry.planview import scored, with_readiness_data
from trygg.text import N_, error_message


@login_required
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    """Who is within reach of the municipality's points, who is not, and which premises would help most.

    GET computes within the request; POST (*Kör i bakgrunden*) runs the same as a job (trygg.jobs),
    for a long road computation.
    """
    from trygg.analysis.errors import AnalysisError
    from trygg.population.coverage import municipality_demand, road_metrics
    from trygg.registry.roads import metric_choices

    mun = scope.get_municipality_for_analysis(request.user, code)
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
        return render(request, "registry/coverage.html", context | {"error": error_message(exc, translation)}, status=400)
    context["can_import"] = scope.can_edit_municipality(request.user, mun)
    return render(request, "registry/coverage.html", context)


#: The coverage page's parameters (query or form fields).
COVERAGE_FIELDS = ("metric", "radius_km", "limit_min", "weight_group", "weight_factor")


def coverage_parameters(query: Any, source: Any) -> dict[str, Any]:
    """The parsed parameters; a ValueError (or WeightError) names the field that is wrong."""
    from trygg.analysis.errors import AnalysisError
    from trygg.population.coverage import DEFAULT_LIMIT_MIN, DEFAULT_RADIUS_M, METRICS
    from trygg.population.weights import weight_from_query

    metric = (query.get("metric") or "").strip() or None
    if metric is not None and metric not in METRICS:
        raise AnalysisError(N_("metric: {metric!r} must be one of {choices}", metric=metric, choices=", ".join(METRICS)))
    return {"metric": metric, "radius_km": _number(query, "radius_km", DEFAULT_RADIUS_M / 1000),
            "limit_min": _number(query, "limit_min", DEFAULT_LIMIT_MIN), "weight": weight_from_query(query, source)}


def coverage_context(mun: Any, query: Any, user: Any, progress: Any = None) -> dict[str, Any]:
    """Everything the coverage result shows (registry/_coverage_result.html), for the page and its job."""
    from trygg.population.coverage import municipality_coverage, municipality_demand

    source = municipality_demand(mun)
    given = coverage_parameters(query, source)
    result = municipality_coverage(mun, radius_m=given["radius_km"] * 1000, weight=given["weight"],
                                   metric=given["metric"], limit_min=given["limit_min"], progress=progress)
    points = scored(with_readiness_data(scope.readable_points(user).filter(municipality=mun)))
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
    """A positive number from the query, or an AnalysisError (a ValueError) that names the field."""
    from trygg.analysis.errors import AnalysisError

    raw = (query.get(name) or "").strip().replace(",", ".")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise AnalysisError(N_("{name}: {raw!r} is not a number", name=name, raw=raw)) from None
    if not (0 < value <= 1000):
        raise AnalysisError(N_("{name}: {raw!r} must be above 0 and at most 1000", name=name, raw=raw))
    return value
