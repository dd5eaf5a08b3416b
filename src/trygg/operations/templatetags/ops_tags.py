from django import template

from trygg.operations.prose import entry_sentence
from trygg.registry.choices import label
from trygg.rules.catalogue import STAFF_ROLES

register = template.Library()

register.filter("entry_sentence", entry_sentence)


@register.filter
def staff_role(code: str) -> str:
    """A staffing role's name in the active language (its code only if it is not in the catalogue)."""
    role = STAFF_ROLES.get(code)
    return str(label(role.label)) if role else code
