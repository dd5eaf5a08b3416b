"""Small population grids in SCB's exact formats: the CSV and the GeoPackage of *befolkning per rutnät*.

Columns as SCB publishes them (layer ``befolkning_1km_<year>``, geometry column
``sp_geometry``, SWEREF 99 TM): rutid_scb, rutid_inspire, rutstorl, beftotalt,
kvinna, man, ald0_4 … ald95_99, ald100w, referenstid. Every value here is made up.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path

import shapely

AGE_CLASSES = [f"ald{a}_{a + 4}" for a in range(0, 100, 5)] + ["ald100w"]


@dataclass
class Square:
    """A square by its SWEREF 99 TM south-west corner, with residents per age class (ald… → count)."""

    x: int
    y: int
    ages: dict[str, int]
    extra: dict[str, int] = field(default_factory=dict)
    size: int = 1000

    @property
    def total(self) -> int:
        return sum(self.ages.values())

    def row(self, year: int) -> dict[str, object]:
        men = self.total // 2
        return {"rutid_scb": f"{self.x}{self.y}",
                "rutid_inspire": f"SE_CRS3006RES{self.size}mN{self.y}E{self.x}",
                "rutstorl": self.size, "beftotalt": self.total, "kvinna": self.total - men, "man": men,
                **{c: self.ages.get(c, 0) for c in AGE_CLASSES}, **self.extra, "referenstid": f"{year}1231"}


def square(x: int, y: int, children: int = 0, adults: int = 0, old: int = 0, oldest: int = 0,
           **extra: int) -> Square:
    """A square with children 0–4, adults 30–34, elderly 70–74 and 85–89 (the 80+)."""
    return Square(x, y, {"ald0_4": children, "ald30_34": adults, "ald70_74": old, "ald85_89": oldest}, extra)


def write_csv(path: Path, squares: list[Square], year: int = 2023, delimiter: str = ";") -> Path:
    rows = [s.row(year) for s in squares]
    header = list(rows[0])
    lines = [delimiter.join(header)] + [delimiter.join(str(r[c]) for c in header) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_gpkg(path: Path, squares: list[Square], year: int = 2023) -> Path:
    """A GeoPackage (OGC 12-128) like SCB's: one polygon per square in SWEREF 99 TM (EPSG:3006)."""
    layer = f"befolkning_1km_{year}"
    rows = [s.row(year) for s in squares]
    columns = list(rows[0])
    types = {c: "TEXT" if c in ("rutid_scb", "rutid_inspire", "referenstid") else "INTEGER" for c in columns}
    con = sqlite3.connect(path)
    con.executescript(f"""
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY,
            organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT,
            geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
        CREATE TABLE "{layer}" (fid INTEGER PRIMARY KEY, sp_geometry BLOB,
            {", ".join(f'"{c}" {types[c]}' for c in columns)});
        INSERT INTO gpkg_spatial_ref_sys VALUES ('SWEREF99 TM', 3006, 'EPSG', 3006, '');
        INSERT INTO gpkg_contents VALUES ('{layer}', 'features', '{layer}', 3006);
        INSERT INTO gpkg_geometry_columns VALUES ('{layer}', 'sp_geometry', 'MULTIPOLYGON', 3006, 0, 0);
    """)
    for s, row in zip(squares, rows, strict=True):
        polygon = shapely.MultiPolygon([shapely.box(s.x, s.y, s.x + s.size, s.y + s.size)])
        header = b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", 3006)
        blob = header + struct.pack("<4d", s.x, s.x + s.size, s.y, s.y + s.size) + shapely.to_wkb(polygon)
        placeholders = ", ".join("?" for _ in range(len(columns) + 1))
        con.execute(f'INSERT INTO "{layer}" (sp_geometry, {", ".join(columns)}) VALUES ({placeholders})',
                    [blob, *row.values()])
    con.commit()
    con.close()
    return path


#: Åre (2321): a village square near Åre and one far west; Krokom (2309): Föllinge.
ARE_SQUARES = [
    square(394000, 7031000, children=30, adults=200, old=40, oldest=20),  # Åre
    square(388000, 7030000, children=10, adults=80, old=10, oldest=5),  # Duved
    square(354000, 7024000, children=2, adults=20, old=8, oldest=60),  # Storlien: many 80+, far out
]
