"""Coverage and site selection as a job (trygg.jobs): the same figures and fragment as the page.

With a road network, measuring every resident and ranking every candidate
premises by road can take long for a large municipality; the page's
*Kör i bakgrunden* stores the parameters and this runs them, reading the
points the starter may read, and renders registry/_coverage_result.html.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from trygg.jobs.models import Job
from trygg.jobs.runner import JobError, Report
from trygg.text import N_, TextError


def run_coverage_job(job: Job, report: Report) -> tuple[dict[str, Any], str]:
    from trygg.population.coverage_views import coverage_context

    if job.created_by is None:
        raise JobError(N_("the account that started this computation no longer exists"))
    try:
        context = coverage_context(job.organisation, job.params, job.created_by, progress=report)
    except TextError:
        raise  # trygg's own error: the runner keeps it in every language
    except ValueError as exc:  # worded by gettext in the job's language (a bad weight)
        raise JobError(str(exc)) from None
    report(0.95, "done", 0)
    html = render_to_string(
        "registry/_coverage_result.html",
        context
        | {
            "MAP_TILE_URL": settings.MAP_TILE_URL,
            "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        },
    )
    result = context["coverage"]
    return {
        "metric": result.metric_key,
        "covered": round(result.covered, 1),
        "total": round(result.total, 1),
        "suggestions": [
            {"site": s.site_name, "adds_people": round(s.adds_people, 1)}
            for s in result.suggestions
        ],
    }, html
