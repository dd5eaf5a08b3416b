"""The coverage page's computation as a background job (trygg.jobs): same figures, progress, errors, scope."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.analysis.test_road_network_lake import write_lake
from trygg.jobs.models import Job, JobState
from trygg.jobs.runner import claim, run, work_once

pytestmark = pytest.mark.django_db

ROAD_MINUTES = {"metric": "road_minutes", "limit_min": "20"}


@pytest.fixture
def lake_roads(settings, tmp_path: Path) -> None:
    settings.TRYGG_ROAD_PBF = str(write_lake(tmp_path / "sjon.osm.pbf"))
    settings.TRYGG_ROAD_CACHE_DIR = str(tmp_path / "road-cache")


def _outcome(html: str) -> str:
    return re.search(r'<div class="coverage-outcome">.*?<!-- /coverage-outcome -->', html, re.S).group(0)


def test_the_job_shows_the_same_coverage_as_the_page(krokom, lake_roads) -> None:
    sync = krokom.get("/m/2309/coverage/", ROAD_MINUTES)
    assert sync.status_code == 200
    started = krokom.post("/m/2309/coverage/", ROAD_MINUTES)
    job = Job.objects.get()
    assert started["Location"] == f"/jobs/{job.pk}/" and job.kind == "coverage"
    assert job.created_by.username == "krokom" and job.params == ROAD_MINUTES
    assert work_once() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["metric"] == "road_minutes"
    assert job.result["covered"] == round(sync.context["coverage"].covered, 1)
    page = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert _outcome(page) == _outcome(sync.content.decode())
    assert "vägminuter" in page


def test_the_coverage_job_reports_its_phases(krokom, lake_roads) -> None:
    from trygg.population.coverage_job import run_coverage_job

    krokom.post("/m/2309/coverage/", ROAD_MINUTES)
    seen: list[tuple[float, str]] = []
    run_coverage_job(claim(), lambda f, phase, step: seen.append((f, phase)))
    assert [phase for _, phase in seen] == ["prepare", "roads", "coverage", "suggestions", "done"]
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_a_road_measure_without_a_network_fails_the_job_with_its_reason(krokom, settings) -> None:
    settings.TRYGG_ROAD_PBF = ""
    krokom.post("/m/2309/coverage/", {"metric": "road_km"})
    job = run(claim())
    assert job.state == JobState.FAILED and "no road network reaches Krokom" in job.error  # the English, for logs
    page = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-error"' in page and "inget vägnät når Krokom" in page  # the reader's language: Swedish
    krokom.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-error"' in page and "no road network reaches Krokom" in page


def test_bad_parameters_start_no_coverage_job(krokom) -> None:
    response = krokom.post("/m/2309/coverage/", {"limit_min": "fem"})
    assert response.status_code == 400 and "limit_min:" in response.content.decode()
    assert not Job.objects.exists()


def test_another_municipality_cannot_see_or_start_it(krokom, are) -> None:
    krokom.post("/m/2309/coverage/", {})
    job = Job.objects.get()
    assert are.get(f"/jobs/{job.pk}/").status_code == 404
    assert are.post("/m/2309/coverage/", {}).status_code == 404 and Job.objects.count() == 1
