"""Sweden's 21 counties and 290 municipalities as reference data (issue 14, item 1).

``trygg load-reference`` puts every county (as its county administrative
board, "Länsstyrelsen i X län") and every municipality with its SCB code,
name and generalised boundary into the registry, the municipality under its
county. It never changes what is already there: an organisation with the same
SCB code keeps its name, contacts and boundary (so the Jämtland demo keeps its
content); a missing boundary or county link is filled in. Running it again
changes nothing. Sources and licences: ``trygg/data/SOURCES.md`` (SCB, CC0).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trygg.data import data_path
from trygg.registry.models import Organisation
from trygg.shared.history import acting_as


@dataclass(frozen=True)
class ReferenceSummary:
    counties_created: int
    municipalities_created: int
    completed: int  # existing organisations given a missing boundary or county

    def __str__(self) -> str:
        return (f"{self.counties_created} counties and {self.municipalities_created} municipalities created, "
                f"{self.completed} existing ones completed")


def _rows(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _boundaries(name: str, key: str) -> dict[str, dict[str, Any]]:
    features = json.loads(data_path(name).read_text(encoding="utf-8"))["features"]
    return {f["properties"][key]: f["geometry"] for f in features}


def county_board_name(county_name: str) -> str:
    """"Jämtlands län" → "Länsstyrelsen i Jämtlands län" (how the demo and the county itself name it)."""
    return f"Länsstyrelsen i {county_name}"


def _ensure(code: str, defaults: dict[str, Any]) -> tuple[Organisation, bool, bool]:
    """(organisation, created, completed): create it, or fill in only what an existing one lacks."""
    existing = Organisation.objects.filter(scb_code=code).first()
    if existing is None:
        return Organisation.objects.create(scb_code=code, **defaults), True, False
    missing = {field: value for field, value in defaults.items()
               if field in ("boundary", "parent") and getattr(existing, field) is None}
    for field, value in missing.items():
        setattr(existing, field, value)
    if missing:
        existing.save(update_fields=list(missing))
    return existing, False, bool(missing)


@transaction.atomic
def load_reference() -> ReferenceSummary:
    """Every county and municipality of Sweden (idempotent; existing rows keep their content)."""
    county_shapes = _boundaries("sweden_lan.geojson", "lan_kod")
    municipality_shapes = _boundaries("sweden_kommuner.geojson", "kommun_kod")
    counties: dict[str, Organisation] = {}
    created = {"county": 0, "municipality": 0}
    completed = 0
    with acting_as(None, "reference data (SCB)"):
        for row in _rows("counties.csv"):
            code = row["county_code"]
            county, new, filled = _ensure(code, {"name": county_board_name(row["county_name"]), "kind": "county",
                                                 "boundary": county_shapes.get(code)})
            counties[code] = county
            created["county"] += new
            completed += filled
        for row in _rows("municipalities.csv"):
            code = row["municipality_code"]
            _, new, filled = _ensure(code, {"name": row["municipality_name"], "kind": "municipality",
                                            "parent": counties[row["county_code"]],
                                            "boundary": municipality_shapes.get(code)})
            created["municipality"] += new
            completed += filled
    return ReferenceSummary(created["county"], created["municipality"], completed)
