"""The field report's one field definition, for templates that are not the field page (the binder's paper form)."""

from __future__ import annotations

from django import template

from trygg.operations.fieldform import FIELDS, FieldSpec

register = template.Library()


@register.simple_tag
def field_report_fields() -> tuple[FieldSpec, ...]:
    """``{% field_report_fields as fields %}``: the fields of the field app's report, in its order."""
    return FIELDS
