"""The point page's backup power section speaks the user's language, not the model's codes."""

import pytest
from django.utils import translation

from trygg.analysis.power import FlagCode
from trygg.registry.models import Point
from trygg.registry.power import power_check
from trygg.registry.power_text import FLAG_TEXT, GENERATOR_KIND_LABELS, LOAD_CLASS_LABELS, flag_text


def flagged_points():
    checks = {point: power_check(point).to_dict() for point in Point.objects.all()}
    return {point: check for point, check in checks.items() if check["flags"]}


def test_every_finding_the_power_model_can_make_has_a_sentence():
    assert {code.value for code in FlagCode} == set(FLAG_TEXT)


@pytest.mark.django_db
def test_the_english_sentences_say_what_the_model_says():
    found = flagged_points()
    assert len({flag["code"] for check in found.values() for flag in check["flags"]}) >= 3
    with translation.override("en"):
        for check in found.values():
            for flag in check["flags"]:
                assert flag_text(flag) == flag["message"]


def test_the_swedish_page_shows_swedish_findings_and_labels(county):
    found = flagged_points()
    point, check = next((p, c) for p, c in found.items() if any(f["values"] for f in c["flags"]))

    body = county.get(f"/points/{point.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    with translation.override("sv"):
        for flag in check["flags"]:
            assert f'data-code="power:{flag["code"]}">{flag_text(flag)}</li>' in body
            assert flag["message"] not in body
        assert str(GENERATOR_KIND_LABELS[check["generator_kind"]]) in body
        for load_class in check["by_class_kw"]:
            assert f"{LOAD_CLASS_LABELS[load_class]} " in body
    for raw in ("connection_point", ">fixed", "it_comms", "water_pumps"):
        assert raw not in body
