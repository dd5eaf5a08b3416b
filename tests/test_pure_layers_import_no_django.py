"""The pure layers (rules, analysis, formats) must never import Django (DESIGN.md)."""

import ast
from pathlib import Path

PURE = ["rules", "analysis", "formats"]
SRC = Path(__file__).resolve().parent.parent / "src" / "trygg"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_pure_layers_exist():
    for layer in PURE:
        assert list((SRC / layer).rglob("*.py")), f"no modules in trygg.{layer}"


def test_no_pure_module_imports_django_or_the_web_layer():
    offenders = []
    for layer in PURE:
        for path in (SRC / layer).rglob("*.py"):
            for name in imported_modules(path):
                top = name.split(".")[0]
                web = name.startswith(("trygg.registry", "trygg.accounts", "trygg.api", "trygg.web", "trygg.demo", "trygg.cli"))
                if top in {"django", "rest_framework", "drf_spectacular"} or web:
                    offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []


def test_the_check_catches_a_django_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\n")
    assert "django.db" in imported_modules(bad)
