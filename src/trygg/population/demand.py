"""The demand behind the coverage and access pages: a stored SCB grid when there is one, else the model.

A municipality's page uses the municipality's own grid, else the county's grid
(its squares in the municipality), else the modelled demand. A county's pages
use that county's own grid, else that county's modelled demand: the Jämtland
model (tätorter + countryside spread by area) for Jämtland, whose municipal
totals and postal places are bundled; elsewhere the county's SCB tätorter
only, which every page says (:func:`trygg.population.labels.demand_source_label`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy

from trygg.analysis.demand import Demand
from trygg.analysis.demand_grid import grid_demand
from trygg.formats.localities import modelled_jamtland_demand
from trygg.population.labels import demand_source_label
from trygg.population.models import GridDataset
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation

#: The derived groups a page may weigh, with their names.
GROUP_NAMES = {
    "children": gettext_lazy("children 0–14"),
    "elderly_65": gettext_lazy("elderly 65+"),
    "elderly_80": gettext_lazy("elderly 80+"),
}


@dataclass(frozen=True)
class PopulationDemand:
    """Demand points, the grid they come from (None: modelled) and the known group counts per point."""

    demand: Demand
    dataset: GridDataset | None
    groups: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return demand_source_label(self.dataset, self.demand)

    @property
    def modelled(self) -> bool:
        return self.dataset is None

    @property
    def tatort_only(self) -> bool:
        """Modelled from the tätorter alone (outside Jämtland): the countryside is not counted."""
        from trygg.analysis.demand_national import SOURCE

        return self.dataset is None and self.demand.source == SOURCE

    def group_choices(self) -> list[tuple[str, str]]:
        """(key, name) of every group a weight may be put on."""
        return [(g, str(GROUP_NAMES.get(g, g))) for g in self.groups]

    def group_name(self, group: str) -> str:
        return str(GROUP_NAMES.get(group, group))

    def subset(self, mask: np.ndarray) -> PopulationDemand:
        return PopulationDemand(self.demand.subset(mask), self.dataset, {k: v[mask] for k, v in self.groups.items()})


@lru_cache(maxsize=1)
def _modelled() -> Demand:
    return modelled_jamtland_demand()


def modelled_demand() -> PopulationDemand:
    return PopulationDemand(_modelled(), None)


@lru_cache(maxsize=32)
def _tatort_demand(code: str) -> Demand:
    from trygg.analysis.demand_national import tatort_demand
    from trygg.formats.localities import sweden_localities

    return tatort_demand(sweden_localities(), [code])


def modelled_municipality_demand(code: str) -> PopulationDemand:
    """The Jämtland model's points of the municipality; elsewhere in Sweden its tätorter only (said so)."""
    jamtland = modelled_demand()
    mask = np.asarray(jamtland.demand.municipality == code)
    if mask.any():
        return jamtland.subset(mask)
    return PopulationDemand(_tatort_demand(code), None)


#: The county whose countryside the bundled model covers (municipal totals, GeoNames places).
JAMTLAND = "23"


@lru_cache(maxsize=32)
def _county_tatort_demand(county_code: str) -> Demand:
    """Every tätort of the county (a kommun code starts with its county's two digits)."""
    from trygg.analysis.demand_national import tatort_demand
    from trygg.formats.localities import sweden_localities

    localities = sweden_localities()
    codes = sorted({t.municipality for t in localities if t.municipality[:2] == county_code})
    return tatort_demand(localities, codes)


def modelled_county_demand(county_code: str) -> PopulationDemand:
    """The county's modelled demand: the Jämtland model for Jämtland, else the county's tätorter only."""
    if county_code == JAMTLAND:
        return modelled_demand()
    return PopulationDemand(_county_tatort_demand(county_code), None)


def county_demand(county: Organisation) -> PopulationDemand:
    """The demand for ``county``'s pages: its own stored grid, else its modelled demand."""
    dataset = GridDataset.objects.filter(organisation=county).first()
    if dataset is not None:
        return _grid_demand(dataset.pk, dataset.imported_at.isoformat(), None)
    return modelled_county_demand(county.scb_code)


def county_of(user: Any) -> Organisation | None:
    """The county whose pages ``user`` reads at /county/…: their own, or the one county of what they read."""
    from trygg.accounts import permissions as perm
    from trygg.registry import scope

    membership = perm.membership_of(user)
    if membership is not None and membership.organisation.kind == OrganisationKind.COUNTY:
        return membership.organisation
    parents = set(scope.readable_municipalities(user).values_list("parent", flat=True))
    if len(parents) != 1:
        return None
    parent = parents.pop()
    return None if parent is None else Organisation.objects.filter(pk=parent, kind=OrganisationKind.COUNTY).first()


def county_grid() -> GridDataset | None:
    return GridDataset.objects.filter(organisation__kind=OrganisationKind.COUNTY).select_related("organisation").first()


def grid_for(municipality: Organisation | None) -> tuple[GridDataset | None, str | None]:
    """The grid to use and the municipality code to keep of it (None: every square)."""
    if municipality is None:
        return county_grid(), None
    own = GridDataset.objects.filter(organisation=municipality).first()
    if own is not None:
        return own, municipality.scb_code
    county = GridDataset.objects.filter(organisation__kind=OrganisationKind.COUNTY, organisation=municipality.parent_id).first()
    if county is not None and county.squares.filter(municipality_code=municipality.scb_code).exists():
        return county, municipality.scb_code
    return None, None


def population_demand(municipality: Organisation | None = None,
                      county: Organisation | None = None) -> PopulationDemand:
    """The demand for a municipality's pages, or ``county``'s (municipality None).

    With neither (a reader without one county, ``trygg analyze access --from-db``): the
    first stored county grid, else the Jämtland model, as before counties had their own.
    """
    if municipality is None and county is not None:
        return county_demand(county)
    dataset, code = grid_for(municipality)
    if dataset is None:
        if municipality is None:
            return modelled_demand()
        return modelled_municipality_demand(municipality.scb_code)
    return _grid_demand(dataset.pk, dataset.imported_at.isoformat(), code)


@lru_cache(maxsize=8)
def _grid_demand(dataset_pk: int, imported_at: str, code: str | None) -> PopulationDemand:
    dataset = GridDataset.objects.select_related("organisation").get(pk=dataset_pk)
    squares = dataset.squares.order_by("square_id")
    if code is not None:
        squares = squares.filter(municipality_code=code)
    rows = list(squares.values_list("square_id", "x_corner", "y_corner", "total", "municipality_code",
                                    "children", "elderly_65", "elderly_80", "extra"))
    demand = grid_demand([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], dataset.cell_size_m,
                         [r[3] for r in rows], [r[4] for r in rows],
                         source=dataset.source_name)
    groups: dict[str, np.ndarray] = {}
    for index, group in ((5, "children"), (6, "elderly_65"), (7, "elderly_80")):
        if group in dataset.known_groups:
            groups[group] = np.array([r[index] or 0 for r in rows], dtype=float)
    for column in dataset.extra_columns:
        groups[column] = np.array([float(r[8].get(column, 0.0)) for r in rows], dtype=float)
    return PopulationDemand(demand, dataset, groups)


def forget_cached(dataset: GridDataset | None = None) -> None:
    """Drop cached grid demand (after an import; the cache key also changes with the import time)."""
    _grid_demand.cache_clear()



def stored_or_modelled(municipality_code: str | None, language: str = "en") -> tuple[Demand, str]:
    """The demand the web pages would use, for ``trygg analyze access --from-db``, and its label in ``language``.

    ``municipality_code`` None: the county's grid, else the model.
    """
    from django.utils import translation

    municipality = None
    if municipality_code:
        municipality = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=municipality_code).first()
    source = population_demand(municipality) if municipality or not municipality_code else modelled_demand()
    with translation.override(language):
        return source.demand, source.label
