"""A failed computation's page says its error in the reader's language (trygg.jobs).

The error is kept in English (``Job.error``, for logs) and in every language of the site
(``Job.error_texts``); a job failed before the texts were kept shows its stored error as it is.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from trygg.analysis.power import PowerInputError
from trygg.jobs import runner
from trygg.jobs.models import Job, JobState
from trygg.jobs.runner import JobError, claim, run, submit
from trygg.registry.models import Organisation
from trygg.text import N_

pytestmark = pytest.mark.django_db

KIND = "test_failing"


def fail_with_a_text(job: Job, report: Any) -> tuple[dict[str, Any], str]:
    """A kind whose problem is an ``N_`` text (one the catalogue translates)."""
    raise JobError(N_("The folder {folder} does not exist: create it first.", folder="/srv/plan"))


def fail_with_a_trygg_error(job: Job, report: Any) -> tuple[dict[str, Any], str]:
    """A kind that lets trygg's own translatable error through, the way the fuel plan job does."""
    raise PowerInputError(N_("must be a number above zero"), field="generator.rated_kw", value=-1)


def fail_unexpectedly(job: Job, report: Any) -> tuple[dict[str, Any], str]:
    raise KeyError("tank")


@pytest.fixture
def failed(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run a job of a kind that fails with ``function``; the failed job."""

    def make(function: str) -> Job:
        monkeypatch.setitem(runner.KINDS, KIND, f"{__name__}:{function}")
        user = get_user_model().objects.get(username="krokom")
        job = submit(KIND, user, Organisation.objects.get(scb_code="2309"), {}, "sv", title="Test")
        done = run(claim(job.pk))
        assert done.state == JobState.FAILED
        return done

    return make


def _error_on_page(client: Any, job: Job, language: str) -> str:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-error"' in page
    return page.split('id="job-error"')[1].split("</div>")[0]


def test_a_jobs_text_error_is_shown_in_swedish_and_in_english(krokom, failed):
    job = failed("fail_with_a_text")
    assert job.error == "The folder /srv/plan does not exist: create it first."  # English, for logs
    swedish = _error_on_page(krokom, job, "sv")
    assert "Beräkningen misslyckades: Mappen /srv/plan finns inte: skapa den först." in swedish and "does not exist" not in swedish
    english = _error_on_page(krokom, job, "en")
    assert "The computation failed: The folder /srv/plan does not exist: create it first." in english


def test_a_trygg_error_from_a_job_keeps_its_translation(krokom, failed):
    job = failed("fail_with_a_trygg_error")
    assert job.error == "generator.rated_kw = -1: must be a number above zero"
    assert job.error_texts["sv"] == "generator.rated_kw = -1: ska vara ett tal över noll"
    assert "generator.rated_kw = -1: ska vara ett tal över noll" in _error_on_page(krokom, job, "sv")
    assert "generator.rated_kw = -1: must be a number above zero" in _error_on_page(krokom, job, "en")


def test_an_unexpected_error_names_its_type_in_every_language(krokom, failed):
    job = failed("fail_unexpectedly")
    assert job.error == "KeyError: 'tank'" and job.error_texts == {"sv": "KeyError: 'tank'", "en": "KeyError: 'tank'"}
    assert "KeyError: &#x27;tank&#x27;" in _error_on_page(krokom, job, "sv")


def test_a_job_failed_before_the_texts_were_kept_shows_its_stored_error(krokom, failed):
    job = failed("fail_with_a_text")
    Job.objects.filter(pk=job.pk).update(error="Avbrottets längd (timmar): för kort", error_texts={})
    assert "Avbrottets längd (timmar): för kort" in _error_on_page(krokom, job, "sv")
    assert "Avbrottets längd (timmar): för kort" in _error_on_page(krokom, job, "en")
