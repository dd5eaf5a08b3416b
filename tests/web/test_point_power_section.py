"""The point page's backup power section speaks the user's language, not the model's codes."""

import pytest
from django.utils import translation

from trygg.registry.models import Point
from trygg.registry.power import power_check
from trygg.registry.power_text import GENERATOR_KIND_LABELS, LOAD_CLASS_LABELS


def flagged_points():
    checks = {point: power_check(point) for point in Point.objects.all()}
    return {point: check for point, check in checks.items() if check.flags}


@pytest.mark.django_db
def test_the_page_renders_the_models_own_sentence():
    found = flagged_points()
    assert len({flag.code for check in found.values() for flag in check.flags}) >= 3
    for check in found.values():
        for flag in check.flags:
            with translation.override("en"):
                assert flag.text.render(translation) == flag.message
            with translation.override("sv"):
                assert flag.text.render(translation) == flag.text.in_language("sv") != flag.message


def test_the_swedish_page_shows_swedish_findings_and_labels(county):
    found = flagged_points()
    point, power = next((p, c) for p, c in found.items() if any(f.values for f in c.flags))
    check = power.to_dict()

    body = county.get(f"/points/{point.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    with translation.override("sv"):
        for flag in power.flags:
            assert f'data-code="power:{flag.code.value}">{flag.text.in_language("sv")}</li>' in body
            assert flag.message not in body
        assert str(GENERATOR_KIND_LABELS[check["generator_kind"]]) in body
        for load_class in check["by_class_kw"]:
            assert f"{LOAD_CLASS_LABELS[load_class]} " in body
    for raw in ("connection_point", ">fixed", "it_comms", "water_pumps"):
        assert raw not in body
