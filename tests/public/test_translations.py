"""Every public language has every public text, its placeholders intact, and a compiled catalogue that is current."""

import re
import subprocess
from pathlib import Path

import pytest

import trygg.public
from trygg.public.languages import PUBLIC_LANGUAGES

LOCALE = Path(trygg.public.__file__).parent / "locale"
ENTRY = re.compile(r'(?:msgctxt "(?P<ctx>[^"]*)"\n)?msgid "(?P<id>(?:[^"\\]|\\.)*)"\nmsgstr "(?P<str>(?:[^"\\]|\\.)*)"\n')


def _catalogue_dir(django_code: str) -> str:
    language, _, variant = django_code.partition("-")
    return f"{language}_{variant.upper()}" if variant else language


def _entries(directory: str) -> list[re.Match[str]]:
    text = (LOCALE / directory / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return [m for m in ENTRY.finditer(text) if m.group("id")]


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES, ids=lambda language: language.code)
def test_every_public_text_is_translated_with_its_placeholders(language):
    entries = [m for m in _entries(_catalogue_dir(language.django_code)) if m.group("ctx") == "public"]
    assert len(entries) > 80
    for entry in entries:
        assert entry.group("str"), f"{language.code}: untranslated {entry.group('id')!r}"
        placeholders = sorted(re.findall(r"%\(\w+\)s", entry.group("id")))
        assert sorted(re.findall(r"%\(\w+\)s", entry.group("str"))) == placeholders, entry.group("id")


def test_the_binder_is_translated_into_swedish():
    entries = [m for m in _entries("sv") if m.group("ctx") == "binder"]
    assert entries and all(m.group("str") for m in entries)


def test_the_same_set_of_texts_is_in_every_catalogue():
    def ids(directory: str) -> set[tuple[str, str]]:
        return {(m.group("ctx") or "", m.group("id")) for m in _entries(directory) if m.group("ctx") == "public"}

    swedish = ids("sv")
    for language in PUBLIC_LANGUAGES:
        assert ids(_catalogue_dir(language.django_code)) == swedish, language.code


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES, ids=lambda language: language.code)
def test_the_compiled_catalogue_is_current(language, tmp_path):
    po = LOCALE / _catalogue_dir(language.django_code) / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == po.with_suffix(".mo").read_bytes(), f"run msgfmt on {po}"


def test_tigrinya_and_arabic_are_written_in_their_own_scripts():
    tigrinya = {m.group("str") for m in _entries("ti") if m.group("ctx") == "public"}
    assert any("\u1200" <= ch <= "\u137f" for text in tigrinya for ch in text)  # Ethiopic block
    arabic = {m.group("str") for m in _entries("ar") if m.group("ctx") == "public"}
    assert any("\u0600" <= ch <= "\u06ff" for text in arabic for ch in text)
