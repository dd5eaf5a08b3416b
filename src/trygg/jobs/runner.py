"""Submit, claim and run jobs; the progress a running job writes into its row.

One function per kind (:data:`KINDS`, "module:function", imported when a job runs).
The apps above fill it in their ``AppConfig.ready`` (``registry``: the fuel plan,
``population``: coverage), so this module names no app: ``run(job, report) -> (result, html)``, where ``report`` is
:data:`trygg.analysis.power.run.Progress`-shaped (fraction, phase, step) and
``result`` is plain JSON-able data. A kind raises :class:`JobError` for a
problem the user can fix, and lets trygg's own errors with a translatable
message (``AnalysisError``, ``PowerInputError``, …: a :class:`trygg.text.TextError`)
through; anything else fails the job with the exception's type and text and is
logged. The error is kept in English (``Job.error``, for logs) and in every
language of the site (``Job.error_texts``), so its page says it in the reader's
language; a plain string is shown as it is.

Claiming is one conditional UPDATE (``state = queued`` → ``running``), so two
workers (threads or processes, SQLite or PostgreSQL) never run the same job.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone, translation

from trygg.jobs.models import Job, JobState
from trygg.shared.languages import in_site_languages
from trygg.text import TextError

log = logging.getLogger(__name__)

#: kind → "module:function" of its run function; each app above registers its own kinds at start-up.
KINDS: dict[str, str] = {}

#: A running job whose row has not moved for this long has lost its worker (a restart): it fails.
STALE_AFTER = timedelta(minutes=10)
#: Progress is written at most this often (seconds); the last report always is.
WRITE_EVERY_S = 0.5

Report = Callable[[float, str, int], None]

#: The error of a job whose worker stopped (the page says it in the reader's language).
INTERRUPTED = "interrupted"


class JobError(TextError):
    """A problem with the job's parameters or data, in words for the user: an ``N_`` text, or a string shown as it is."""


def submit(
    kind: str,
    user: Any,
    organisation: Any,
    params: dict[str, Any],
    language: str,
    *,
    title: str,
    params_text: str = "",
    back_url: str = "",
) -> Job:
    """A queued job; with ``TRYGG_JOBS_IN_PROCESS`` a thread of this process starts it once committed."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        created_by=user,
        created_by_name=user.get_username(),
        organisation=organisation,
        params=params,
        language=language,
        title=title[:200],
        params_text=params_text[:500],
        back_url=back_url[:500],
    )
    if settings.TRYGG_JOBS_IN_PROCESS:
        transaction.on_commit(lambda: start_thread(job.pk))
    return job


def start_thread(pk: int | None = None) -> threading.Thread:
    """Run job ``pk`` (then any other waiting job) in a thread that outlives the request."""
    thread = threading.Thread(target=_thread_main, args=(pk,), name=f"trygg-job-{pk}", daemon=True)
    thread.start()
    return thread


def _thread_main(pk: int | None) -> None:
    try:
        job = claim(pk)
        if job is not None:
            run(job)
        work_once()
    finally:
        connections.close_all()


def claim(pk: int | None = None) -> Job | None:
    """Take the oldest waiting job (or job ``pk`` if it waits); None when there is none."""
    waiting = Job.objects.filter(state=JobState.QUEUED)
    if pk is not None:
        waiting = waiting.filter(pk=pk)
    for candidate in list(waiting.order_by("created", "pk").values_list("pk", flat=True)[:10]):
        now = timezone.now()
        if Job.objects.filter(pk=candidate, state=JobState.QUEUED).update(
            state=JobState.RUNNING, started=now, heartbeat=now
        ):
            return Job.objects.get(pk=candidate)
    return None


def reporter(job: Job) -> Report:
    """Writes (fraction, phase, step) into the job's row: at most every WRITE_EVERY_S, never backwards."""
    last = {"at": 0.0, "fraction": 0.0}

    def report(fraction: float, phase: str, step: int = 0) -> None:
        fraction = max(last["fraction"], min(float(fraction), 1.0))
        now = time.monotonic()
        if now - last["at"] < WRITE_EVERY_S and fraction < 1.0:
            return
        last.update(at=now, fraction=fraction)
        Job.objects.filter(pk=job.pk).update(
            progress=fraction, phase=phase[:40], step=step, heartbeat=timezone.now()
        )

    return report


def _function(kind: str) -> Callable[[Job, Report], tuple[dict[str, Any], str]]:
    module, _, name = KINDS[kind].partition(":")
    function: Callable[[Job, Report], tuple[dict[str, Any], str]] = getattr(
        importlib.import_module(module), name
    )
    return function


def run(job: Job) -> Job:
    """Run a claimed job to its end and store what came out (or its error)."""
    report = reporter(job)
    try:
        with translation.override(job.language):
            result, html = _function(job.kind)(job, report)
    except TextError as exc:  # a JobError, or trygg's own error: the user's problem, in words for them
        _finish(job, JobState.FAILED, error=str(exc), error_texts=in_site_languages(exc))
    except Exception as exc:  # a job must end as failed, whatever went wrong, not stay "running"
        log.exception("job %s (%s) failed", job.pk, job.kind)
        prefix = f"{type(exc).__name__}: "
        _finish(job, JobState.FAILED, error=prefix + str(exc), error_texts=in_site_languages(exc, prefix=prefix))
    else:
        _finish(job, JobState.DONE, result=result, result_html=html, progress=1.0, phase="done")
    job.refresh_from_db()
    return job


def _finish(job: Job, state: str, **fields: Any) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=state, finished=now, heartbeat=now, **fields)


def fail_stale(now: Any = None) -> int:
    """Fail the running jobs whose worker stopped (no progress for :data:`STALE_AFTER`)."""
    limit = (now or timezone.now()) - STALE_AFTER
    return Job.objects.filter(state=JobState.RUNNING, heartbeat__lt=limit).update(
        state=JobState.FAILED, finished=timezone.now(), error=INTERRUPTED
    )


def work_once() -> int:
    """Run every waiting job, oldest first; how many ran."""
    done = 0
    while (job := claim()) is not None:
        run(job)
        done += 1
    return done
