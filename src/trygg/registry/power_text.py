"""The power model's codes and findings worded for the web pages, in the user's language.

``trygg.analysis.power`` speaks English codes and sentences (CLI, JSON); the
point page shows the same findings through gettext, built from each flag's
figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.analysis.power import FlagCode, GeneratorKind
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


def _n(value: float, decimals: int = 0) -> str:
    return number_format(round(value, decimals), decimals)


def _no_backup(v: Mapping[str, float]) -> str:
    return _("No backup power: the point is dark when the mains fail.")


def _no_mobile_agreement(v: Mapping[str, float]) -> str:
    return _("A connection point without an agreement for a mobile generator: "
             "the point is dark until a set is found.")


def _load_exceeds_generator(v: Mapping[str, float]) -> str:
    return _("Peak load %(peak)s kW exceeds the generator's %(rated)s kW.") % {
        "peak": _n(v["peak_kw"], 1), "rated": _n(v["rated_kw"], 1)}


def _below_margin(v: Mapping[str, float]) -> str:
    return _("Peak load %(peak)s kW leaves less than the %(margin)s× margin (%(required)s kW) "
             "on %(rated)s kW.") % {
        "peak": _n(v["peak_kw"], 1), "margin": _n(v["margin"], 2).rstrip("0").rstrip(",."),
        "required": _n(v["required_kw"], 1), "rated": _n(v["rated_kw"], 1)}


def _portable_long_outage(v: Mapping[str, float]) -> str:
    return _("A portable set relied on for %(planned)s h (more than %(limit)s h): only 3 of 8 "
             "portable sets passed a 150-hour test (Energimyndigheten 2015).") % {
        "planned": _n(v["planned_h"]), "limit": _n(v["portable_max_h"])}


def _heat_lost(v: Mapping[str, float]) -> str:
    return _("District heating without backup stops with the power and the plan lists no "
             "electric heaters: the point cannot hold +18 °C.")


def _endurance_short(v: Mapping[str, float]) -> str:
    return _("The tank lasts %(endurance)s h, less than the planned %(planned)s h: about "
             "%(extra)s l more, by refuelling or a larger tank.") % {
        "endurance": _n(v["endurance_h"]), "planned": _n(v["planned_h"]), "extra": _n(v["extra_l"])}


def _low_load(v: Mapping[str, float]) -> str:
    return _("The set runs at %(share)s%% load on average: below ¼ load diesels burn more per "
             "kWh and soot up; a smaller set or a load bank suits better.") % {
        "share": _n(100 * v["load_share"])}


FLAG_TEXT: dict[str, Callable[[Mapping[str, float]], str]] = {
    FlagCode.NO_BACKUP.value: _no_backup,
    FlagCode.NO_MOBILE_AGREEMENT.value: _no_mobile_agreement,
    FlagCode.LOAD_EXCEEDS_GENERATOR.value: _load_exceeds_generator,
    FlagCode.BELOW_MARGIN.value: _below_margin,
    FlagCode.PORTABLE_LONG_OUTAGE.value: _portable_long_outage,
    FlagCode.HEAT_LOST.value: _heat_lost,
    FlagCode.ENDURANCE_SHORT.value: _endurance_short,
    FlagCode.LOW_LOAD.value: _low_load,
}


def flag_text(flag: Mapping[str, object]) -> str:
    """The sentence for one flag of ``PowerCheck.to_dict()``, in the active language."""
    values = flag.get("values") or {}
    assert isinstance(values, Mapping)
    return FLAG_TEXT[str(flag["code"])](values)
