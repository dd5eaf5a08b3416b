"""``{{ value|tr }}``: a rule text (:class:`trygg.text.Text`) in the request's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from trygg.text import Joined, Text

register = template.Library()


@register.filter
def tr(value: Any) -> Any:
    """Render a deferred text with Django's catalogue; anything else passes through unchanged."""
    if isinstance(value, Text | Joined):
        return value.render(translation)
    return value
