"""Bundled open data (Jämtland); see ``SOURCES.md`` in this folder for licences."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """The path of a bundled data file, e.g. ``data_path("jamtland_kommuner.geojson")``."""
    path = Path(str(resources.files(__name__).joinpath(name)))
    if not path.is_file():
        raise FileNotFoundError(f"no bundled data file {name!r} in {path.parent}")
    return path


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, str]:
    """SCB kommun code → short name for all 290 kommuner (bundled, CC0)."""
    with data_path("municipalities.csv").open(encoding="utf-8") as handle:
        return {
            r["municipality_code"]: r["municipality_name_short"] for r in csv.DictReader(handle)
        }
