"""The bytes of a user's file and their text: size limits, encodings, NUL characters.

Every reader of user files (:mod:`trygg.formats.tabular` for CSV, the GeoJSON and
population-grid readers) starts here: :func:`read_source` reads at most the byte limit,
:func:`decode` tells UTF-8 (with or without a byte-order mark), UTF-16 and
Windows-1252 apart, and a file that is no text is refused with a message naming it.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Protocol

from trygg.formats.errors import ImportRejected, RowError
from trygg.formats.limits import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    megabytes,
)
from trygg.text import N_, Text


class Readable(Protocol):
    """A binary stream, or anything that reads like one (a Django upload)."""

    def read(self, size: int = -1, /) -> bytes: ...


Source = str | os.PathLike[str] | bytes | Readable
"""A path, the file's bytes, or an open binary file (e.g. an uploaded file)."""


def read_source(source: Source, source_name: str | None = None,
                max_bytes: int = MAX_IMPORT_BYTES) -> tuple[bytes, str]:
    """The bytes of ``source`` and the name to use for it in messages.

    At most :data:`~trygg.formats.limits.MAX_IMPORT_BYTES` + 1 bytes are ever
    read: a larger file is refused at once (a path by its size, before it is
    opened), so refusing a huge file costs no more memory than the limit.

    Parameters
    ----------
    source : path, bytes or binary file
        Where the data is.
    source_name : str, optional
        Overrides the name (default: the file name, or ``"<input>"`` for bytes).
    max_bytes : int
        The byte limit (default :data:`~trygg.formats.limits.MAX_IMPORT_BYTES`;
        the population grid has its own, :data:`~trygg.formats.limits.MAX_GRID_BYTES`).

    Raises
    ------
    ImportRejected
        If the file cannot be read or is larger than the limit.
    """
    if isinstance(source, bytes | bytearray):
        name = source_name or "<input>"
        _check_size(len(source), name, max_bytes)
        return bytes(source), name
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = source_name or path.name
        try:
            _check_size(path.stat().st_size, name, max_bytes)
            with path.open("rb") as handle:
                return _read_bounded(handle, name, max_bytes), name
        except OSError as exc:
            error = RowError(None, "", str(path), N_("The file cannot be read ({reason}).", reason=exc.strerror or str(exc)))
            raise ImportRejected([error], name) from exc
    name = source_name or Path(str(getattr(source, "name", "<input>"))).name
    size = getattr(source, "size", None)  # a Django upload knows its size before it is read
    if isinstance(size, int):
        _check_size(size, name, max_bytes)
    return _read_bounded(source, name, max_bytes), name


def _read_bounded(stream: Readable, source_name: str, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """Read a stream in chunks, refusing it as soon as it passes the byte limit."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(1024 * 1024, max_bytes + 1 - total)):
        if isinstance(chunk, str):  # a text stream was passed; its encoding is already undone
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
        _check_size(total, source_name, max_bytes)
    return b"".join(chunks)


def _check_size(size: int, source_name: str, max_bytes: int = MAX_IMPORT_BYTES) -> None:
    if size > max_bytes:
        raise limit_exceeded(
            source_name, None, "",
            N_("The file is larger than the limit of {max_bytes} ({max_bytes2}); split it.", max_bytes=megabytes(max_bytes), max_bytes2=limit_name(max_bytes)),
        )


def limit_name(value: int, kind: str = "bytes") -> str:
    """The name of the limit in messages: the register import's, or the population grid's."""
    if kind == "bytes":
        return "MAX_IMPORT_BYTES" if value == MAX_IMPORT_BYTES else "MAX_GRID_BYTES"
    return "MAX_IMPORT_ROWS" if value == MAX_IMPORT_ROWS else "MAX_GRID_SQUARES"


def limit_exceeded(source_name: str, row: int | None, field_name: str, message: Text,
                   unit: str = "row") -> ImportRejected:
    """The one error of a file refused for passing a limit of :mod:`trygg.formats.limits`."""
    return ImportRejected([RowError(row, field_name, "", message, unit)], source_name)


def decode(data: bytes, source_name: str) -> tuple[str, str]:
    """Decode file bytes: strict UTF-8 first, then Windows-1252.

    Strict UTF-8 almost never accepts a Windows-1252 file that holds å, ä or ö
    (their single bytes are invalid UTF-8), so trying it first tells the two
    apart without guessing. A UTF-16 byte-order mark (Excel's "Unicode text")
    is honoured.

    Returns
    -------
    text, encoding : str, str
        The text and the encoding used (``"utf-8"``, ``"utf-8-sig"``,
        ``"utf-16"`` or ``"cp1252"``).

    Raises
    ------
    ImportRejected
        If the bytes are neither, or the text holds a NUL character (a
        binary file, or UTF-16 without its byte-order mark).
    """
    text, encoding = _decode(data, source_name)
    _refuse_nul(text, source_name)
    return text, encoding


def _refuse_nul(text: str, source_name: str) -> None:
    position = text.find("\x00")
    if position < 0:
        return
    row = text.count("\n", 0, position) + 1
    raise ImportRejected(
        [
            RowError(
                row, "", "\\0",
                N_("The file contains a NUL character (byte 0), so it is not a text file. Save it again as CSV UTF-8 or GeoJSON."),
            )
        ],
        source_name,
    )


def _decode(data: bytes, source_name: str) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(source_name, exc) from exc
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _undecodable(source_name, exc) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _undecodable(source_name, exc) from exc


def _undecodable(source_name: str, exc: UnicodeDecodeError) -> ImportRejected:
    value = exc.object[exc.start : exc.end].hex(" ")
    return ImportRejected(
        [
            RowError(
                None, "", value,
                N_("The file is neither UTF-8 nor Windows-1252 (byte {start}). Save it as CSV UTF-8.", start=exc.start),
            )
        ],
        source_name,
    )
