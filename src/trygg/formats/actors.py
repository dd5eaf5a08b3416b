"""The actor directory as a CSV file: who takes part in a crisis and how to reach them (R10).

Columns (Swedish or English names, any order; ``name`` is required)::

    name | namn, kind | typ, municipality_code | kommunkod, crisis_role | funktion,
    phone | telefon, email | e-post, rakel, reachable | nås

``kind`` is ``authority`` (myndighet), ``municipality`` (kommun), ``county``
(länsstyrelse), ``volunteer`` (frivillig), ``company`` (företag) or ``other``
(annan). A blank ``municipality_code`` puts the actor at county level. The
file is read whole before anything is stored: one bad row refuses it all.
Which columns the file has is kept (:attr:`ActorTable.columns`): an update
changes only the fields the file speaks of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trygg.formats.errors import ImportRejected, RowError, RowWarning
from trygg.formats.tabular import Source, header_key, read_table
from trygg.text import N_, Text

KINDS = {"authority": "authority", "myndighet": "authority", "municipality": "municipality", "kommun": "municipality",
         "county": "county", "lansstyrelse": "county", "länsstyrelse": "county", "volunteer": "volunteer",
         "frivillig": "volunteer", "frivilligorganisation": "volunteer", "company": "company", "foretag": "company",
         "företag": "company", "other": "other", "annan": "other", "ovrig": "other", "övrig": "other"}

_COLUMNS = {"name": ("name", "namn", "organisation"), "kind": ("kind", "typ", "slag"),
            "municipality_code": ("municipality_code", "kommunkod", "kommun"),
            "crisis_role": ("crisis_role", "funktion", "roll i kris", "roll"),
            "phone": ("phone", "telefon", "tel"), "email": ("email", "e-post", "epost", "mejl"),
            "rakel": ("rakel", "rakel talkgroup", "talgrupp"), "reachable": ("reachable", "nås", "nas", "tillgänglig")}
ALIASES = {header_key(alias): field for field, names in _COLUMNS.items() for alias in names}

_LENGTHS = {"name": 200, "crisis_role": 200, "phone": 40, "email": 254, "rakel": 80, "reachable": 200}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[\d\s\-()/]{3,40}")


@dataclass(frozen=True)
class ActorRow:
    row: int
    name: str
    kind: str  # one of KINDS' values, or "" when the cell is blank
    municipality_code: str
    crisis_role: str
    phone: str
    email: str
    rakel: str
    reachable: str


def _problems(row: int, cells: dict[str, str]) -> list[RowError]:
    errors = []

    def error(field: str, message: Text) -> None:
        errors.append(RowError(row, field, cells.get(field, ""), message))

    if not cells.get("name", "").strip():
        error("name", N_("The name is missing."))
    if cells.get("kind", "").strip() and cells["kind"].strip().lower() not in KINDS:
        error("kind", N_("Unknown kind: give authority, municipality, county, volunteer, company or other."))
    code = cells.get("municipality_code", "").strip()
    if code and not re.fullmatch(r"\d{4}", code):
        error("municipality_code", N_("The municipality code must be four digits (SCB), e.g. 2309."))
    if cells.get("email", "").strip() and not _EMAIL.fullmatch(cells["email"].strip()):
        error("email", N_("Not an e-mail address."))
    if cells.get("phone", "").strip() and not _PHONE.fullmatch(cells["phone"].strip()):
        error("phone", N_("A phone number may hold only digits, spaces, +, - and brackets."))
    for field, limit in _LENGTHS.items():
        if len(cells.get(field, "")) > limit:
            error(field, N_("At most {limit} characters.", limit=limit))
    for field, value in cells.items():
        if "\x00" in value:
            error(field, N_("Contains a NUL character."))
    return errors


@dataclass(frozen=True)
class ActorTable:
    rows: list[ActorRow]
    columns: frozenset[str]  # the canonical fields the file has a column for
    warnings: list[RowWarning]  # unknown columns, ignored


def read_actors(source: Source, source_name: str | None = None) -> ActorTable:
    """Every row of the file, checked; :class:`ImportRejected` lists every problem when any row is bad."""
    table = read_table(source, aliases=ALIASES, source_name=source_name)  # refuses files past trygg.formats.limits
    name = source_name or str(getattr(source, "name", source))
    errors = list(table.errors)
    if "name" not in table.fields:
        errors.append(RowError(table.header_row, "name", "", N_("The column 'name' is missing.")))
    seen: dict[str, int] = {}
    actors = []
    for row in table.rows:
        cells = {k: v.strip() for k, v in row.cells.items()}
        errors.extend(_problems(row.row, cells))
        key = cells.get("name", "").casefold()
        if key and key in seen:
            errors.append(RowError(row.row, "name", cells["name"], N_("The same name as row {seen}.", seen=seen[key])))
        seen.setdefault(key, row.row)
        actors.append(ActorRow(row.row, cells.get("name", ""), KINDS.get(cells.get("kind", "").lower(), ""),
                               cells.get("municipality_code", ""), cells.get("crisis_role", ""), cells.get("phone", ""),
                               cells.get("email", ""), cells.get("rakel", ""), cells.get("reachable", "")))
    if errors:
        raise ImportRejected(errors, name)
    return ActorTable(actors, frozenset(f for f in table.fields if f), list(table.warnings))
