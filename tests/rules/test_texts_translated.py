"""Every deferred text (``N_``/``NP_`` in trygg) has a Swedish translation in the compiled catalogue.

The test reads the ids from the source as xgettext does, so a rule text added
without its Swedish translation (locale-pending, then the fold) fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import polib

from trygg.rules.catalogue import ACTIVATION_QUESTIONS, EQUIPMENT, FUNCTIONS, SITE_KINDS
from trygg.rules.levels import LEVELS, Level
from trygg.rules.readiness import PointPlan, check_readiness
from trygg.text import LOCALE_DIR, N_, NP_, catalogue, joined

SRC = Path(__file__).resolve().parents[2] / "src" / "trygg"


def deferred_ids() -> set[tuple[str | None, str]]:
    ids = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("N_", "NP_")
            ):
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                ids.add((args[0], args[1]) if node.func.id == "NP_" else (None, args[0]))
    return ids


def test_the_source_has_the_rule_texts():
    ids = deferred_ids()
    assert (None, "Missing equipment: {names}.") in ids and ("point function", "Fuel") in ids
    assert len(ids) > 150


def test_every_deferred_text_has_a_swedish_translation():
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.mofile(str(LOCALE_DIR / "sv/LC_MESSAGES/django.mo"))
    }
    missing = sorted(msgid for key in deferred_ids() if not compiled.get(key) for msgid in [key[1]])
    assert missing == []


def test_the_swedish_names_are_the_catalogues_wording():
    assert FUNCTIONS["hygiene_sanitation"].name("sv") == "Hygien och sanitet"
    # The web's "Fuel" is "Bränsle": a message context keeps the two apart.
    assert FUNCTIONS["fuel"].name("sv") == "Drivmedel"
    assert EQUIPMENT["vehicles"].name("sv") == "Bilar eller motorcyklar för transport och ordonnans"
    assert SITE_KINDS["village_hall"].name("en") == "Village hall (bygdegård)"
    assert (
        ACTIVATION_QUESTIONS["closing"].name("sv")
        == "När och hur avvecklas punkten, och vem ansvarar?"
    )
    assert LEVELS[Level.TWO].description("sv").startswith("Kan användas större delen av dygnet")


def test_gap_texts_put_translated_names_inside_translated_sentences():
    gaps = {g.code: g for g in check_readiness(PointPlan(level=3)).gaps}
    assert (
        gaps["function:heating"].message("sv")
        == "Funktionen värme saknas i planen (krävs på nivå 3)."
    )
    assert (
        gaps["function:heating"].message("en")
        == "The plan lacks the function heating (required at level 3)."
    )
    assert (
        gaps["equipment:beds"].message("sv")
        == "Utrustning saknas: sängar eller fältsängar eller liggunderlag."
    )
    assert (
        str(gaps["equipment:beds"].text) == "Missing equipment: beds or camp beds or sleeping mats."
    )


def test_a_language_without_a_catalogue_gets_the_english_ids():
    text = N_(
        "{role}: {assigned} of {needed} assigned.",
        role=NP_("point function", "Fuel"),
        assigned=1,
        needed=2,
    )
    assert text.in_language("de") == str(text) == "Fuel: 1 of 2 assigned."
    assert text.in_language("sv-se") == "Drivmedel: 1 av 2 bemannade."
    assert joined(N_("and"), (N_("the store"), "X")).render(catalogue("sv")) == "butiken och X"
