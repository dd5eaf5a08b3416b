"""The printable generator-and-fuel sheet: self-contained HTML that renders to one PDF page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from trygg.analysis.power import (
    GeneratorKind,
    GeneratorSpec,
    Load,
    PointPowerSpec,
    check_point,
)
from trygg.analysis.power.sheet import generator_sheet_html
from trygg.rules.catalogue import LoadClass

START = datetime(2026, 1, 12, 6, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def check():  # type: ignore[no-untyped-def]
    spec = PointPowerSpec(
        "kall", "SOT-punkt Kall <lanthandeln>", 2,
        loads=(Load("Varmluft", LoadClass.HEATING, power_kw=50.0, simultaneity=0.7),
               Load("Kyl", LoadClass.OTHER, power_kw=6.0)),
        generator=GeneratorSpec(GeneratorKind.FIXED, rated_kva=70.0, tank_l=600.0),
        priority_rank=2,
    )
    return check_point(spec, start=START)


def test_the_sheet_holds_the_figures_of_the_check(check) -> None:  # type: ignore[no-untyped-def]
    html = generator_sheet_html(check)
    assert "56.0 kW (70 kVA)" in html
    assert f"{check.budget.peak_kw:.1f} kW" in html
    assert f"{check.endurance_h:.1f} h" in html
    assert "Prioritet 2" in html
    assert "&lt;lanthandeln&gt;" in html  # names are escaped
    assert "<svg" in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_the_sheet_speaks_english_on_request(check) -> None:  # type: ignore[no-untyped-def]
    assert "Backup power and fuel" in generator_sheet_html(check, language="en")


def test_the_sheet_renders_to_a_one_page_pdf(check) -> None:  # type: ignore[no-untyped-def]
    import weasyprint  # a declared dependency: the test must fail, not skip, without it
    document = weasyprint.HTML(string=generator_sheet_html(check)).render()
    assert len(document.pages) == 1
    assert document.write_pdf()[:5] == b"%PDF-"


def test_the_swedish_sheet_words_labels_and_findings_from_the_catalogue(check) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace
    from html import escape

    sv, en = generator_sheet_html(check), generator_sheet_html(check, language="en")
    assert "Reservkraft och bränsle" in sv and "fast reservkraftverk" in sv and "Värme" in sv
    assert "Backup power and fuel" in en and ">fixed<" in en and ">heating<" in en
    assert generator_sheet_html(check, language="ar") == sv  # no sheet in Arabic: the Swedish one
    small = check_point(replace(check.spec, generator=GeneratorSpec(GeneratorKind.PORTABLE, rated_kva=10.0, tank_l=50.0)),
                        start=START)
    assert len(small.flags) >= 2
    sv, en = generator_sheet_html(small), generator_sheet_html(small, language="en")
    assert "Toppeffekten" in sv and "portabelt verk" in sv
    for flag in small.flags:
        assert escape(flag.text.in_language("sv")) in sv and escape(flag.message) in en
