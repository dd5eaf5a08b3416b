"""Public URLs: short, stable and printable; none collides with the registry's (see ``paths``)."""

import re

from django.urls import path, register_converter

from trygg.public import views
from trygg.public.languages import PUBLIC_LANGUAGES


class LanguageConverter:
    regex = "|".join(re.escape(language.code) for language in PUBLIC_LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ScbCodeConverter:
    regex = r"\d{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class MessageIdConverter:
    regex = r"[A-Za-z0-9._:@+-]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "plang")
register_converter(ScbCodeConverter, "scb")
register_converter(MessageIdConverter, "msgid")

app_name = "public"
urlpatterns = [
    path("hitta/", views.finder, name="finder"),
    path("hitta/<plang:lang>/", views.finder, name="finder"),
    path("k/<scb:code>/", views.municipality, name="municipality"),
    path("k/<scb:code>/<plang:lang>/", views.municipality, name="municipality"),
    path("p/<int:pk>/", views.point, name="point"),
    path("p/<int:pk>/<plang:lang>/", views.point, name="point"),
    path("barn/", views.children, name="children"),
    path("barn/<plang:lang>/", views.children, name="children"),
    path("feeds/schema/<str:name>", views.schema, name="schema"),
    path("feeds/<str:name>", views.feed, name="feed"),
    path("feeds/<scb:code>/<str:name>", views.feed, name="feed"),
    path("feeds/cap/<msgid:identifier>.xml", views.cap_message, name="cap"),
    path("radio/<msgid:identifier>/<str:language>.txt", views.radio_message, name="radio"),
    path("affisch/p/<int:pk>/<plang:lang>-<str:size>.pdf", views.point_poster, name="point_poster"),
    path("affisch/k/<scb:code>/<plang:lang>-<str:size>.pdf", views.municipality_poster, name="municipality_poster"),
    path("parm/<int:pk>/", views.binder, name="binder"),
]
