"""The public pages' languages: their own list, apart from the staff UI's Swedish and English.

Each language has a short code used in URLs (``/hitta/ar/``) and in the
``trygg_public_lang`` cookie, the gettext catalogue Django activates, the
BCP 47 tag for ``lang=""``, its name written in itself for the switcher,
and its direction.

Easy-to-read Swedish (*lättläst*) has no ISO code of its own. It is the URL
code ``lattlast``; the Django language ``sv-ll`` whose catalogue lives in
``locale/sv_LL`` ("LL" is no country: it is the variant spelling Django's
``makemessages`` accepts, and gettext falls back from ``sv_LL`` to ``sv``, so
a missing string shows in ordinary Swedish); and ``lang="sv"`` in HTML,
since screen readers must read it as Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicLanguage:
    code: str
    django_code: str
    html_lang: str
    name: str
    rtl: bool = False
    decimal_separator: str = "."
    text_language: str = "en"  # the language of the radio text and CAP info offered with the page (sv or en)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


PUBLIC_LANGUAGES: tuple[PublicLanguage, ...] = (
    PublicLanguage("sv", "sv", "sv", "Svenska", decimal_separator=",", text_language="sv"),
    PublicLanguage("lattlast", "sv-ll", "sv", "Lättläst svenska", decimal_separator=",", text_language="sv"),
    PublicLanguage("en", "en", "en", "English"),
    PublicLanguage("ar", "ar", "ar", "العربية", rtl=True),
    PublicLanguage("fi", "fi", "fi", "Suomi", decimal_separator=","),
    PublicLanguage("so", "so", "so", "Soomaali"),
    PublicLanguage("fa", "fa", "fa", "فارسی", rtl=True),
    PublicLanguage("ti", "ti", "ti", "ትግርኛ"),
    PublicLanguage("uk", "uk", "uk", "Українська", decimal_separator=","),
)
BY_CODE = {language.code: language for language in PUBLIC_LANGUAGES}
SWEDISH = BY_CODE["sv"]
COOKIE_NAME = "trygg_public_lang"

# Languages staff may list as spoken at a point (ISO 639-1), each in itself.
ENDONYMS = {
    "sv": "svenska", "en": "English", "ar": "العربية", "fi": "suomi", "so": "Soomaali", "fa": "فارسی",
    "ti": "ትግርኛ", "uk": "українська", "ru": "русский", "de": "Deutsch", "no": "norsk", "nb": "norsk bokmål",
    "nn": "nynorsk", "da": "dansk", "fr": "français", "es": "español", "pl": "polski", "tr": "Türkçe",
    "ku": "Kurdî", "bs": "bosanski", "hr": "hrvatski", "sr": "српски", "se": "davvisámegiella",
    "yi": "ייִדיש", "ps": "پښتو", "am": "አማርኛ", "th": "ไทย",
    "zh": "中文", "vi": "Tiếng Việt", "el": "ελληνικά", "et": "eesti", "lt": "lietuvių", "lv": "latviešu",
}
RTL_CODES = frozenset({"ar", "fa", "ps", "yi", "he", "ur"})


def get(code: str | None) -> PublicLanguage | None:
    return BY_CODE.get(code or "")


def register_with_django() -> None:
    """Tell Django about the languages it does not know, so its language helpers never fail on them."""
    from django.conf.locale import LANG_INFO

    for language in PUBLIC_LANGUAGES:
        LANG_INFO.setdefault(language.django_code, {
            "bidi": language.rtl, "code": language.django_code, "name": language.name, "name_local": language.name,
        })
