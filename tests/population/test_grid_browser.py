"""In Chromium: Åre's coordinator uploads SCB's grid, then the coverage page counts its squares and weighs the 80+."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browserkit import log_in, screenshot
from tests.population.gridfiles import ARE_SQUARES, write_gpkg

pytestmark = pytest.mark.browser


def figures(text: str) -> list[int]:
    return [int(n.replace("\u00a0", "").replace(" ", "")) for n in re.findall(r"\d[\d\u00a0 ]*\d|\d", text)]


def test_the_are_coordinator_uploads_a_grid_and_the_coverage_page_uses_and_weighs_it(
        demo_server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_in(page, demo_server, "are")
    page.wait_for_url(f"{demo_server}/m/2321/")
    page.goto(f"{demo_server}/m/2321/coverage/")
    assert "Modellerad befolkning" in page.locator("#demand-source").inner_text()

    page.goto(f"{demo_server}/m/2321/population/")
    page.set_input_files("#id_file", str(write_gpkg(tmp_path / "befolkning_1km_2023.gpkg", ARE_SQUARES)))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url(f"{demo_server}/m/2321/population/")
    assert "3 rutor med 485 invånare sparade" in page.locator(".messages").inner_text()

    page.goto(f"{demo_server}/m/2321/coverage/")
    assert "SCB befolkningsrutnät 2023, 1 km (importerad av Anders Åresson" in page.locator("#demand-source").inner_text()
    assert figures(page.locator("p.lead").first.inner_text())[:2] == [395, 485]
    page.select_option("#weight_group", "elderly_80")
    page.fill("#weight_factor", "2")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(re.compile(r"weight_group=elderly_80"))
    weighted = page.locator("#weighted").inner_text()
    assert "äldre 80+ ×2" in weighted and figures(weighted)[-2:] == [420, 570]
    page.locator(".leaflet-interactive").first.wait_for()
    shot = screenshot(page, "coordinator-coverage-grid")
    assert shot.stat().st_size > 30_000
