"""The offline working package of a point (issue 5, "offline field mode").

A JSON file a laptop at the point keeps while the network is down: the
point's plan, contacts, roster and the event's log so far, plus the entries
recorded offline (``new_entries``), each with its own UUID so that merging
it back, in any order and any number of times, loses and doubles nothing.
This module reads, validates and appends to the file; it needs no database.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

FORMAT = "trygg-field-package"
VERSION = 1
ENTRY_KINDS = frozenset({"note", "status", "state", "contact", "request", "correction"})


class PackageError(ValueError):
    """The file is not a usable package; the message says where and why."""


def load(path: Path) -> dict[str, Any]:
    try:
        package = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{path}: not a readable JSON file ({exc})") from None
    check(package, str(path))
    return package


def save(package: dict[str, Any], path: Path) -> None:
    """Write atomically: a laptop may lose power mid-write, the old file must survive."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def check(package: Any, source: str = "package") -> None:
    if not isinstance(package, dict) or package.get("format") != FORMAT:
        raise PackageError(f"{source}: not a trygg field package (format must be {FORMAT!r})")
    if package.get("version") != VERSION:
        raise PackageError(f"{source}: version {package.get('version')!r} is not supported (expected {VERSION})")
    for key in ("event", "point", "new_entries"):
        if key not in package:
            raise PackageError(f"{source}: field {key!r} is missing")
    for i, entry in enumerate(package["new_entries"], start=1):
        check_entry(entry, f"{source}: new_entries[{i}]")


def check_entry(entry: Any, where: str) -> None:
    if not isinstance(entry, dict):
        raise PackageError(f"{where}: an entry must be an object")
    try:
        uuid.UUID(str(entry.get("id")))
    except ValueError:
        raise PackageError(f"{where}: field 'id' is not a UUID (value: {entry.get('id')!r})") from None
    if entry.get("kind") not in ENTRY_KINDS:
        raise PackageError(f"{where}: field 'kind' must be one of {sorted(ENTRY_KINDS)} (value: {entry.get('kind')!r})")
    try:
        when = dt.datetime.fromisoformat(str(entry.get("occurred_at")))
    except ValueError:
        raise PackageError(f"{where}: field 'occurred_at' is not an ISO time (value: {entry.get('occurred_at')!r})") from None
    if when.tzinfo is None:
        raise PackageError(f"{where}: field 'occurred_at' needs a time zone offset (value: {entry['occurred_at']!r})")
    if not isinstance(entry.get("data", {}), dict):
        raise PackageError(f"{where}: field 'data' must be an object")


def add_entry(package: dict[str, Any], *, kind: str, text: str = "", data: dict[str, Any] | None = None,
              author: str = "", occurred_at: dt.datetime | None = None, corrects: str | None = None) -> dict[str, Any]:
    """Append an offline entry with a fresh UUID and return it."""
    entry = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "occurred_at": (occurred_at or dt.datetime.now().astimezone()).isoformat(),
        "text": text,
        "data": data or {},
        "author": author or package.get("issued_to", ""),
        "point": package["point"]["id"],
    }
    if corrects:
        entry["corrects"] = corrects
    check_entry(entry, "new entry")
    package["new_entries"].append(entry)
    return entry
