"""Store a validated grid file for an organisation: all or nothing, attributed to its importer.

A municipality's grid keeps the squares that lie in the municipality (by the
file's ``kommunkod`` when it has one, else by point-in-polygon on the bundled
municipal boundaries); a county's grid keeps every square. A second import
for the same organisation is refused unless it is asked to replace the first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection, transaction

from trygg.analysis.demand import MunicipalityBoundaries, assign_municipalities
from trygg.formats.demand import read_municipality_boundaries
from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.population_grid import GridFile, GridSquareRecord
from trygg.population.models import GridDataset, GridSquare
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation
from trygg.text import N_, Text

_BATCH = 5_000


@dataclass(frozen=True)
class StoredGrid:
    dataset: GridDataset
    #: Squares of the file outside the municipality, not stored.
    left_out: int
    replaced: GridDataset | None


@lru_cache(maxsize=1)
def _boundaries() -> MunicipalityBoundaries:
    from trygg.data import data_path

    return read_municipality_boundaries(data_path("jamtland_kommuner.geojson"))


def square_municipalities(grid: GridFile) -> list[str]:
    """Each square's municipality code: the file's own, else the polygon its centre lies in ("" outside all)."""
    half = grid.cell_size_m / 2
    x = np.array([s.x_corner + half for s in grid.squares], dtype=float)
    y = np.array([s.y_corner + half for s in grid.squares], dtype=float)
    found = assign_municipalities(x, y, _boundaries(), max_gap_m=grid.cell_size_m)
    return [s.municipality_code or str(code) for s, code in zip(grid.squares, found, strict=True)]


def _refuse(grid: GridFile, message: Text) -> ImportRejected:
    return ImportRejected([RowError(None, "", "", message)], grid.source_name)


def store_grid(grid: GridFile, organisation: Organisation, user: Any, replace: bool = False,
               by_name: str | None = None) -> StoredGrid:
    """Store ``grid`` as ``organisation``'s population grid, imported by ``user`` (``by_name`` without one).

    Raises
    ------
    ImportRejected
        When the organisation already has a grid and ``replace`` is false, or
        when no square of the file lies in the municipality. Nothing is stored then.
    """
    codes = square_municipalities(grid)
    keep = [i for i, c in enumerate(codes) if organisation.kind != OrganisationKind.MUNICIPALITY or c == organisation.scb_code]
    if not keep:
        raise _refuse(grid, N_("No square of the file lies in {name}.", name=organisation.name))
    with transaction.atomic():
        old = GridDataset.objects.select_for_update().filter(organisation=organisation).first()
        if old is not None and not replace:
            raise _refuse(grid, N_("{name} already has a population grid ({old}); choose to replace it.", name=organisation.name, old=str(old)))
        if old is not None:
            old.delete()
        dataset = GridDataset.objects.create(
            organisation=organisation, source_name=grid.source_name[:255], reference_year=grid.reference_year,
            cell_size_m=grid.cell_size_m, imported_by=user if getattr(user, "pk", None) else None,
            imported_by_name=by_name or _name_of(user), square_count=len(keep),
            total_population=sum(grid.squares[i].total for i in keep),
            known_groups=grid.known_groups, extra_columns=grid.extra_columns)
        _insert_squares(dataset, grid, keep, codes)
    return StoredGrid(dataset, len(grid.squares) - len(keep), old)


_COLUMNS = ("dataset_id", "square_id", "x_corner", "y_corner", "municipality_code", "total", "children",
            "elderly_65", "elderly_80", "extra")


def _insert_squares(dataset: GridDataset, grid: GridFile, keep: list[int], codes: list[str]) -> None:
    """One parameterised INSERT per batch of squares (the ORM's per-object work is most of the time otherwise)."""
    table = connection.ops.quote_name(GridSquare._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(keep), _BATCH):
            cursor.executemany(sql, [_row(dataset.pk, grid.squares[i], codes[i]) for i in keep[start:start + _BATCH]])


def _row(dataset_pk: int, s: GridSquareRecord, code: str) -> tuple[Any, ...]:
    return (dataset_pk, s.square_id, s.x_corner, s.y_corner, code, s.total, s.groups.get("children"),
            s.groups.get("elderly_65"), s.groups.get("elderly_80"), json.dumps(s.extra))


def _name_of(user: Any) -> str:
    if user is None or not getattr(user, "pk", None):
        return "trygg import grid"
    return (user.get_full_name() or user.get_username())[:150]
