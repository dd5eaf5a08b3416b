"""Where a named locality in Jämtland is, from the bundled open data.

Order of trust: the SCB tätort point (CC0), then the GeoNames postal place
(CC BY 4.0), then a short hand table for SOT villages that neither source
holds. Every position found here is the locality's, not the building's, so
sites placed with it are marked approximate.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import dataclass
from functools import cache

from trygg.data import data_path


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    source: str


# Villages with SOT-punkter that no bundled open dataset holds. Kall's point is the
# 63°28'N 13°14'E printed for the village (de.wikipedia, minute precision, ~1 km).
# Rötviken and Borgvattnet were placed by hand at their villages from general
# knowledge of the map and are good to a few kilometres only: verify before use.
HAND_PLACED: dict[str, Place] = {
    "kall": Place(63.4667, 13.2333, "de.wikipedia (Kall), minute precision"),
    "rötviken": Place(64.17, 14.42, "placed by hand at the village, about ±5 km: verify"),
    "borgvattnet": Place(63.428, 15.829, "placed by hand at the village, about ±2 km: verify"),
}


def _key(name: str) -> str:
    name = name.split("(")[0].split("/")[0]
    return unicodedata.normalize("NFC", name.strip().lower())


@cache
def _tatorter() -> dict[str, Place]:
    data = json.loads(data_path("jamtland_tatorter_2020.geojson").read_text(encoding="utf-8"))
    places = {}
    for f in data["features"]:
        lon, lat = f["geometry"]["coordinates"]
        places[_key(f["properties"]["namn"])] = Place(lat, lon, "SCB Tätorter 2020")
    return places


@cache
def _postal_places() -> dict[str, Place]:
    places: dict[str, Place] = {}
    with data_path("jamtland_postal_codes_geonames.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            places.setdefault(_key(row["place_name"]), Place(float(row["latitude"]), float(row["longitude"]),
                                                             "GeoNames postal place"))
    return places


def locate(locality: str) -> Place | None:
    """The locality's position, or None when no bundled source knows it."""
    key = _key(locality)
    for table in (_tatorter(), _postal_places(), HAND_PLACED):
        if key in table:
            return table[key]
    if key == "storsjö":
        return _postal_places().get("storsjö kapell")
    if "(" in locality:  # "Torvalla (Östersund)": fall back to the town named in brackets
        return locate(locality.split("(")[1].rstrip(")"))
    return None
