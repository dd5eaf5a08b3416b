"""Who sees what in an event: the shared log by author and sharing; the picture by scope."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from trygg.operations import access
from trygg.operations.log import NewEntry, append
from trygg.registry.models import Organisation


def login(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


@pytest.fixture
def entries(activated, krokom_user, krokom_org):
    are = Organisation.objects.get(scb_code="2321")
    made = {}
    for key, visibility, shared in (("event", "event", ()), ("own", "own", ()), ("selected", "selected", (are,))):
        made[key], _ = append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="note",
                                       occurred_at=timezone.now(), text=f"Krokom note ({key})", visibility=visibility,
                                       shared_with=shared))
    return made


def test_an_are_coordinator_cannot_read_krokoms_event_or_its_unshared_entries(activated, entries):
    are = login("are")
    assert are.get(f"/ops/events/{activated.pk}/").status_code == 404
    assert are.get(f"/ops/events/{activated.pk}/status.json").status_code == 404
    user = get_user_model().objects.get(username="are")
    visible = set(access.visible_entries(user, activated).values_list("text", flat=True))
    assert "Krokom note (own)" not in visible and "Krokom note (event)" not in visible
    assert "Krokom note (selected)" in visible  # shared with Åre on purpose


def test_when_are_takes_part_it_reads_event_entries_but_never_krokoms_own(activated, entries):
    activated.participants.add(Organisation.objects.get(scb_code="2321"))
    user = get_user_model().objects.get(username="are")
    visible = set(access.visible_entries(user, activated).values_list("text", flat=True))
    assert "Krokom note (event)" in visible and "Krokom note (own)" not in visible


def test_the_county_follows_the_event_and_reads_event_wide_entries(activated, entries):
    county = login("lan")
    body = county.get(f"/ops/events/{activated.pk}/").content.decode()
    assert "Krokom note (event)" in body and "Krokom note (own)" not in body
    names = {p["name"] for p in county.get(f"/ops/events/{activated.pk}/status.json").json()["points"]}
    assert names == {"SOT-punkt Valsjöbyn", "SOT-punkt Rötviken"}


def test_staff_report_only_for_their_own_point(activated):
    staff = login("valsjobyn")
    from trygg.registry.models import Point

    own, other = Point.objects.get(ref="SOT-VALSJOBYN"), Point.objects.get(ref="SOT-ROTVIKEN")
    assert staff.get(f"/ops/events/{activated.pk}/points/{own.pk}/report/").status_code == 200
    assert staff.get(f"/ops/events/{activated.pk}/points/{other.pk}/report/").status_code == 404
    assert staff.post(f"/ops/events/{activated.pk}/activate/", {}).status_code == 403


def test_an_exercise_is_marked_ovning_on_its_pages(activated):
    activated.exercise = True
    activated.save()
    krokom = login("krokom")
    for url in (f"/ops/events/{activated.pk}/", f"/ops/events/{activated.pk}/timeline/", "/ops/"):
        assert "ÖVNING" in krokom.get(url).content.decode(), url


def test_an_are_coordinator_gets_not_found_on_every_url_of_a_krokom_event(activated, entries):
    from trygg.operations.urls import urlpatterns
    from trygg.registry.models import Point

    are = login("are")
    kwargs = {"pk": activated.pk, "point_pk": Point.objects.get(ref="SOT-VALSJOBYN").pk, "entry_id": entries["own"].pk,
              "code": "2309"}
    before = activated.entries.count()
    checked = 0
    for pattern in urlpatterns:
        names = set(pattern.pattern.regex.groupindex)
        if "pk" not in names:
            continue  # the event list and the actor directory hold no event's data
        from django.urls import reverse

        url = reverse(pattern.name, kwargs={k: kwargs[k] for k in names})
        assert are.get(url).status_code in (404, 405), url
        assert are.post(url, {"state": "open", "text": "x", "people_present": 1}).status_code == 404, url
        checked += 1
    assert checked >= 11
    assert activated.entries.count() == before


def test_a_silent_point_is_flagged_on_the_municipality_and_county_overviews(activated):
    import datetime as dt

    from trygg.operations.models import PointStatus

    PointStatus.objects.filter(event=activated).update(since=timezone.now() - dt.timedelta(hours=5))
    for client, url in ((login("krokom"), "/m/2309/"), (login("lan"), "/county/")):
        silent = client.get(url).context["silent"]
        assert {r.status.point.ref for r in silent} == {"SOT-VALSJOBYN", "SOT-ROTVIKEN"}, url
    assert login("are").get("/m/2321/").context["silent"] == []


def test_only_the_points_editors_set_its_communication_paths(db):
    from trygg.operations.models import CommsPath
    from trygg.registry.models import Point

    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    url = f"/ops/points/{valsjobyn.pk}/comms/"
    form = {"rakel_talkgroup": "KROKOM-TP1", "phone": "0640-123 45", "satellite_phone": "", "messenger": "",
            "report_interval_min": 60}
    assert login("are").post(url, form).status_code == 404
    assert login("valsjobyn").post(url, form).status_code == 404
    assert login("krokom").post(url, form).status_code == 302
    comms = CommsPath.objects.get(point=valsjobyn)
    assert comms.redundant and comms.report_interval_min == 60
