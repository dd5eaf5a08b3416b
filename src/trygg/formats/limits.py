"""The limits of every import, in one place.

An import file is refused at once, with a message that names the limit,
when it is larger than any of these. The numbers are far above a real
register (Sweden has a few thousand trygghetspunkter; a county's premises
register is a few thousand rows of a few dozen columns) and low enough that
refusing a hostile file costs little memory: a file is read at most
:data:`MAX_IMPORT_BYTES` + 1 bytes far, and rows are counted while they are
split, so a file with too many rows stops at the first row past the limit.

``docs/import-export.md`` has the same numbers in its limits table; the web
upload (``trygg.registry.uploads``) and the Django settings use these too.
"""

from __future__ import annotations

MAX_IMPORT_BYTES = 10 * 1024 * 1024
"""Largest accepted file: 10 MiB."""

MAX_IMPORT_ROWS = 20_000
"""Most data rows in a CSV file, or features in a GeoJSON file."""

MAX_GRID_BYTES = 100 * 1024 * 1024
"""Largest SCB population-grid file (CSV or GeoPackage): 100 MiB (SCB's 1 km GeoPackage of Sweden is ~35 MB)."""

MAX_GRID_SQUARES = 300_000
"""Most squares in one population-grid file: Sweden at 1 km is ~115 000 populated squares, a county at 250 m ~60 000."""

MAX_IMPORT_COLUMNS = 100
"""Most columns in a CSV row, or properties in a GeoJSON feature."""

MAX_CELL_CHARS = 10_000
"""Longest value of one cell or property, in characters (the longest field, ``notes``, takes 2 000)."""

MAX_GEOJSON_DEPTH = 20
"""Deepest nesting of objects and lists in a GeoJSON file (a FeatureCollection of Points needs 6)."""


def megabytes(size: int) -> str:
    """``10 MiB`` for messages."""
    return f"{size / (1024 * 1024):g} MiB"
