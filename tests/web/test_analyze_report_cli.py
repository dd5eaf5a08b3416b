"""``trygg analyze report --from-db``: the needs-analysis report on the demo registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trygg.cli import main


def run_report(out: Path, *args: str) -> Any:
    return CliRunner().invoke(
        main, ["analyze", "report", "--from-db", "-o", str(out), *args], catch_exceptions=False
    )


@pytest.fixture(scope="module")
def demo_report(django_db_setup: None, django_db_blocker: Any,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, dict[str, Any]]:
    """The county report on the demo, run once: the command only reads the database."""
    out = tmp_path_factory.mktemp("report")
    with django_db_blocker.unblock():
        result = run_report(out, "--new-points", "3")
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    return result.output, html, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_the_report_names_the_demo_points(demo_report: tuple[str, str, dict[str, Any]]) -> None:
    _, html, figures = demo_report
    names = {p["name"] for p in figures["existing_points"]}
    assert {"Trygghetspunkt Östersunds bibliotek", "SOT-punkt Valsjöbyn", "Trygghetspunkt Svegs bibliotek"} <= names
    assert "Trygghetspunkt Lit" not in names  # a candidate point, not an existing one
    for name in names:
        assert name in html


def test_covered_and_uncovered_add_up_to_the_modelled_county_total(
    demo_report: tuple[str, str, dict[str, Any]],
) -> None:
    output, html, figures = demo_report
    assert figures["population"] == pytest.approx(131_155)
    assert figures["covered"] + figures["uncovered"] == pytest.approx(figures["population"])
    assert 0 < figures["covered"] < figures["population"]
    for row in figures["by_municipality"]:
        assert row["covered"] + row["uncovered"] == pytest.approx(row["population"])
    assert f"{figures['covered']:,.0f}" in html and f"{figures['uncovered']:,.0f}" in html
    assert f"uncovered {figures['uncovered']:,.0f}" in output


def test_it_recommends_registry_premises_that_host_no_point(
    demo_report: tuple[str, str, dict[str, Any]], db: None,
) -> None:
    from trygg.registry.models import Point, Site

    _, html, figures = demo_report
    recommendation = figures["recommendation"]
    assert 1 <= len(recommendation["new_points"]) <= 3
    assert recommendation["gap"] == 0
    assert figures["covered_with_new"] > figures["covered"]
    for new in recommendation["new_points"]:
        site = Site.objects.get(pk=int(new["id"].removeprefix("s")))
        assert site.name == new["name"] and new["adds_population"] > 0
        assert not Point.objects.filter(sites=site, state__in=("planned", "decided", "ready")).exists()
        assert new["name"] in html


def test_it_says_the_demand_is_modelled_and_which_eligibility_rule_was_used(
    demo_report: tuple[str, str, dict[str, Any]],
) -> None:
    output, html, _ = demo_report
    assert output.startswith("NOTE: modelled demand")
    assert "Modelled demand, not registered residents." in html
    assert "Eligible premises:</strong> all candidate premises" in html


def test_it_writes_the_map_and_charts_next_to_the_page(
    demo_report: tuple[str, str, dict[str, Any]],
) -> None:
    output, html, _ = demo_report
    folder = Path(output.rsplit("Wrote ", 1)[1].split(" (")[0]).parent
    for name in ("map.png", "municipalities.png", "distance.png", "access.png"):
        assert (folder / name).stat().st_size > 10_000 and f'src="{name}"' in html


def test_eligible_only_in_one_kommun_recommends_nothing_when_no_premises_have_backup_power(
    db: None, tmp_path: Path,
) -> None:
    result = run_report(tmp_path, "--municipality", "2309", "--eligible-only", "--no-access")
    assert result.exit_code == 0, result.output
    assert "none of the 17 candidate premises meets the eligibility rule" in result.output
    figures = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {p["municipality"] for p in figures["by_municipality"]} == {"2309"}
    assert figures["points"] == 4 and figures["recommendation"]["new_points"] == []


def test_it_refuses_both_the_database_and_files(tmp_path: Path) -> None:
    points = tmp_path / "points.csv"
    points.write_text("id,name,lon,lat\n1,A,14.6,63.2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "report", "--from-db", "--points", str(points)])
    assert result.exit_code == 2 and "give either --from-db, or --points FILE" in result.output
