"""``{{ score|score_band }}``: the band (good, fair, poor) a readiness score falls in, from the rules."""

from __future__ import annotations

from django import template

from trygg.rules.readiness import score_band as band_of

register = template.Library()


@register.filter
def score_band(value: int) -> str:
    return band_of(int(value))
