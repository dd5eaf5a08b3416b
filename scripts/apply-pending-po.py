"""Fold the Swedish translations written in locale-pending/*.po into the catalogue.

Several people work on the tree at once; each writes the msgid/msgstr pairs of the texts
they added into their own locale-pending/<topic>.po, then runs (under a lock, so two
runs never interleave):

    flock /tmp/trygg-po.lock .venv/bin/python scripts/apply-pending-po.py

which collects every string (makemessages), copies the pending translations in, and
compiles the catalogue. The pending files are removed once merged into main.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "src/trygg/locale/sv/LC_MESSAGES/django.po"


def main() -> int:
    subprocess.run(["bash", str(ROOT / "scripts/messages.sh")], check=True)
    catalogue = polib.pofile(str(CATALOGUE), wrapwidth=79)
    by_id = {(e.msgctxt, e.msgid): e for e in catalogue}
    missing = 0
    for pending in sorted((ROOT / "locale-pending").glob("*.po")):
        for entry in polib.pofile(str(pending)):
            target = by_id.get((entry.msgctxt, entry.msgid))
            if target is None:
                continue  # not (or no longer) in the source
            target.msgstr = entry.msgstr
            if entry.msgstr_plural:
                target.msgstr_plural = dict(entry.msgstr_plural)
            if "fuzzy" in target.flags:
                target.flags.remove("fuzzy")
                target.previous_msgid = target.previous_msgid_plural = target.previous_msgctxt = None
    catalogue.save()
    # Rewrap as gettext does, so the file differs from makemessages' only where a text changed.
    subprocess.run(["msgcat", "--no-location", "-o", str(CATALOGUE), str(CATALOGUE)], check=True)
    subprocess.run(["msgfmt", "--check-format", "-o", str(CATALOGUE.with_suffix(".mo")), str(CATALOGUE)], check=True)
    for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
        missing += 1
        print(f"untranslated or fuzzy: {entry.msgid[:70]!r}", file=sys.stderr)
    print(f"{CATALOGUE.relative_to(ROOT)}: {missing} untranslated or fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
