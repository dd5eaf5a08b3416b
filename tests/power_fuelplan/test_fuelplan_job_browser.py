"""In Chromium against `trygg serve`: the longest Krokom plan runs in the background in the app's own
thread (TRYGG_JOBS_IN_PROCESS, the default: no worker to start), its page refreshes itself until the
result is there, and the result is still there after leaving the page."""

import re

import pytest

from tests.browserkit import log_in

pytestmark = pytest.mark.browser


def test_a_long_plan_runs_in_the_background_and_its_result_is_kept(demo_server, page):
    log_in(page, demo_server, "krokom")
    page.wait_for_url(f"{demo_server}/m/2309/")
    page.goto(f"{demo_server}/m/2309/fuel-plan/?duration_h=2160")
    assert page.locator("#long-work").count() == 1 and page.locator("table.fuelplan").count() == 0
    page.get_by_role("button", name="Kör i bakgrunden").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    job_url = page.url
    assert "Startad av krokom" in page.content()
    # the page reloads itself (meta refresh) until the stored result replaces the progress bar
    page.locator("#job-result table.fuelplan").wait_for(timeout=180_000)
    assert page.locator("#job-result figure.chart svg").count() == 2
    assert page.locator("#job-result p.lead").inner_text()
    # leave, come back: listed on the plan page with who started it, and the result is kept
    page.goto(f"{demo_server}/m/2309/")
    page.goto(f"{demo_server}/m/2309/fuel-plan/")
    page.locator(f'#background a[href="{job_url.removeprefix(demo_server)}"]').click()
    page.wait_for_url(job_url)
    assert page.locator("#job-result table.fuelplan tbody tr").count() > 0
    assert page.locator("progress").count() == 0
