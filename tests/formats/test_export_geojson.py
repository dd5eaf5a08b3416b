"""The GeoJSON writer follows RFC 7946 and takes records or plain mappings."""

from decimal import Decimal

import pytest

from trygg.formats.errors import ExportError
from trygg.formats.geojson import points_to_feature_collection
from trygg.formats.point_records import POINT_COLUMNS, PointRecord
from trygg.rules.levels import BackupPower, Level

KALL = PointRecord(
    ref="ARE-001", name="Kalls lanthandel", kind="sot_punkt", municipality_code="2321", level=Level.TWO,
    lat=63.471111119, lon=13.262222229, site_name="Lanthandeln", backup_power=BackupPower.FIXED,
    generator_kw=40.0, languages=("sv", "en"),
)


def test_features_are_wgs84_lon_lat_with_seven_decimals_and_no_crs():
    collection = points_to_feature_collection([KALL])
    assert "crs" not in collection
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.2622222, 63.4711111]}
    assert feature["id"] == "ARE-001"


def test_properties_use_canonical_names_and_codes():
    properties = points_to_feature_collection([KALL])["features"][0]["properties"]
    assert list(properties) == [c for c in POINT_COLUMNS if c not in ("lat", "lon")]
    assert (properties["kind"], properties["level"], properties["backup_power"]) == ("sot_punkt", 2, "fixed")
    assert properties["languages"] == ["sv", "en"]
    assert type(properties["level"]) is int and type(properties["backup_power"]) is str


def test_mappings_from_a_database_are_accepted_and_keep_extra_keys_last():
    row = {"readiness_score": 72, "name": "Kall", "lat": Decimal("63.4711"), "lon": 13.2622, "level": 2}
    (feature,) = points_to_feature_collection([row])["features"]
    assert list(feature["properties"]) == ["name", "level", "readiness_score"]
    assert feature["geometry"]["coordinates"] == [13.2622, 63.4711]


def test_half_a_coordinate_pair_cannot_be_written():
    with pytest.raises(ExportError, match="item 1"):
        points_to_feature_collection([{"name": "Kall", "lat": 63.47, "lon": None}])
