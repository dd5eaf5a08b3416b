"""The import schema of points and sites: every column's name, aliases, type, bounds and choices.

The readers (:mod:`trygg.formats.points`), the writers and ``docs/import-export.md`` all follow it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from trygg.formats.tabular import (
    header_key,
)
from trygg.rules.catalogue import POINT_KINDS, SITE_KINDS, Entry
from trygg.rules.levels import BackupPower

# --- the schema ---------------------------------------------------------------


class FieldType(StrEnum):
    """How a column's text becomes a value."""

    TEXT = "text"
    CHOICE = "choice"  # a code from ``FieldSpec.choices``
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    LEVEL = "level"  # 1, 2 or 3 ("Nivå 2")
    MUNICIPALITY_CODE = "municipality_code"  # 4 digits, leading zeros kept
    POSTAL_CODE = "postal_code"  # "831 91"
    LANGUAGES = "languages"  # ISO 639-1 codes
    COORDINATE = "coordinate"  # a number whose meaning depends on the other coordinates


@dataclass(frozen=True)
class FieldSpec:
    """One importable column.

    Attributes
    ----------
    name : str
        The canonical column name, also the record attribute.
    type : FieldType
        How the value is read.
    aliases : tuple of str
        Other accepted column names (Swedish first); compared after
        :func:`trygg.formats.tabular.header_key`, so case and accents do not matter.
    required : bool
        A blank value is an error.
    default : object
        The value of a blank optional cell.
    min_value, max_value : float, optional
        Bounds of numbers, inclusive unless ``min_exclusive``.
    max_length : int, optional
        Longest accepted text, in characters.
    choices : tuple of (code, accepted spellings)
        For ``CHOICE``: each code with the spellings that mean it.
    description : str
        One line for the documentation.
    """

    name: str
    type: FieldType
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: Any = None
    min_value: float | None = None
    min_exclusive: bool = False
    max_value: float | None = None
    max_length: int | None = None
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description: str = ""


def _catalogue_choices(table: Mapping[str, Entry]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((code, (entry.name("sv"), entry.name("en"))) for code, entry in table.items())


# Lifecycle states a file may set. Operational states (active, closing) are
# set by the running system during an event, never by an import.
POINT_STATES: dict[str, tuple[str, ...]] = {
    "candidate": ("kandidat", "förslag"),
    "planned": ("planerad", "planerat"),
    "decided": ("beslutad", "beslutat"),
    "ready": ("etablerad", "etablerat", "klar", "redo", "established"),
}

BACKUP_POWER_SPELLINGS: dict[BackupPower, tuple[str, ...]] = {
    BackupPower.NONE: ("ingen", "saknas", "nej", "ingen reservkraft"),
    BackupPower.CONNECTION_POINT: (
        "anslutningspunkt", "anslutning", "förberedd anslutning", "anslutningspunkt för mobilt aggregat",
    ),
    BackupPower.FIXED: ("fast", "fast reservkraft", "fast aggregat", "fast installerad"),
}

_TEXT, _CHOICE, _INT, _DEC, _BOOL = (
    FieldType.TEXT, FieldType.CHOICE, FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN,
)

REF = FieldSpec("ref", _TEXT, ("id", "extern_id", "externt_id", "external_id", "referens", "objekt_id"), max_length=100,
                description="External id from your own register; unique within the file.")
NAME = FieldSpec("name", _TEXT, ("namn", "benämning", "punktnamn"), required=True, max_length=200,
                 description="The point's name as the public sees it.")
KIND = FieldSpec("kind", _CHOICE, ("typ", "punkttyp", "typ_av_punkt", "point_kind", "type"),
                 default="trygghetspunkt", choices=_catalogue_choices(POINT_KINDS),
                 description="Point kind; code or Swedish name.")
MUNICIPALITY_CODE = FieldSpec(
    "municipality_code", FieldType.MUNICIPALITY_CODE,
    ("kommunkod", "kommun_kod", "kommunnummer", "kommunnr", "kn_kod", "scb_kod"), required=True,
    description="SCB kommun code, 4 digits with leading zero (\"0180\").",
)
LEVEL = FieldSpec("level", FieldType.LEVEL, ("nivå", "nivå_1_3", "trygghetspunktsnivå"), required=True,
                  description="Nivå 1, 2 or 3.")
STATE = FieldSpec("state", _CHOICE, ("status", "tillstånd", "läge", "livscykel"), default="planned",
                  choices=tuple(POINT_STATES.items()), description="Lifecycle state.")
LAT = FieldSpec("lat", FieldType.COORDINATE, ("latitud", "latitude", "wgs84_lat", "lat_wgs84"),
                description="WGS 84 latitude, degrees north.")
LON = FieldSpec("lon", FieldType.COORDINATE, ("longitud", "longitude", "lng", "long", "wgs84_lon", "lon_wgs84"),
                description="WGS 84 longitude, degrees east.")
NORTHING = FieldSpec("n", FieldType.COORDINATE, ("northing", "sweref_n", "n_sweref99tm", "nordkoordinat"),
                     description="SWEREF 99 TM northing, m (7 digits).")
EASTING = FieldSpec("e", FieldType.COORDINATE, ("easting", "sweref_e", "e_sweref99tm", "östkoordinat"),
                    description="SWEREF 99 TM easting, m (6 digits).")
X = FieldSpec("x", FieldType.COORDINATE, ("x_sweref99tm", "x_koord", "x_koordinat"),
              description="Longitude if in degrees; otherwise SWEREF 99 TM metres, either axis convention.")
Y = FieldSpec("y", FieldType.COORDINATE, ("y_sweref99tm", "y_koord", "y_koordinat"),
              description="Latitude if in degrees; otherwise SWEREF 99 TM metres, either axis convention.")
ADDRESS = FieldSpec("address", _TEXT, ("adress", "gatuadress", "besöksadress", "street_address"), max_length=200,
                    description="Street address.")
POSTAL_CODE = FieldSpec("postal_code", FieldType.POSTAL_CODE, ("postnummer", "postnr", "post_nr", "zip"),
                        description="Postnummer, stored as \"831 91\".")
LOCALITY = FieldSpec("locality", _TEXT, ("ort", "postort", "tätort", "city", "town"), max_length=100,
                     description="Locality or postal town.")
SITE_NAME = FieldSpec("site_name", _TEXT, ("lokal", "lokalnamn", "lokalens_namn", "byggnad", "premises"), max_length=200,
                      description="The premises the point uses; defaults to the point's name.")
SITE_KIND = FieldSpec("site_kind", _CHOICE, ("lokaltyp", "typ_av_lokal", "site_type", "premises_kind"),
                      default="other", choices=_catalogue_choices(SITE_KINDS),
                      description="Kind of premises; code or Swedish name.")
CAPACITY_DAY = FieldSpec("capacity_day", _INT, ("kapacitet_dag", "kapacitet_dagtid", "platser_dag", "capacity_daytime"),
                         min_value=0, max_value=100_000, description="People it can take in the daytime.")
CAPACITY_NIGHT = FieldSpec(
    "capacity_night", _INT,
    ("kapacitet_natt", "kapacitet_övernattning", "övernattningsplatser", "platser_natt", "capacity_overnight"),
    min_value=0, max_value=100_000, description="People it can take overnight.",
)
PRIORITY_RANK = FieldSpec("priority_rank", _INT, ("prioritet", "prioritetsordning", "prio", "priority"),
                          min_value=1, max_value=100_000, description="1 = first to open or supply with fuel.")
BACKUP_POWER = FieldSpec("backup_power", _CHOICE, ("reservkraft", "reservkraft_typ"),
                         choices=tuple((bp.value, spellings) for bp, spellings in BACKUP_POWER_SPELLINGS.items()),
                         description="none, connection_point (for a mobile generator) or fixed.")
GENERATOR_KW = FieldSpec(
    "generator_kw", _DEC,
    ("reservkraft_kw", "aggregat_kw", "generatoreffekt_kw", "generator_power_kw", "effekt_kw"),
    min_value=0, min_exclusive=True, max_value=10_000,
    description="Rated power of the fixed generator, kW; required with fixed, not allowed with none.",
)
TANK_L = FieldSpec("tank_l", _DEC, ("tankvolym_l", "tank_liter", "bränsletank_l", "fuel_tank_l", "tankvolym"),
                   min_value=0, max_value=1_000_000, description="Generator fuel tank, litres; only with fixed.")
FIRE_SAFETY_24H = FieldSpec("fire_safety_24h", _BOOL, ("brandskydd_dygnsvistelse", "brandskydd_24h", "brandskydd"),
                            description="Fire safety approved for 24-hour stay.")
ACCESSIBLE = FieldSpec("accessible", _BOOL, ("tillgänglig", "tillgänglighet", "tillgänglighetsanpassad", "accessibility"),
                       description="Accessible to people with reduced mobility.")
NEARBY_SHELTER = FieldSpec("nearby_shelter", _BOOL, ("skyddsrum", "skyddsrum_nära", "närliggande_skyddsrum", "shelter"),
                           description="A public shelter (skyddsrum) nearby.")
PUBLIC = FieldSpec("public", _BOOL, ("publik", "offentlig", "publicerad", "visas_publikt", "is_public"),
                   description="Shown on the public map.")
FLOOR_AREA_M2 = FieldSpec("floor_area_m2", _DEC, ("yta_m2", "golvyta_m2", "lokalyta_m2", "area_m2", "yta"),
                          min_value=0, min_exclusive=True, max_value=1_000_000, description="Floor area, m².")
LANGUAGES = FieldSpec("languages", FieldType.LANGUAGES, ("språk", "languages_served"),
                      description="ISO 639-1 codes separated by comma, semicolon or space (\"sv, en;ar\").")
OPENING_HOURS = FieldSpec("opening_hours", _TEXT, ("öppettider", "opening_times"), max_length=200,
                          description="Opening hours as free text.")
NOTES = FieldSpec("notes", _TEXT, ("anteckningar", "kommentar", "kommentarer", "anmärkning", "övrigt", "comment", "comments"),
                  max_length=2000, description="Free text.")

_COORDINATES = (LAT, LON, NORTHING, EASTING, X, Y)
COORDINATE_NAMES = frozenset(spec.name for spec in _COORDINATES)

POINT_SCHEMA: tuple[FieldSpec, ...] = (
    REF, NAME, KIND, MUNICIPALITY_CODE, LEVEL, STATE, *_COORDINATES, ADDRESS, POSTAL_CODE, LOCALITY,
    SITE_NAME, SITE_KIND, CAPACITY_DAY, CAPACITY_NIGHT, PRIORITY_RANK, BACKUP_POWER, GENERATOR_KW, TANK_L,
    FIRE_SAFETY_24H, ACCESSIBLE, NEARBY_SHELTER, PUBLIC, FLOOR_AREA_M2, LANGUAGES, OPENING_HOURS, NOTES,
)
"""Every column a points file may have, in the order the writers use."""

# In a file of sites the name is the site's and "kind"/"typ" is the kind of premises.
_SITE_NAME = FieldSpec(NAME.name, _TEXT, ("namn", "benämning", "site_name", "lokal", "lokalnamn", "lokalens_namn"),
                       required=True, max_length=200, description="The premises' name.")
_SITE_KIND = FieldSpec(SITE_KIND.name, _CHOICE, ("kind", "typ", *SITE_KIND.aliases), default="other",
                       choices=SITE_KIND.choices, description=SITE_KIND.description)

SITE_SCHEMA: tuple[FieldSpec, ...] = (
    REF, _SITE_NAME, _SITE_KIND, MUNICIPALITY_CODE, *_COORDINATES, ADDRESS, POSTAL_CODE, LOCALITY,
    BACKUP_POWER, GENERATOR_KW, TANK_L, FIRE_SAFETY_24H, ACCESSIBLE, NEARBY_SHELTER, FLOOR_AREA_M2, NOTES,
)
"""Every column a sites file may have."""


def alias_map(schema: Iterable[FieldSpec]) -> dict[str, str]:
    """:func:`header_key` of every accepted column name → canonical name.

    Raises
    ------
    ValueError
        If two fields claim the same name (a bug in the schema).
    """
    mapping: dict[str, str] = {}
    for spec in schema:
        for name in (spec.name, *spec.aliases):
            key = header_key(name)
            if mapping.setdefault(key, spec.name) != spec.name:
                raise ValueError(f"column name {name!r} is claimed by {mapping[key]!r} and {spec.name!r}")
    return mapping
