"""The paper sizes posters come in: the one list the URLs, views, static export, CLI and PDF layout read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PosterSize:
    code: str  # in URLs and file names: affisch/p/12/sv-a4.pdf
    page: str  # the CSS @page size
    base_pt: int  # body text size; bigger paper is read from further away
    qr_mm: int


POSTER_SIZES: dict[str, PosterSize] = {
    size.code: size for size in (PosterSize("a4", "A4", 13, 42), PosterSize("a3", "A3", 18, 60))
}
DEFAULT_POSTER_SIZE = "a4"
