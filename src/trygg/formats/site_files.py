"""Point files for the coverage, access and site-selection analyses: trygghetspunkter, candidates, stores.

The file side of :class:`trygg.analysis.coverage.Sites`: a CSV (read by
:func:`trygg.formats.tabular.read_rows` through
:func:`~trygg.formats.demand.read_csv_table`, so any encoding, separator and
number spelling ``trygg import points`` accepts) or GeoJSON Point features.
Every bad value is named by file, row and field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from trygg.analysis.coverage import Sites
from trygg.analysis.errors import AnalysisError
from trygg.analysis.geo import validate_lonlat_in_sweden
from trygg.formats.demand import read_csv_table, read_geojson_features
from trygg.formats.demand_columns import cell_number
from trygg.text import N_

_LON = ("lon", "lng", "longitude", "long")
_LAT = ("lat", "latitude")
_MUNICIPALITY = ("kommun_kod", "kommunkod", "municipality", "kommun")


def read_sites(path: str | Path) -> Sites:
    """Read points from GeoJSON (Point features) or CSV (``id,name,lon,lat``).

    Optional fields: ``kommun_kod``/``municipality``, ``kind``. Every point
    must lie in Sweden (lat/lon swaps are named in the error).
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        return _sites_from_geojson(path)
    table = read_csv_table(path)
    lon_col = table.column(_LON, required="lon")
    lat_col = table.column(_LAT, required="lat")
    assert lon_col is not None and lat_col is not None
    id_col, name_col = table.column(("id", "fid")), table.column(("name", "namn"))
    mun_col, kind_col = table.column(_MUNICIPALITY), table.column(("kind", "typ"))
    rows = table.row_numbers
    lon = np.array(
        [cell_number(r[lon_col], table.source, rows[i], lon_col) for i, r in enumerate(table.rows)]
    )
    lat = np.array(
        [cell_number(r[lat_col], table.source, rows[i], lat_col) for i, r in enumerate(table.rows)]
    )
    validate_lonlat_in_sweden(lon, lat, table.source, rows, lon_col, lat_col)
    ids = [(r.get(id_col) if id_col else "") or str(i + 1) for i, r in enumerate(table.rows)]
    return Sites(
        ids=ids,
        names=[(r.get(name_col) if name_col else "") or ids[i] for i, r in enumerate(table.rows)],
        lon=lon,
        lat=lat,
        municipality=[r.get(mun_col, "") if mun_col else "" for r in table.rows],
        kind=[r.get(kind_col, "") if kind_col else "" for r in table.rows],
        source=table.source,
    )


def _sites_from_geojson(path: Path) -> Sites:
    features = read_geojson_features(path)
    ids, names, lon, lat, muns, kinds = [], [], [], [], [], []
    for i, feature in enumerate(features):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "Point":
            raise AnalysisError(
                N_("{path}, feature {value}: geometry {value2} is not a Point", path=str(path), value=i + 1, value2=repr(geometry.get('type')))
            )
        coords = geometry.get("coordinates") or []
        if len(coords) < 2:
            raise AnalysisError(N_("{path}, feature {value}: Point has no [lon, lat] coordinates", path=str(path), value=i + 1))
        props = feature.get("properties") or {}
        ident = str(feature.get("id") or props.get("id") or i + 1)
        ids.append(ident)
        names.append(str(props.get("name") or props.get("namn") or ident))
        lon.append(cell_number(coords[0], str(path), i + 1, "longitude"))
        lat.append(cell_number(coords[1], str(path), i + 1, "latitude"))
        muns.append(str(next((props[k] for k in _MUNICIPALITY if props.get(k)), "")))
        kinds.append(str(props.get("kind") or ""))
    validate_lonlat_in_sweden(
        lon, lat, str(path), list(range(1, len(lon) + 1)), "longitude", "latitude"
    )
    return Sites(ids, names, np.asarray(lon), np.asarray(lat), muns, kinds, source=str(path))
