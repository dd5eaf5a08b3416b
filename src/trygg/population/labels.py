"""The one naming of the population behind a figure, for every page and command that shows one."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from trygg.analysis.demand import Demand
from trygg.analysis.demand_national import SOURCE as TATORT_ONLY
from trygg.population.models import GridDataset


def demand_source_label(dataset: GridDataset | None, demand: Demand | None = None) -> str:
    """"SCB befolkningsrutnät 2023, 1 km (importerad av X, 2026-12-07)", or the modelled demand's label."""
    if dataset is None and demand is not None and demand.source == TATORT_ONLY:
        return gettext("Modelled population: only the residents of the localities (SCB 2020) — the countryside "
                       "is missing; import SCB's population grid")
    if dataset is None:
        return gettext("Modelled population: localities (SCB 2020) + countryside spread by area — "
                       "not the real distribution")
    return gettext("SCB population grid %(year)s, %(size)s (imported by %(user)s, %(date)s)") % {
        "year": dataset.reference_year, "size": dataset.get_cell_size_m_display(),
        "user": dataset.imported_by_name, "date": timezone.localdate(dataset.imported_at).isoformat()}
