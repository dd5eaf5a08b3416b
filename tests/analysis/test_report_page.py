"""The report's HTML page: figures, escaping, the modelled-demand notice, sources."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.analysis.test_report_recommendation import (
    DETOUR,
    RADIUS_M,
    SCRIPT_NAME,
    county_analysis,
    county_candidates,
    county_demand,
)
from trygg.analysis.report import analyse_needs, jamtland_access
from trygg.formats.needs_report import render_html, write_report
from trygg.formats.services import read_service_points

IMAGES = {"map": "map.png", "municipalities": "municipalities.png", "distance": "distance.png"}


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(county_analysis(), IMAGES)


def test_it_shows_covered_and_uncovered_population_and_the_images(page: str) -> None:
    assert "Covered by the 1 existing point<" in page
    assert ">1,000<" in page and ">590<" in page and ">1,590<" in page  # covered, uncovered, total
    assert "Covered with 2 recommended new points" in page and ">1,540<" in page
    for name in IMAGES.values():
        assert f'src="{name}"' in page


def test_it_escapes_a_name_that_contains_a_script_tag(page: str) -> None:
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hall" in page
    assert SCRIPT_NAME not in page


def test_it_reports_the_model_objective_and_the_proven_gap(page: str) -> None:
    assert "Maximal covering model (MCLP)" in page
    assert "0 (proven optimal)" in page
    assert "1,540.0" in page  # the objective: weighted people covered, existing + new
    assert "Eligible premises:</strong> all candidate premises" in page


def test_registered_demand_carries_no_modelled_notice(page: str) -> None:
    assert "Modelled demand" not in page


def test_modelled_demand_is_stated_with_the_models_note_and_its_sources() -> None:
    analysis = county_analysis()
    analysis.demand = replace(analysis.demand, modelled=True, note="Made up from <tätorter>.")
    page = render_html(analysis, IMAGES)
    assert "Modelled demand, not registered residents." in page
    assert "Made up from &lt;tätorter&gt;." in page
    assert "SCB, Tätorter 2020" in page and "CC0" in page
    assert "GeoNames" in page and "CC BY 4.0" in page


def test_store_and_fuel_access_is_shown_with_the_citation_of_the_web_sourced_list() -> None:
    analysis = county_analysis()
    analysis.access = jamtland_access(analysis.demand, 1.3, read_service_points())
    page = render_html(analysis, {**IMAGES, "access": "access.png"})
    assert "Store and fuel access" in page and 'src="access.png"' in page
    assert "transcribed by hand from public web pages" in page and "source_url" in page


def test_a_source_url_becomes_a_link_and_anything_else_stays_text() -> None:
    analysis = county_analysis()
    analysis.site_sources = {"c2": "https://example.org/?a=1&b=2", "p1": "javascript:alert(1)"}
    page = render_html(analysis, IMAGES)
    assert '<a href="https://example.org/?a=1&amp;b=2">source</a>' in page
    assert 'href="javascript' not in page


def test_write_report_writes_the_page_next_to_its_images(tmp_path: Path) -> None:
    files = write_report(county_analysis(), tmp_path / "out", None, dpi=40)
    html = files.html.read_text(encoding="utf-8")
    assert files.html == tmp_path / "out" / "index.html"
    assert {p.name for p in files.images.values()} == {"map.png", "municipalities.png", "distance.png"}
    for image in files.images.values():
        assert image.parent == files.html.parent and f'src="{image.name}"' in html
    assert "<link" not in html and "<script" not in html and 'src="http' not in html  # nothing fetched


def test_a_report_without_existing_points_shows_everyone_uncovered(tmp_path: Path) -> None:
    analysis = analyse_needs(county_demand(), None, county_candidates(), RADIUS_M, 2, DETOUR)
    files = write_report(analysis, tmp_path, None, dpi=40)
    html = files.html.read_text(encoding="utf-8")
    assert analysis.covered == 0 and analysis.uncovered == analysis.total == 1590
    assert "Covered by the 0 existing points" in html and "There are no existing points" in html
    assert len(analysis.recommendation.new_points) == 2 and "distance" in files.images
