"""The report's PNGs: real images, not blank, with what each should show drawn in it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib import colors
from matplotlib.image import imread

from tests.analysis.test_report_recommendation import county_analysis
from trygg.analysis.report import jamtland_access
from trygg.data import data_path
from trygg.formats.demand import read_municipality_boundaries
from trygg.formats.needs_report import ReportFiles, write_report
from trygg.formats.needs_report.figures import NEW, UNCOVERED
from trygg.formats.services import read_service_points

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    analysis = county_analysis()
    analysis.access = jamtland_access(analysis.demand, 1.3, read_service_points())
    boundaries = read_municipality_boundaries(data_path("jamtland_kommuner.geojson"))
    return write_report(analysis, tmp_path_factory.mktemp("report"), boundaries, dpi=50)


def pixels_near(image: np.ndarray, colour: str, tolerance: float = 0.06) -> int:
    target = np.array(colors.to_rgb(colour))
    return int((np.abs(image[..., :3] - target).max(axis=-1) < tolerance).sum())


def test_it_writes_a_map_and_three_charts(report: ReportFiles) -> None:
    assert set(report.images) == {"map", "municipalities", "distance", "access"}


def test_every_image_is_a_real_png_with_varied_pixels(report: ReportFiles) -> None:
    for path in report.images.values():
        assert path.read_bytes()[:8] == PNG_SIGNATURE, path
        image = imread(path)
        assert image.shape[0] > 100 and image.shape[1] > 100
        rgb = (image[..., :3] * 255).astype(np.uint32)
        distinct = np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2])
        assert len(distinct) > 20, f"{path.name} looks blank"
        assert (image[..., :3] < 0.5).mean() > 0.001, f"{path.name} has no dark ink"


def test_the_map_shows_the_recommended_points_and_the_uncovered_people(report: ReportFiles) -> None:
    image = imread(report.images["map"])
    assert pixels_near(image, NEW) > 30  # the stars
    assert pixels_near(image, UNCOVERED, 0.15) > 5  # Farby stays uncovered (drawn translucent)


def test_a_name_with_dollar_signs_does_not_turn_into_mathtext(tmp_path: Path) -> None:
    # "Farby shop $_$" is among the labels when four points are asked for; mathtext would fail.
    files = write_report(county_analysis(new_points=4), tmp_path, None, dpi=40)
    assert files.images["map"].stat().st_size > 1000
