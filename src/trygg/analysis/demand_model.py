"""A modelled population demand from localities and municipal totals.

Where no population grid is at hand, demand is modelled from two open
statistics and one list of settled places:

1. every SCB tätort (locality of ≥ 200 inhabitants, SCB Tätorter 2020) is one
   demand point at SCB's locality point, with its 2020 population;
2. the rest of each kommun's population (``utanfor_tatort_2020`` = kommun
   total 2020-12-31 − tätort population 2020) lives outside localities. It is
   spread **evenly over the kommun's area** and gathered at the nearest
   *settled point*: every tätort, and every GeoNames postal place of the
   kommun that is not a tätort (by name) and lies farther than the tätort's
   equivalent radius √(area / π) + 1 km from every tätort point (the 1 km
   absorbs GeoNames' rounded coordinates). Each settled point's share is
   the area of its Voronoi cell within the kommun polygon ÷ the kommun's
   area: a remote village with a large hinterland gets more people than one
   squeezed between two others, and no two villages get the same number by
   construction. A postal place's share sits at the place; a tätort's
   countryside share is its own demand point ("rural:…") at the centre of
   the tätort's cell, not on top of the tätort. Postal places are assigned to
   a kommun by point-in-polygon (GeoNames' own kommun codes are sometimes
   wrong) and dropped when they lie more than 5 km outside the county.

The result sums exactly to the kommun totals. It is labelled ``modelled=True``
and carries a note naming the method (:data:`MODELLED_METHOD`). Its limits:
the density outside tätorter is taken as even, so mountains and forests get
as many people per km² as the valleys where the villages are; postal places
are few (82 distinct places for the county) and are where post is sorted, not
where people live; småorter (50–199 inhabitants, SCB open geodata) would be a
better set of settled places when available. Use it for an overview, not for
decisions about a single village; use SCB's population grid for those.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely

from trygg.analysis.demand import (
    Demand,
    MunicipalityBoundaries,
)
from trygg.analysis.errors import AnalysisError
from trygg.text import N_

#: Extra distance beyond a tätort's equivalent radius within which a postal
#: place counts as part of the tätort, m (GeoNames rounds to 0.01–0.05°).
NEAR_LOCALITY_BUFFER_M = 1_000.0

#: How far outside the generalised kommun polygons a postal place may lie and
#: still be assigned to the nearest kommun, m.
OUTSIDE_BOUNDARY_TOLERANCE_M = 5_000.0

#: The method in a few words, for every page and result that shows modelled demand.
MODELLED_METHOD = (
    "SCB tätorter 2020 with their population; each kommun's population outside tätorter "
    "(SCB, 2020-12-31) spread evenly over the kommun's area and gathered at the nearest "
    "tätort or GeoNames postal place"
)

MODELLED_NOTE = (
    f"Modelled demand, not registered residents: {MODELLED_METHOD}. "
    "See docs/needs-analysis.md."
)


@dataclass(frozen=True)
class Locality:
    """An SCB tätort: code, name, kommun, point (SWEREF 99 TM, m), population, area (ha)."""

    code: str
    name: str
    municipality: str
    x_m: float
    y_m: float
    population: float
    area_ha: float

    @property
    def near_radius_m(self) -> float:
        """Equivalent-circle radius of the tätort plus the GeoNames buffer, m."""
        return float(np.sqrt(self.area_ha * 10_000.0 / np.pi)) + NEAR_LOCALITY_BUFFER_M


@dataclass(frozen=True)
class SettledPlace:
    """A named settled place (a GeoNames postal place): point in SWEREF 99 TM, m."""

    name: str
    municipality: str
    x_m: float
    y_m: float


def locality_name_parts(name: str) -> set[str]:
    """The place names in a tätort name such as "Fåker, Ålsta och Månsta"."""
    parts = re.split(r"/|,| och ", name)
    return {p.strip().casefold() for p in parts if p.strip()}


def places_outside_localities(
    places: list[SettledPlace], localities: list[Locality]
) -> list[SettledPlace]:
    """The places that are not a tätort by name nor within a tätort's near radius."""
    lx = np.array([t.x_m for t in localities])
    ly = np.array([t.y_m for t in localities])
    radius = np.array([t.near_radius_m for t in localities])
    locality_names = set().union(*(locality_name_parts(t.name) for t in localities))
    kept = []
    for place in places:
        if place.name.casefold() in locality_names:
            continue
        distance = np.hypot(lx - place.x_m, ly - place.y_m)
        if np.all(distance > radius):
            kept.append(place)
    return kept


def model_demand(
    localities: list[Locality],
    rest_population: dict[str, float],
    places: list[SettledPlace],
    boundaries: MunicipalityBoundaries,
    source: str = "modelled",
) -> Demand:
    """Demand points from localities plus the rest spread evenly by area.

    Parameters
    ----------
    localities : list of Locality
        Tätorter with their population.
    rest_population : dict
        Kommun code → population outside tätorter (persons).
    places : list of SettledPlace
        Candidate settled places; those inside or near a tätort are dropped.
    boundaries : MunicipalityBoundaries
        Kommun polygons (SWEREF 99 TM); the rest of a kommun is spread over
        its polygon's area.

    Returns
    -------
    Demand
        ``modelled=True``; the per-kommun sums equal tätort + rest population.

    Examples
    --------
    >>> square = MunicipalityBoundaries(("9999",), ("Test",), (shapely.box(0, 0, 40_000, 10_000),))
    >>> town = Locality("T1", "Town", "9999", 5_000.0, 5_000.0, 1000.0, 100.0)
    >>> village = SettledPlace("By", "9999", 35_000.0, 5_000.0)
    >>> d = model_demand([town], {"9999": 400.0}, [village], square)
    >>> {i: round(float(p)) for i, p in zip(d.ids, d.population)}
    {'tatort:T1:Town': 1000, 'rural:9999:Town': 200, 'place:9999:By': 200}
    """
    rural: dict[str, list[SettledPlace]] = defaultdict(list)
    for place in places_outside_localities(places, localities):
        rural[place.municipality].append(place)
    by_kommun: dict[str, list[Locality]] = defaultdict(list)
    points = _DemandPoints()
    for t in localities:
        by_kommun[t.municipality].append(t)
        points.add(f"tatort:{t.code}:{t.name}", t.x_m, t.y_m, t.population, t.municipality)
    polygons = dict(zip(boundaries.codes, boundaries.polygons_m, strict=True))
    for code, rest in sorted(rest_population.items()):
        if rest > 0:
            _spread_by_area(code, rest, by_kommun[code], rural[code], polygons.get(code), points, source)
    return Demand.from_xy(points.ids, points.x, points.y, points.population, points.municipality,
                          modelled=True, note=MODELLED_NOTE, source=source)


def _spread_by_area(
    code: str,
    rest: float,
    localities: list[Locality],
    places: list[SettledPlace],
    polygon: shapely.Geometry | None,
    points: _DemandPoints,
    source: str,
) -> None:
    """Add the kommun's rest population, each settled point's share by the area nearest to it."""
    if polygon is None:
        raise AnalysisError(N_("{source}: kommun {code} has {rest:g} people outside tätorter but no boundary", source=source, code=code, rest=rest))
    settled = [(f"rural:{code}:{t.name}", t.x_m, t.y_m, True) for t in localities]
    settled += [(f"place:{code}:{p.name}", p.x_m, p.y_m, False) for p in places]
    if not settled:
        raise AnalysisError(
            N_("{source}: kommun {code} has {rest:g} people outside tätorter but no tätort or settled place to put them", source=source, code=code, rest=rest)
        )
    for (demand_id, x, y, at_centre), cell in zip(settled, _area_cells(settled, polygon), strict=True):
        if at_centre:  # a tätort's countryside: the centre of its cell, not the town itself
            centre = cell.centroid if cell.contains(cell.centroid) else cell.representative_point()
            x, y = centre.x, centre.y
        points.add(demand_id, x, y, rest * cell.area / polygon.area, code)


@dataclass
class _DemandPoints:
    ids: list[str] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    population: list[float] = field(default_factory=list)
    municipality: list[str] = field(default_factory=list)

    def add(self, demand_id: str, x: float, y: float, population: float, municipality: str) -> None:
        self.ids.append(demand_id)
        self.x.append(float(x))
        self.y.append(float(y))
        self.population.append(float(population))
        self.municipality.append(municipality)


def _area_cells(settled: list[tuple[str, float, float, bool]], polygon: shapely.Geometry) -> list[shapely.Geometry]:
    """The part of ``polygon`` nearest to each settled point (Voronoi cells, clipped), in order."""
    sites = shapely.multipoints([(x, y) for _, x, y, _ in settled])
    cells = shapely.get_parts(shapely.voronoi_polygons(sites, extend_to=polygon, ordered=True))
    if len(cells) != len(settled):  # two points at the same spot share one cell
        raise AnalysisError(N_("settled points at the same coordinates among: {ids}", ids=", ".join(i for i, *_ in settled)))
    return [shapely.intersection(cell, polygon) for cell in cells]
