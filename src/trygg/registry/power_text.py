"""The power model's codes as labels for the web pages, in the user's language.

The findings themselves are the model's own texts (``Flag.text``, :mod:`trygg.text`),
rendered in the page's language by the view; only the codes of generator kinds and
load classes need words here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from trygg.analysis.power import GeneratorKind
from trygg.rules.catalogue import LoadClass

GENERATOR_KIND_LABELS = {
    GeneratorKind.FIXED.value: gettext_lazy("Fixed backup generator"),
    GeneratorKind.CONNECTION_POINT.value: gettext_lazy("Connection point for a mobile generator"),
    GeneratorKind.PORTABLE.value: gettext_lazy("Portable generator"),
    GeneratorKind.NONE.value: gettext_lazy("No backup power"),
}

LOAD_CLASS_LABELS = {
    LoadClass.HEATING.value: gettext_lazy("heating"),
    LoadClass.KITCHEN.value: gettext_lazy("kitchen"),
    LoadClass.LIGHTING.value: gettext_lazy("lighting"),
    LoadClass.CHARGING.value: gettext_lazy("charging"),
    LoadClass.IT_COMMS.value: gettext_lazy("IT and communications"),
    LoadClass.WATER_PUMPS.value: gettext_lazy("water pumps"),
    LoadClass.OTHER.value: gettext_lazy("other"),
}
