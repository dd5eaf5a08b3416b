"""Locality and settled-place files: SCB tätorter, kommun population totals, GeoNames postal places.

The file side of :mod:`trygg.analysis.demand_model` and :mod:`trygg.analysis.demand_national`: the
bundled copies (``trygg.data``) and any file of the same shape are read here, CSVs by the project's
one tabular reader and their numbers by its one number parser, into the records the models compute
on. :func:`modelled_jamtland_demand` puts the bundled Jämtland files through the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from trygg.analysis.demand import Demand, MunicipalityBoundaries, assign_municipalities
from trygg.analysis.demand_model import (
    OUTSIDE_BOUNDARY_TOLERANCE_M,
    Locality,
    SettledPlace,
    model_demand,
)
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import lonlat_to_xy
from trygg.data import data_path
from trygg.formats.demand import read_geojson_features, read_municipality_boundaries
from trygg.formats.demand_columns import cell_number
from trygg.formats.errors import ImportRejected
from trygg.formats.tabular import read_rows
from trygg.text import N_


def _csv_rows(path: Path) -> list[tuple[int, Mapping[str, str]]]:
    """(row number, cells) of a CSV, read as every user file is."""
    try:
        table = read_rows(path, source_name=str(path))
    except ImportRejected as exc:
        raise AnalysisError(str(exc)) from None
    if table.errors:
        raise AnalysisError(str(ImportRejected(table.errors, str(path))))
    return [(r.row, r.cells) for r in table.rows]


def _cell(row: Mapping[str, str], column: str, path: Path, row_number: int) -> str:
    if column not in row:
        raise AnalysisError(N_("{path}, row {row_number}: no {column} column", path=str(path), row_number=row_number, column=column))
    return row[column]


def read_localities(path: str | Path) -> list[Locality]:
    """Read SCB tätort points (GeoJSON with ``tatortskod``, ``befolkning`` …)."""
    path = Path(path)
    result = []
    for i, feature in enumerate(read_geojson_features(path)):
        p = feature.get("properties") or {}
        source, n = str(path), i + 1
        try:
            result.append(
                Locality(
                    code=str(p["tatortskod"]),
                    name=str(p["namn"]),
                    municipality=str(p["kommun_kod"]),
                    x_m=cell_number(p["x_sweref99tm"], source, n, "x_sweref99tm"),
                    y_m=cell_number(p["y_sweref99tm"], source, n, "y_sweref99tm"),
                    population=cell_number(p["befolkning"], source, n, "befolkning"),
                    area_ha=cell_number(p.get("area_ha") or 0, source, n, "area_ha"),
                )
            )
        except KeyError as exc:
            raise AnalysisError(N_("{path}, feature {n}: missing field {exc}", path=str(path), n=n, exc=str(exc))) from None
    return result


def _number(row: Mapping[str, str], column: str, path: Path, row_number: int, blank: str = "") -> float:
    return cell_number(_cell(row, column, path, row_number) or blank, str(path), row_number, column)


def read_sweden_localities(path: str | Path) -> list[Locality]:
    """SCB's tätorter from a CSV (``tatortskod, namn, kommun_kod, …, befolkning, x/y_sweref99tm``).

    A blank ``area_ha`` is 0 (unknown); every other number must be there.
    """
    path = Path(path)
    return [Locality(_cell(row, "tatortskod", path, n), _cell(row, "namn", path, n), _cell(row, "kommun_kod", path, n),
                     _number(row, "x_sweref99tm", path, n), _number(row, "y_sweref99tm", path, n),
                     _number(row, "befolkning", path, n), _number(row, "area_ha", path, n, blank="0"))
            for n, row in _csv_rows(path)]


@lru_cache(maxsize=1)
def sweden_localities() -> tuple[Locality, ...]:
    """All 2,017 tätorter of Sweden (SCB 2020) bundled with trygg, read once per process."""
    return tuple(read_sweden_localities(data_path("sweden_tatorter_2020.csv")))


def read_rest_population(path: str | Path, column: str = "utanfor_tatort_2020") -> dict[str, float]:
    """Population outside tätorter per kommun code (CSV with ``kommun_kod``)."""
    path = Path(path)
    result = {}
    for n, row in _csv_rows(path):
        value = cell_number(_cell(row, column, path, n), str(path), n, column)
        if value < 0:
            raise AnalysisError(N_("{path}, row {n}: {column}={value:g} is negative", path=str(path), n=n, column=column, value=value))
        result[_cell(row, "kommun_kod", path, n)] = value
    return result


def trustworthy_place_coordinates(
    rows: list[Mapping[str, str]],
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
    chosen: dict[str, tuple[int, Mapping[str, str]]] = {}
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
        key: (row["place_name"], cell_number(row["longitude"], "GeoNames", 0, "longitude"),
              cell_number(row["latitude"], "GeoNames", 0, "latitude"))
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
    places = trustworthy_place_coordinates([row for _n, row in _csv_rows(Path(path))])
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


def modelled_jamtland_demand() -> Demand:
    """The modelled demand for Jämtland from the bundled SCB and GeoNames data.

    131,155 persons (SCB, 2020-12-31) on the 59 tätort points, their
    countryside and the GeoNames postal places outside them. See the module docstring for the
    method and its limits.

    Examples
    --------
    >>> d = modelled_jamtland_demand()
    >>> round(d.total_population), d.modelled
    (131155, True)
    """
    boundaries = read_municipality_boundaries(data_path("jamtland_kommuner.geojson"))
    return model_demand(
        read_localities(data_path("jamtland_tatorter_2020.geojson")),
        read_rest_population(data_path("jamtland_kommun_population.csv")),
        read_settled_places(data_path("jamtland_postal_codes_geonames.csv"), boundaries),
        boundaries,
        source="modelled Jämtland demand (SCB tätorter 2020, SCB kommun totals 2020, GeoNames)",
    )
