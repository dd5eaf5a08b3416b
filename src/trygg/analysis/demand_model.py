"""A modelled population demand from localities and municipal totals.

Where no population grid is at hand, demand is modelled from two open
statistics and one list of settled places:

1. every SCB tätort (locality of ≥ 200 inhabitants, SCB Tätorter 2020) is one
   demand point at SCB's locality point, with its 2020 population;
2. the rest of each kommun's population (``utanfor_tatort_2020`` = kommun
   total 2020-12-31 − tätort population 2020) lives outside localities; it is
   spread in **equal shares** over the kommun's *settled places*: the
   distinct GeoNames postal places of the kommun that are not a tätort (by
   name) and lie farther than the tätort's equivalent radius √(area / π)
   + 1 km from every tätort point (the 1 km absorbs GeoNames' rounded
   coordinates). Postal places are assigned to a kommun by point-in-polygon
   (GeoNames' own kommun codes are sometimes wrong) and dropped when they lie
   more than 5 km outside the county;
3. a kommun with no settled place left spreads its rest over its tätorter in
   proportion to their population.

The result sums exactly to the kommun totals. It is labelled ``modelled=True``
and carries a note. Its limits: postal places are few (82 distinct places for
the county) and are where post is sorted, not where people live, so the rural
population is concentrated on a few dozen points instead of thousands of
farms and villages; equal shares ignore the size of each village; småorter
(50–199 inhabitants, SCB open geodata) would be a better set of settled
places when available. Use it for an overview, not for decisions about a
single village; use SCB's population grid for those.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trygg.analysis.demand import (
    Demand,
    MunicipalityBoundaries,
    assign_municipalities,
    read_geojson_features,
    read_municipality_boundaries,
)
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import lonlat_to_xy

#: Extra distance beyond a tätort's equivalent radius within which a postal
#: place counts as part of the tätort, m (GeoNames rounds to 0.01–0.05°).
NEAR_LOCALITY_BUFFER_M = 1_000.0

#: How far outside the generalised kommun polygons a postal place may lie and
#: still be assigned to the nearest kommun, m.
OUTSIDE_BOUNDARY_TOLERANCE_M = 5_000.0

MODELLED_NOTE = (
    "Modelled demand, not registered residents: SCB tätorter 2020 at their locality "
    "points with their population, plus each kommun's population outside tätorter "
    "(SCB, 2020-12-31) spread in equal shares over its GeoNames postal places that lie "
    "outside tätorter. Rural population is concentrated on few points; see "
    "docs/needs-analysis.md."
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


def read_localities(path: str | Path) -> list[Locality]:
    """Read SCB tätort points (GeoJSON with ``tatortskod``, ``befolkning`` …)."""
    path = Path(path)
    result = []
    for i, feature in enumerate(read_geojson_features(path)):
        p = feature.get("properties") or {}
        try:
            result.append(
                Locality(
                    code=str(p["tatortskod"]),
                    name=str(p["namn"]),
                    municipality=str(p["kommun_kod"]),
                    x_m=float(p["x_sweref99tm"]),
                    y_m=float(p["y_sweref99tm"]),
                    population=float(p["befolkning"]),
                    area_ha=float(p.get("area_ha") or 0.0),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnalysisError(f"{path}, feature {i + 1}: missing or bad field {exc}") from exc
    return result


def read_rest_population(path: str | Path, column: str = "utanfor_tatort_2020") -> dict[str, float]:
    """Population outside tätorter per kommun code (CSV with ``kommun_kod``)."""
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result = {}
    for row_number, row in enumerate(rows, start=2):
        try:
            value = float(row[column])
        except (KeyError, ValueError):
            raise AnalysisError(
                f"{path}, row {row_number}: {column}={row.get(column)!r} is not a number"
            ) from None
        if value < 0:
            raise AnalysisError(f"{path}, row {row_number}: {column}={value:g} is negative")
        result[row["kommun_kod"]] = value
    return result


def trustworthy_place_coordinates(
    rows: list[dict[str, str]],
) -> dict[str, tuple[str, float, float]]:
    """One trustworthy (name, lon, lat) per place name (case-folded key).

    GeoNames rows with ``accuracy`` 4 carry the place's own coordinates; rows
    with accuracy 1 ("estimated") or none often carry a placeholder shared by
    several places of a kommun (e.g. 62.5484, 14.3647 for six places in Berg).
    A row is used when its accuracy is 4, else when no other place name shares
    its coordinates; a place with neither is dropped.
    """
    names_at: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        names_at[(row["latitude"], row["longitude"])].add(row["place_name"].casefold())
    chosen: dict[str, tuple[int, dict[str, str]]] = {}
    for row in rows:
        key = row["place_name"].casefold()
        if row.get("accuracy") == "4":
            rank = 0
        elif len(names_at[(row["latitude"], row["longitude"])]) == 1:
            rank = 1
        else:
            continue
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, row)
    return {
        key: (row["place_name"], float(row["longitude"]), float(row["latitude"]))
        for key, (_, row) in chosen.items()
    }


def read_settled_places(path: str | Path, boundaries: MunicipalityBoundaries) -> list[SettledPlace]:
    """Distinct GeoNames postal places (one per name) within the given kommuner.

    A place name with several postal codes (old and new codes, boxes) is one
    place, at its trustworthy coordinates (see :func:`trustworthy_place_coordinates`).
    Its kommun is found by point-in-polygon (nearest polygon within
    :data:`OUTSIDE_BOUNDARY_TOLERANCE_M` for points just outside the
    generalised boundaries); places farther out, which GeoNames lists under
    the county but which lie beyond it, are dropped.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        places = trustworthy_place_coordinates(list(csv.DictReader(handle)))
    keys = list(places)
    lon = np.array([places[k][1] for k in keys])
    lat = np.array([places[k][2] for k in keys])
    x, y = lonlat_to_xy(lon, lat)
    codes = assign_municipalities(x, y, boundaries, max_gap_m=OUTSIDE_BOUNDARY_TOLERANCE_M)
    return [
        SettledPlace(places[k][0], str(codes[i]), float(x[i]), float(y[i]))
        for i, k in enumerate(keys)
        if codes[i]
    ]


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
    source: str = "modelled",
) -> Demand:
    """Demand points from localities plus the rest spread over settled places.

    Parameters
    ----------
    localities : list of Locality
        Tätorter with their population.
    rest_population : dict
        Kommun code → population outside tätorter (persons).
    places : list of SettledPlace
        Candidate settled places; those inside or near a tätort are dropped.

    Returns
    -------
    Demand
        ``modelled=True``; the per-kommun sums equal tätort + rest population.
    """
    rural = defaultdict(list)
    for place in places_outside_localities(places, localities):
        rural[place.municipality].append(place)
    ids: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    pops: list[float] = []
    muns: list[str] = []
    by_kommun = defaultdict(list)
    for t in localities:
        by_kommun[t.municipality].append(t)
        ids.append(f"tatort:{t.code}:{t.name}")
        xs.append(t.x_m)
        ys.append(t.y_m)
        pops.append(t.population)
        muns.append(t.municipality)
    for code, rest in sorted(rest_population.items()):
        if rural[code]:
            for place in rural[code]:
                ids.append(f"place:{code}:{place.name}")
                xs.append(place.x_m)
                ys.append(place.y_m)
                pops.append(rest / len(rural[code]))
                muns.append(code)
        elif by_kommun[code]:
            _spread_over_localities(rest, code, by_kommun[code], ids, pops)
        elif rest > 0:
            raise AnalysisError(
                f"{source}: kommun {code} has {rest:g} people outside tätorter but no "
                "tätort or settled place to put them"
            )
    return Demand.from_xy(ids, xs, ys, pops, muns, modelled=True, note=MODELLED_NOTE, source=source)


def _spread_over_localities(
    rest: float, code: str, localities: list[Locality], ids: list[str], pops: list[float]
) -> None:
    total = sum(t.population for t in localities)
    for t in localities:
        index = ids.index(f"tatort:{t.code}:{t.name}")
        pops[index] += rest * t.population / total


def modelled_jamtland_demand() -> Demand:
    """The modelled demand for Jämtland from the bundled SCB and GeoNames data.

    131,155 persons (SCB, 2020-12-31) on the 59 tätort points and the
    GeoNames postal places outside them. See the module docstring for the
    method and its limits.

    Examples
    --------
    >>> d = modelled_jamtland_demand()
    >>> round(d.total_population), d.modelled
    (131155, True)
    """
    from trygg.data import data_path

    boundaries = read_municipality_boundaries(data_path("jamtland_kommuner.geojson"))
    return model_demand(
        read_localities(data_path("jamtland_tatorter_2020.geojson")),
        read_rest_population(data_path("jamtland_kommun_population.csv")),
        read_settled_places(data_path("jamtland_postal_codes_geonames.csv"), boundaries),
        source="modelled Jämtland demand (SCB tätorter 2020, SCB kommun totals 2020, GeoNames)",
    )
