"""The shared screen: the presenter view for the wall, and read-only guest links that expire and can be revoked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from trygg.operations.models import EntryKind, LogEntry, PointStatus
from trygg.screen.models import GuestLink, GuestLinkUse


def _guest_url(krokom, event, label="Regionens TiB", hours="12"):  # type: ignore[no-untyped-def]
    response = krokom.post(f"/screen/events/{event.pk}/links/", {"label": label, "hours": hours})
    assert response.status_code == 302
    page = krokom.get(f"/screen/events/{event.pk}/").content.decode()
    match = re.search(r'<code id="new-link">(http://testserver(/screen/g/[^<]+/))</code>', page)
    return match.group(2) if match else None


def test_the_presenter_view_shows_points_totals_and_decisions(activated, krokom):
    page = krokom.get(f"/screen/events/{activated.pk}/").content.decode()

    assert "SOT-punkt Valsjöbyn" in page and "SOT-punkt Rötviken" in page
    assert "Senaste besluten" in page and "Aktivera 2 punkter." in page
    assert "Tyst (röd ring)" in page and "Skapa gästlänk" in page
    data = krokom.get(f"/screen/events/{activated.pk}/data.json").json()
    assert {p["name"] for p in data["points"]} == {"SOT-punkt Valsjöbyn", "SOT-punkt Rötviken"}
    assert data["totals"] == {"open": 0, "silent": 0, "people": 0, "capacity": 0}


def test_silent_points_come_first_and_are_flagged(activated, krokom):
    PointStatus.objects.filter(event=activated, point__ref="SOT-ROTVIKEN").update(
        since=timezone.now() - dt.timedelta(hours=5), last_contact_at=None)

    data = krokom.get(f"/screen/events/{activated.pk}/data.json").json()
    page = krokom.get(f"/screen/events/{activated.pk}/").content.decode()

    assert data["points"][0]["name"] == "SOT-punkt Rötviken" and data["points"][0]["silent"]
    assert data["totals"]["silent"] == 1
    assert '<tr class="silent"><td>SOT-punkt Rötviken</td>' in page


def test_another_municipality_gets_nothing(activated, are):
    assert are.get(f"/screen/events/{activated.pk}/").status_code == 404
    assert are.get(f"/screen/events/{activated.pk}/data.json").status_code == 404
    assert are.post(f"/screen/events/{activated.pk}/links/", {"label": "x", "hours": "2"}).status_code == 404


def test_a_guest_link_shows_the_screen_without_an_account_and_every_opening_is_logged(activated, krokom):
    url = _guest_url(krokom, activated)
    assert url is not None
    assert 'id="new-link"' not in krokom.get(f"/screen/events/{activated.pk}/").content.decode()

    guest = Client()
    response = guest.get(url)

    page = response.content.decode()
    assert response.status_code == 200 and "SOT-punkt Valsjöbyn" in page
    assert "Gästvy för Regionens TiB, endast läsning" in page
    assert "Skapa gästlänk" not in page and "csrfmiddlewaretoken" not in page
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    assert guest.get(url + "data.json").json()["event"] == activated.name
    link = GuestLink.objects.get()
    assert GuestLinkUse.objects.filter(link=link).count() == 1 and link.label == "Regionens TiB"
    assert link.token_hash not in url  # only the hash is stored
    note = LogEntry.objects.get(event=activated, kind=EntryKind.NOTE, text__startswith="Gästlänk")
    assert note.author.username == "krokom" and "Regionens TiB" in note.text


def test_a_revoked_or_expired_link_stops_working(activated, krokom):
    url = _guest_url(krokom, activated)
    link = GuestLink.objects.get()

    krokom.post(f"/screen/events/{activated.pk}/links/{link.pk}/revoke/")

    gone = Client().get(url)
    assert gone.status_code == 404 and "Länken fungerar inte" in gone.content.decode()
    assert Client().get(url + "data.json").status_code == 404
    assert LogEntry.objects.filter(event=activated, text__startswith="Gästlänken för Regionens TiB återkallad").exists()

    second = _guest_url(krokom, activated, label="Räddningstjänsten")
    GuestLink.objects.filter(label="Räddningstjänsten").update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert Client().get(second).status_code == 404


@pytest.mark.parametrize("hours", ["0", "73", "tolv", ""])
def test_a_link_needs_a_recipient_and_a_sensible_lifetime(activated, krokom, hours):
    krokom.post(f"/screen/events/{activated.pk}/links/", {"label": "Polisen", "hours": hours})
    krokom.post(f"/screen/events/{activated.pk}/links/", {"label": "  ", "hours": "4"})

    assert not GuestLink.objects.exists()
    assert "låt den gälla 1 till 72 timmar" in krokom.get(f"/screen/events/{activated.pk}/").content.decode()


def test_a_volunteer_may_watch_but_not_hand_out_links(activated, valsjobyn_staff):
    assert valsjobyn_staff.get(f"/screen/events/{activated.pk}/").status_code == 200
    assert valsjobyn_staff.post(f"/screen/events/{activated.pk}/links/", {"label": "x", "hours": "2"}).status_code == 403
    assert not GuestLink.objects.exists()


def test_an_unknown_token_is_not_a_server_error(db):
    assert Client().get("/screen/g/not-a-token/").status_code == 404
    assert Client().get("/screen/g/not-a-token/data.json").status_code == 404
