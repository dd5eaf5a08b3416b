"""The job pages: one job's progress or result, and the list of the user's computations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.jobs.access import visible_jobs
from trygg.jobs.models import JobState
from trygg.jobs.runner import INTERRUPTED, fail_stale

#: The running job's page reloads itself this often (a meta refresh: no script, no internet asset).
REFRESH_S = 2
#: A job still waiting after this long has no worker: the page says how to start one.
WAITING_NOTE_AFTER_S = 30


def phase_names() -> dict[str, str]:
    """The phases a run reports (trygg.analysis.power.run.PHASES and the jobs' own), in the reader's language."""
    return {
        "simulate": _("simulating hour by hour"),
        "optimize": _("optimising the allocation"),
        "keep_open": _("searching what keeps everyone open"),
        "charts": _("drawing the charts"),
        "prepare": _("reading the registry"),
        "roads": _("reading the road network"),
        "coverage": _("measuring who is within reach"),
        "suggestions": _("ranking the premises"),
        "done": _("done"),
    }


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if job.state == JobState.RUNNING and fail_stale():  # its worker stopped (a restart): say so now
        job.refresh_from_db()
    phase = phase_names().get(job.phase, job.phase)
    if job.phase == "keep_open" and job.step:
        phase = _("%(phase)s (simulation %(n)s)") % {"phase": phase, "n": job.step}
    waiting_note = ""
    if (
        job.state == JobState.QUEUED
        and (timezone.now() - job.created).total_seconds() > WAITING_NOTE_AFTER_S
    ):
        waiting_note = _("No worker has taken this computation yet: is `trygg jobs work` running?")
    error_text = (
        _("it was interrupted (the worker stopped); start it again.")
        if job.error == INTERRUPTED
        else job.error_in()
    )
    return render(
        request,
        "jobs/job.html",
        {
            "job": job,
            "title": job.title,
            "phase_text": phase,
            "refresh_s": REFRESH_S,
            "error_text": error_text,
            "waiting_note": waiting_note,
            "back_url": job.back_url or "/",
            "back_text": _("Back to the parameters"),
        },
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {"jobs": list(visible_jobs(request.user)[:50])})
