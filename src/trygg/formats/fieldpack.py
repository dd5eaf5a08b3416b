"""The offline working package of a point (issue 5, "offline field mode"; issue 11, signing).

A JSON file a laptop at the point keeps while the network is down: the
point's plan, contacts, roster and the event's log so far (the *issued part*,
signed by the server), plus the entries recorded offline (``new_entries``),
each with its own UUID so that merging it back, in any order and any number of
times, loses and doubles nothing.

The issued part is signed with HMAC-SHA256 over a canonical serialisation,
bound to the event, the point and the user the package was issued to; the key
is passed in by the caller (this layer knows nothing of Django or its
settings). ``new_entries`` are not signed: they are written offline, and the
server takes their author from whoever uploads the file. An entry may carry a
``noted_by`` text (the name the person in the field typed), kept as a note,
never as the author.

This module reads, validates, signs and appends to the file; it needs no database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from pathlib import Path
from typing import Any, Literal

from trygg.text import N_, Text, TextError

FORMAT = "trygg-field-package"
VERSION = 1
ENTRY_KINDS = frozenset({"note", "status", "state", "contact", "request", "correction"})
SIGNATURE_ALGORITHM = "HMAC-SHA256"
UNSIGNED_KEYS = frozenset({"new_entries", "signature"})

# Limits: a package is a point's plan and an event's log; anything far larger is not one.
MAX_BYTES = 10 * 1024 * 1024
MAX_NEW_ENTRIES = 5_000
MAX_TEXT_CHARS = 10_000
MAX_NOTED_BY_CHARS = 150

SignatureState = Literal["valid", "missing", "invalid"]


class PackageError(TextError):
    """The file is not a usable package; ``message`` says where and why (``str()``: in English)."""


# ---- reading and writing ----------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackageError(N_("{path}: cannot be read ({exc})", path=str(path), exc=str(exc))) from None
    check_size(size, str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackageError(N_("{path}: cannot be read ({exc})", path=str(path), exc=str(exc))) from None
    return parse(raw, str(path))


def parse(raw: bytes, source: str = "package") -> dict[str, Any]:
    """The package in ``raw`` (the bytes of an uploaded or stored file), checked."""
    check_size(len(raw), source)
    try:
        package = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise PackageError(N_("{source}: not a readable JSON file ({detail})", source=source, detail=detail)) from None
    check(package, source)
    return package


def check_size(size: int, source: str) -> None:
    if size > MAX_BYTES:
        mib = MAX_BYTES // (1024 * 1024)
        raise PackageError(N_("{source}: {size} bytes is larger than a field package may be (at most {mib} MiB)", source=source, size=size, mib=mib))


def save(package: dict[str, Any], path: Path) -> None:
    """Write atomically: a laptop may lose power mid-write, the old file must survive."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


# ---- shape --------------------------------------------------------------------


def check(package: Any, source: str = "package") -> None:
    """Refuse anything that is not a package of this format, naming the field."""
    if not isinstance(package, dict) or package.get("format") != FORMAT:
        raise PackageError(N_("{source}: not a trygg field package (format must be {FORMAT!r})", source=source, FORMAT=FORMAT))
    if package.get("version") != VERSION:
        raise PackageError(N_("{source}: version {version} is not supported (expected {VERSION})", source=source, version=repr(package.get("version")), VERSION=VERSION))
    for key in ("event", "point", "new_entries"):
        if key not in package:
            raise PackageError(N_("{source}: field {key!r} is missing", source=source, key=key))
    for key in ("event", "point"):
        _check_reference(package[key], N_("{source}: field {key!r}", source=source, key=key))
    if not isinstance(package.get("issued_to", ""), str):
        raise PackageError(N_("{source}: field 'issued_to' must be a text", source=source))
    entries = package["new_entries"]
    if not isinstance(entries, list):
        raise PackageError(N_("{source}: field 'new_entries' must be a list (value: {entries})", source=source, entries=_shown(entries)))
    if len(entries) > MAX_NEW_ENTRIES:
        raise PackageError(N_("{source}: {entries_count} new entries is more than a package may hold (at most {MAX_NEW_ENTRIES})", source=source, entries_count=len(entries), MAX_NEW_ENTRIES=MAX_NEW_ENTRIES))
    for i, entry in enumerate(entries, start=1):
        check_entry(entry, f"{source}: new_entries[{i}]")


def _check_reference(value: Any, where: Text) -> None:
    """``event`` and ``point`` are objects with a whole-number ``id``."""
    if not isinstance(value, dict):
        raise PackageError(N_("{where} must be an object with an 'id' (value: {value})",
                              where=where, value=_shown(value)))
    ident = value.get("id")
    if isinstance(ident, bool) or not isinstance(ident, int):
        raise PackageError(N_("{where}: 'id' must be a whole number (value: {value})",
                              where=where, value=_shown(ident)))


def check_entry(entry: Any, where: str) -> None:
    if not isinstance(entry, dict):
        raise PackageError(N_("{where}: an entry must be an object", where=where))
    _check_uuid(entry.get("id"), where, "id")
    if entry.get("kind") not in ENTRY_KINDS:
        raise PackageError(N_("{where}: field 'kind' must be one of {ENTRY_KINDS} (value: {shown})", where=where, ENTRY_KINDS=str(sorted(ENTRY_KINDS)), shown=_shown(entry.get('kind'))))
    _check_time(entry.get("occurred_at"), where)
    if not isinstance(entry.get("data", {}), dict):
        raise PackageError(N_("{where}: field 'data' must be an object", where=where))
    _check_text(entry.get("text", ""), where, "text", MAX_TEXT_CHARS)
    _check_text(entry.get("noted_by", ""), where, "noted_by", MAX_NOTED_BY_CHARS)
    if entry.get("corrects") is not None:
        _check_uuid(entry["corrects"], where, "corrects")
    if "\\u0000" in json.dumps(entry.get("data", {})):
        raise PackageError(N_("{where}: field 'data' contains a NUL character", where=where))


def _check_uuid(value: Any, where: str, name: str) -> None:
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise PackageError(N_("{where}: field {name!r} is not a UUID (value: {value})", where=where, name=name, value=_shown(value))) from None


def _check_time(value: Any, where: str) -> None:
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise PackageError(N_("{where}: field 'occurred_at' is not an ISO time (value: {value})", where=where, value=_shown(value))) from None
    if when.tzinfo is None:
        raise PackageError(N_("{where}: field 'occurred_at' needs a time zone offset (value: {value})", where=where, value=_shown(value)))


def _check_text(value: Any, where: str, name: str, limit: int) -> None:
    if not isinstance(value, str):
        raise PackageError(N_("{where}: field {name!r} must be a text (value: {value})", where=where, name=name, value=_shown(value)))
    if "\x00" in value:
        raise PackageError(N_("{where}: field {name!r} contains a NUL character", where=where, name=name))
    if len(value) > limit:
        raise PackageError(N_("{where}: field {name!r} is {value_count} characters long (at most {limit})", where=where, name=name, value_count=len(value), limit=limit))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


# ---- signing --------------------------------------------------------------------


def issued_part(package: dict[str, Any]) -> dict[str, Any]:
    """Everything the server wrote when it issued the package (all but the offline entries)."""
    return {k: v for k, v in package.items() if k not in UNSIGNED_KEYS}


def canonical(value: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode("utf-8")


def signature(package: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of the issued part, bound to its event id, point id and the user it was issued to."""
    signed = {"event": package["event"]["id"], "point": package["point"]["id"],
              "issued_to": package.get("issued_to", ""), "issued": issued_part(package)}
    return hmac.new(key, canonical(signed), hashlib.sha256).hexdigest()


def sign(package: dict[str, Any], key: bytes) -> None:
    package["signature"] = {"algorithm": SIGNATURE_ALGORITHM, "value": signature(package, key)}


def signature_state(package: dict[str, Any], key: bytes) -> SignatureState:
    """``valid``, ``missing`` (no signature at all) or ``invalid`` (forged, or changed after signing)."""
    sig = package.get("signature")
    if sig is None:
        return "missing"
    if not isinstance(sig, dict) or sig.get("algorithm") != SIGNATURE_ALGORITHM or not isinstance(sig.get("value"), str):
        return "invalid"
    try:
        expected = signature(package, key)
    except ValueError:  # NaN or Infinity in the issued part: never written by the server
        return "invalid"
    return "valid" if hmac.compare_digest(expected, sig["value"]) else "invalid"


# ---- offline entries ----------------------------------------------------------


def add_entry(package: dict[str, Any], *, kind: str, text: str = "", data: dict[str, Any] | None = None,
              noted_by: str = "", occurred_at: dt.datetime | None = None, corrects: str | None = None) -> dict[str, Any]:
    """Append an offline entry with a fresh UUID and return it.

    ``noted_by`` is the name the person in the field gives; the server keeps it as a note and
    records the entry as written by whoever uploads the package.
    """
    entry = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "occurred_at": (occurred_at or dt.datetime.now().astimezone()).isoformat(),
        "text": text,
        "data": data or {},
        "noted_by": noted_by,
        "point": package["point"]["id"],
    }
    if corrects:
        entry["corrects"] = corrects
    check_entry(entry, "new entry")
    package["new_entries"].append(entry)
    return entry
