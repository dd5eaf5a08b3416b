"""The finder, municipality, point and children's pages: no login, every language, usable without JavaScript."""

import re

import pytest

from trygg.public.languages import PUBLIC_LANGUAGES
from trygg.registry.models import Point


def _html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("url", ["/hitta/", "/k/2309/", "/barn/"])
def test_public_pages_need_no_login(client, db, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES, ids=lambda language: language.code)
def test_every_language_has_its_lang_direction_and_translated_heading(client, db, language):
    html = _html(client.get(f"/hitta/{language.code}/"))
    assert f'<html lang="{language.html_lang}" dir="{"rtl" if language.rtl else "ltr"}"' in html
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert "Jämtlands län" in heading and (language.code == "en" or "Safety points" not in heading)


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client, db):
    html = _html(client.get("/hitta/ar/"))
    for name, code in (("Svenska", "sv"), ("Lättläst svenska", "sv"), ("English", "en"), ("العربية", "ar"),
                       ("Suomi", "fi"), ("Soomaali", "so"), ("فارسی", "fa"), ("ትግርኛ", "ti"), ("Українська", "uk")):
        assert re.search(rf'lang="{code}"[^>]*>{name}</a>', html), name
    assert re.search(r'aria-current="page">العربية<', html)


def test_easy_to_read_swedish_is_simpler_than_swedish(client, db):
    def sentence_lengths(html: str) -> float:
        text = re.sub(r"<[^>]+>", " ", re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1))
        sentences = [s for s in re.split(r"[.!?]", text) if s.strip()]
        return sum(len(s.split()) for s in sentences) / len(sentences)

    plain = sentence_lengths(_html(client.get("/hitta/sv/")))
    easy = sentence_lengths(_html(client.get("/hitta/lattlast/")))
    assert easy < plain * 0.75


def test_choosing_a_locality_without_javascript_puts_the_nearest_point_first(client, db):
    html = _html(client.get("/hitta/?near=2313TC108"))  # Strömsund
    first = re.search(r'<h3><a href="[^"]+"><bdi>(.*?)</bdi></a></h3>', html).group(1)
    assert first == "Trygghetspunkt Dunderhallen"
    assert "Närmast Strömsund först." in html
    assert re.search(r'<option value="2313TC108"[^>]*selected>', html)
    distances = [float(d.replace(",", ".")) for d in re.findall(r'class="dist"> · ([\d,]+) km', html)]
    assert distances == sorted(distances) and len(distances) > 5


def test_an_unknown_locality_is_ignored_rather_than_an_error(client, db):
    assert _html(client.get("/hitta/?near=nowhere")) == _html(client.get("/hitta/"))


def test_each_point_shows_where_when_level_help_accessibility_and_languages(client, point):
    pk = point("OSD-BIBL").pk
    html = _html(client.get(f"/p/{pk}/"))
    assert "Trygghetspunkt Östersunds bibliotek" in html and "08–22 vid aktivering" in html
    assert "Öppen större delen av dygnet. Ingen övernattning." in html
    assert "Ladda telefonen" in html and "Tillgänglig med rullstol" in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html and '<span lang="so" dir="ltr">Soomaali</span>' in html
    assert f"/affisch/p/{pk}/sv-a4.pdf" in html and f"http://127.0.0.1:8000/p/{pk}/" in html


def test_a_point_that_is_not_public_or_does_not_exist_is_404(client, point):
    assert client.get(f"/p/{point('SOT-STORABLASJON').pk}/").status_code == 404
    assert client.get("/p/999999/").status_code == 404
    assert client.get("/k/9999/").status_code == 404
    assert client.get("/hitta/de/").status_code == 404


def test_the_home_preparedness_message_is_on_the_finder(client, db):
    assert "Hemma är ofta den tryggaste platsen." in _html(client.get("/hitta/"))
    assert "Home is often the safest place." in _html(client.get("/hitta/en/"))


def test_a_chosen_language_brings_a_visitor_back_to_it(client, db):
    client.cookies["trygg_public_lang"] = "ar"
    response = client.get("/k/2309/?near=2309TC107")
    assert response.status_code == 302 and response["Location"] == "/k/2309/ar/?near=2309TC107"
    assert response["Vary"] == "Cookie"
    assert client.get("/k/2309/sv/").status_code == 200  # an explicit language is never redirected


def test_pages_say_their_language_in_the_headers(client, db):
    assert client.get("/barn/fa/")["Content-Language"] == "fa"
    assert client.get("/barn/lattlast/")["Content-Language"] == "sv"


def test_the_children_s_page_speaks_to_children(client, db):
    html = _html(client.get("/barn/"))
    assert "Det är okej att vara rädd." in html and "Ditt favoritgosedjur" in html


def test_posting_to_a_public_page_is_refused(client, db):
    assert client.post("/hitta/").status_code == 405


def test_the_login_page_is_not_the_public_home(client, db):
    assert Point.objects.exists()
    assert client.get("/").status_code == 302  # the site root stays the staff's
