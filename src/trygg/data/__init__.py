"""Bundled open data (Jämtland); see ``SOURCES.md`` in this folder for licences."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """The path of a bundled data file, e.g. ``data_path("jamtland_kommuner.geojson")``."""
    path = Path(str(resources.files(__name__).joinpath(name)))
    if not path.is_file():
        raise FileNotFoundError(f"no bundled data file {name!r} in {path.parent}")
    return path
