"""The group-weight form of the coverage and access pages: ``?weight_group=elderly_80&weight_factor=2``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext

from trygg.analysis.demand_grid import MAX_FACTOR, GroupWeight
from trygg.analysis.errors import AnalysisError
from trygg.formats.tabular import parse_number
from trygg.population.demand import PopulationDemand

DEFAULT_FACTOR = 2.0


class WeightError(ValueError):
    """A bad weight in the query; the message names the field."""


def weight_from_query(query: Mapping[str, str], source: PopulationDemand) -> GroupWeight | None:
    """The weight asked for, None when no group is chosen.

    Raises
    ------
    WeightError
        Naming ``weight_group`` or ``weight_factor`` and what is wrong with it.
    """
    group = (query.get("weight_group") or "").strip()
    if not group:
        return None
    if group not in source.groups:
        raise WeightError(gettext("Weight, field weight_group: the population has no group %(group)s.")
                          % {"group": group})
    text = (query.get("weight_factor") or "").strip() or str(DEFAULT_FACTOR)
    try:
        return GroupWeight(group, parse_number(text))
    except (ValueError, AnalysisError):
        raise WeightError(gettext("Weight, field weight_factor: %(value)s is not a number from 1 to %(max)s.")
                          % {"value": text, "max": f"{MAX_FACTOR:g}"}) from None
