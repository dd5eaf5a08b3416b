"""No app imports an app above it (docs/architecture.md): the layering, checked on every import.

Every ``import``/``from … import`` counts, at module level or inside a function, and so does a
string that names a ``trygg.<app>.<module>`` (a dotted path in settings or ``import_string``).
Apps on the same rank are independent: neither imports the other. The few upward imports not yet
moved are listed in ``KNOWN_UPWARD`` file by file; the list may only shrink (an entry that no
longer occurs fails too, so whoever removes an import removes its line).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "trygg"

#: Rank of every part of ``trygg``, bottom (0) to top. The same rank: independent siblings.
RANKS: dict[str, int] = {
    # shared base: plain Python, no Django
    "text": 0,
    "data": 0,
    "errorbody": 0,
    # the pure layers (tests/test_pure_layers_import_no_django.py keeps Django out of them)
    "rules": 1,
    "analysis": 2,
    "formats": 3,
    # Django apps; shared: what accounts and registry both build on (history, organisation kinds)
    "shared": 4,
    "accounts": 5,
    "jobs": 6,
    "registry": 7,
    "api": 8,
    "population": 8,
    "harvest": 8,
    "operations": 9,
    "warnings": 10,
    "alerts": 11,
    "public": 11,
    "screen": 11,
    # the assembly: settings, URLs, the command line
    "demo": 12,
    "web": 13,
    "cli": 14,
}

#: Upward imports still to be moved: (file under src/trygg, imported module) → why it is still there.
KNOWN_UPWARD: dict[tuple[str, str], str] = {
    # none left (docs/architecture.md says how each was moved)
}

_DOTTED = re.compile(r"trygg\.[a-z_]+(\.[A-Za-z_]+)+(:[A-Za-z_]+)?")  # "module:function" too


def part_of(path: Path, root: Path = SRC) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports_of(path: Path) -> set[str]:
    """Every ``trygg.…`` module the file imports or names in a dotted string, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _DOTTED.fullmatch(node.value)
        ):
            names.add(node.value.partition(":")[0])
    return {name for name in names if name.startswith("trygg.")}


def upward_imports(root: Path = SRC) -> set[tuple[str, str]]:
    """(file, module) for every import of a part ranked above the file's, or of an independent sibling."""
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        here = part_of(path, root)
        for name in imports_of(path):
            there = name.split(".")[1]
            if there != here and RANKS[there] >= RANKS[here]:
                found.add((path.relative_to(root).as_posix(), name))
    return found


def test_every_part_of_trygg_has_a_rank():
    parts = {part_of(p) for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC}
    assert sorted(parts - set(RANKS)) == []


def test_no_app_imports_upward():
    new = sorted(upward_imports() - set(KNOWN_UPWARD))
    assert new == [], (
        "upward imports (move the code down, or the import into the caller above): " + repr(new)
    )


def test_the_known_upward_imports_are_still_there():
    gone = sorted(set(KNOWN_UPWARD) - upward_imports())
    assert gone == [], "no longer imported upward: remove from KNOWN_UPWARD " + repr(gone)


def test_the_check_sees_imports_inside_functions_and_dotted_strings(tmp_path):
    app = tmp_path / "registry"
    app.mkdir()
    (app / "bad.py").write_text(
        'def f():\n    from trygg.operations import log\n\nPATH = "trygg.public.status.live"\n'
        'KIND = "trygg.population.coverage_job:run"\n'
    )
    assert upward_imports(tmp_path) == {
        ("registry/bad.py", "trygg.operations"),
        ("registry/bad.py", "trygg.public.status.live"),
        ("registry/bad.py", "trygg.population.coverage_job"),
    }
