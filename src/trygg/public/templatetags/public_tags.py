"""Template filters for the public pages and posters."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


@register.filter
def isolate(value: object) -> SafeString:
    """Staff text wrapped in Unicode direction isolates, escaped.

    A Swedish name inside an Arabic or Persian line keeps its own direction
    (its brackets and punctuation are not mirrored into the wrong place).
    For PDFs: WeasyPrint lays text out with Pango, which honours the
    isolates but not CSS ``unicode-bidi``; web pages use ``<bdi>``.
    """
    if value is None or value == "":
        return mark_safe("")  # noqa: S308 - empty
    text = value if isinstance(value, str) else str(value)  # SafeString stays safe
    return mark_safe(FIRST_STRONG_ISOLATE + conditional_escape(text) + POP_DIRECTIONAL_ISOLATE)  # noqa: S308 - escaped
