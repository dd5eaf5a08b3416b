"""The fuel plan as a background job (trygg.jobs): started on the page, progress, result, error, scope."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from trygg.analysis.power import ScenarioRun
from trygg.analysis.power.registry_case import FuelPlanAssumptions, registry_scenario
from trygg.cli import main
from trygg.jobs.models import Job, JobState
from trygg.jobs.runner import claim, run, submit, work_once
from trygg.registry.fuelplan import _points_of, default_start, plan_points, station_records
from trygg.registry.fuelplan_job import run_fuelplan_job
from trygg.registry.models import Organisation

SCARCE = {"duration_h": "240", "delivery_interval_h": "0", "station_stock_l": "1200"}


def _outcome(html: str) -> str:
    """The plan's result as the page shows it, without the two drawn charts (their ids differ per drawing)."""
    block = re.search(r'<div class="fuelplan-outcome">.*?<!-- /fuelplan-outcome -->', html, re.S).group(0)
    return re.sub(r"<svg.*?</svg>", "<svg/>", block, flags=re.S)


def _start(client, code="2309", **params):
    return client.post(f"/m/{code}/fuel-plan/", params)


def test_a_job_runs_to_completion_and_shows_the_same_figures_as_the_page(krokom):
    sync = krokom.get("/m/2309/fuel-plan/", SCARCE)
    assert sync.status_code == 200
    started = _start(krokom, **SCARCE)
    assert started.status_code == 302
    job = Job.objects.get()
    assert started["Location"] == f"/jobs/{job.pk}/"
    assert job.state == JobState.QUEUED and job.created_by.username == "krokom"
    assert job.organisation.scb_code == "2309" and job.params["assumptions"]["duration_h"] == "240"
    waiting = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in waiting and "<progress" in waiting

    assert work_once() == 1  # what `trygg jobs work` and the in-process thread run
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.progress == 1.0 and job.finished is not None
    page = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert _outcome(page) == _outcome(sync.content.decode())
    assert len(re.findall(r"<svg", page)) == 2
    # the figures are kept as data too
    assert job.result["trips"] == sync.context["trips"]
    assert [p["name"] for p in job.result["points"]] == [r["name"] for r in sync.context["rows"]]
    # and listed where it was started, with who started it
    again = krokom.get("/m/2309/fuel-plan/").content.decode()
    assert f'href="/jobs/{job.pk}/"' in again and "krokom" in again


def test_progress_moves_from_zero_to_one_through_the_keep_open_search(db):
    krokom = Organisation.objects.get(scb_code="2309")
    records, by_id, _ = plan_points(_points_of([krokom]))
    assumptions = FuelPlanAssumptions(duration_h=240, delivery_interval_h=0, station_stock_l=1200)
    case = registry_scenario("Krokom", default_start(), records, station_records([krokom], by_id), assumptions)
    seen: list[tuple[float, str, int]] = []
    ScenarioRun(case.scenario, progress=lambda f, phase, step: seen.append((f, phase, step))).solve()
    fractions = [f for f, _, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and len(set(fractions)) > 10
    assert {"simulate", "keep_open", "done"} <= {phase for _, phase, _ in seen}
    assert max(step for _, _, step in seen) >= 1  # the search re-ran the simulation


def test_the_job_reports_progress_into_its_row(krokom):
    _start(krokom, **SCARCE)
    job = claim()
    reports: list[tuple[float, str]] = []
    result, html = run_fuelplan_job(job, lambda f, phase, step: reports.append((f, phase)))
    assert [p for _, p in reports][:2] == ["prepare", "simulate"] and ("charts" in {p for _, p in reports})
    assert [f for f, _ in reports] == sorted(f for f, _ in reports) and reports[-1][0] < 1.0
    assert "fuelplan-outcome" in html and result["points"]


def test_a_failing_job_shows_its_error(krokom):
    user = get_user_model().objects.get(username="krokom")
    krokom_org = Organisation.objects.get(scb_code="2309")
    job = submit("fuelplan", user, krokom_org, {"assumptions": {"duration_h": "0"}, "start": default_start().isoformat()},
                 "sv", title="Bränsleplan: Krokom")
    run(claim(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith("Avbrottets längd (timmar): ")  # the field, in Swedish
    assert job.result_html == "" and job.finished is not None
    page = krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-error"' in page and 'http-equiv="refresh"' not in page
    assert "Avbrottets längd (timmar): " in page


def test_bad_parameters_start_no_job(krokom):
    r = _start(krokom, duration_h="tre")
    assert r.status_code == 400 and 'role="alert"' in r.content.decode()
    assert not Job.objects.exists()


def test_another_municipalitys_coordinator_cannot_see_the_job(krokom, are, county):
    _start(krokom, **SCARCE)
    job = Job.objects.get()
    assert are.get(f"/jobs/{job.pk}/").status_code == 404
    assert f"/jobs/{job.pk}/" not in are.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" not in are.get("/m/2321/fuel-plan/").content.decode()
    assert are.post("/m/2309/fuel-plan/", SCARCE).status_code == 404 and Job.objects.count() == 1
    # the county reads every municipality's plan, so its jobs too
    assert county.get(f"/jobs/{job.pk}/").status_code == 200


def test_the_longest_county_plan_is_not_computed_in_the_request(county):
    page = county.get("/county/fuel-plan/", {"duration_h": "2160"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="long-work"' in html and "fuelplan-outcome" not in html and "<svg" not in html
    started = county.post("/county/fuel-plan/", {"duration_h": "2160"})
    job = Job.objects.get()
    assert started["Location"] == f"/jobs/{job.pk}/" and job.organisation.kind == "county"


def test_trygg_jobs_work_once_runs_the_waiting_job(krokom):
    _start(krokom, **SCARCE)
    result = CliRunner().invoke(main, ["jobs", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert Job.objects.get().state == JobState.DONE


@pytest.mark.parametrize("code", ["2309"])
def test_the_job_page_needs_a_login(client, krokom, code):
    _start(krokom, code=code, **SCARCE)
    assert client.get(f"/jobs/{Job.objects.get().pk}/").status_code == 302


def test_a_job_whose_worker_stopped_is_failed_as_interrupted(krokom):
    import datetime as dt

    from django.utils import timezone

    from trygg.jobs.runner import fail_stale

    _start(krokom, **SCARCE)
    job = claim()  # running, as if a worker had taken it and then stopped
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - dt.timedelta(minutes=11))
    assert fail_stale() == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "avbröts" in krokom.get(f"/jobs/{job.pk}/").content.decode()
    assert claim() is None  # nothing runs it again by itself
    # the job page finds a stopped worker by itself too (the in-process mode runs no `trygg jobs work`)
    _start(krokom, **SCARCE)
    other = claim()
    Job.objects.filter(pk=other.pk).update(heartbeat=timezone.now() - dt.timedelta(minutes=11))
    assert 'id="job-error"' in krokom.get(f"/jobs/{other.pk}/").content.decode()
