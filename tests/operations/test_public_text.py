"""Public text is released, not leaked: a decision's internal reason never reaches residents.

The tests go through the real web views (coordinator pages and the public
pages and feeds) and read what a resident, a CAP consumer or a P4 presenter
would receive.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from lxml import etree

from trygg.accounts.models import Membership
from trygg.formats import cap
from trygg.operations import decisions
from trygg.operations import public_text as pt
from trygg.operations.log import NewEntry, append
from trygg.operations.models import EntryKind, LogEntry, PublicText, PublicTextPolicy
from trygg.public.cache import public_cache
from trygg.public.operations_messages import messages
from trygg.registry.models import Point

INTERNAL = "Elavbrott > tolv h enligt nätbolaget, KL-bedömning 7"
PUBLIC = "Krokoms kommun har öppnat trygghetspunkter i Valsjöbyn och Rötviken. Kom dit för värme och information."
CAP_NS = "{urn:oasis:names:tc:emergency:cap:1.2}"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def second_coordinator(db, krokom_org):
    user = get_user_model().objects.create_user("krokom2", first_name="Kalle", last_name="Andrasson")
    Membership.objects.create(user=user, organisation=krokom_org, role="coordinator")
    return user


@pytest.fixture
def opened(outage, krokom_user, krokom_org):
    """Valsjöbyn and Rötviken activated with an internal reason, then opened by staff."""
    points = list(Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"]))
    decisions.activate(outage, krokom_user.pk, krokom_org, points, decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason=INTERNAL,
        decided_at=timezone.now() - dt.timedelta(minutes=5), level=2))
    return outage


def open_points(event, user, org, states=("opening", "open")):
    for point in Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"]):
        for state in states:
            append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="state",
                            occurred_at=timezone.now(), point=point, data={"state": state}))


def public_outputs() -> dict[str, str]:
    """Everything a resident or a consumer of the feeds can fetch about Krokom, by URL."""
    public_cache.clear()
    anonymous = Client()
    urls = ["/k/2309/", "/k/2309/en/", "/hitta/", "/feeds/atom.xml", "/feeds/2309/atom.xml",
            "/feeds/points.geojson", "/feeds/2309/points.geojson", "/feeds/points.csv", "/feeds/2309/points.json"]
    urls += [f"/p/{pk}/" for pk in Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN"])
             .values_list("pk", flat=True)]
    for message in messages("2309"):
        urls += [f"/feeds/cap/{message.identifier}.xml", f"/radio/{message.identifier}/sv.txt",
                 f"/radio/{message.identifier}/en.txt"]
    out = {}
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, (url, response.status_code)
        out[url] = response.content.decode("utf-8")
    return out


def assert_nowhere(text: str, outputs: dict[str, str]) -> None:
    leaks = [url for url, body in outputs.items() if text in body]
    assert not leaks, f"{text!r} is published at {leaks}"


def write_and_release(event, drafter, releaser):
    drafter_client = client_for(drafter)
    response = drafter_client.post(f"/ops/events/{event.pk}/public-text/2309/",
                                   {f"pt{event.municipalities.get().pk}-draft_sv": PUBLIC,
                                    f"pt{event.municipalities.get().pk}-draft_en": "Safety points are open."})
    assert response.status_code == 302
    return client_for(releaser).post(f"/ops/events/{event.pk}/public-text/2309/release/", follow=True)


def test_the_internal_reason_is_never_published_before_or_after_release(opened, krokom_user, krokom_org,
                                                                       second_coordinator):
    open_points(opened, krokom_user, krokom_org)
    before = public_outputs()
    assert any("/feeds/cap/" in url for url in before), "the opening produced no CAP message"
    assert_nowhere(INTERNAL, before)

    write_and_release(opened, krokom_user, second_coordinator)
    open_points(opened, krokom_user, krokom_org, ["full"])  # a later update carries the released text
    after = public_outputs()
    assert_nowhere(INTERNAL, after)
    assert any(PUBLIC in body for url, body in after.items() if "/feeds/cap/" in url)
    assert any(PUBLIC in body for url, body in after.items() if url.endswith("/sv.txt"))
    assert PUBLIC in after["/feeds/2309/atom.xml"]
    assert PUBLIC in after["/k/2309/"] and PUBLIC in after["/hitta/"]  # the public pages show the released text
    assert "Safety points are open." in after["/k/2309/en/"]


def test_a_saved_but_unreleased_text_is_not_published(opened, krokom_user, krokom_org):
    client_for(krokom_user).post(f"/ops/events/{opened.pk}/public-text/2309/",
                                 {f"pt{krokom_org.pk}-draft_sv": PUBLIC, f"pt{krokom_org.pk}-draft_en": ""})
    assert PublicText.objects.get(event=opened).draft_sv == PUBLIC
    open_points(opened, krokom_user, krokom_org)
    outputs = public_outputs()
    assert_nowhere(PUBLIC, outputs)
    assert all(m.reason == "" for m in messages("2309"))


def test_the_drafter_cannot_release_their_own_text(opened, krokom_user, krokom_org):
    response = write_and_release(opened, krokom_user, krokom_user)
    assert "en andra person måste släppa den" in response.content.decode()  # Swedish first
    text = PublicText.objects.get(event=opened)
    assert not text.released and text.released_sv == ""
    assert not LogEntry.objects.filter(event=opened, kind=EntryKind.PUBLIC_TEXT).exists()
    page = client_for(krokom_user).get(f"/ops/events/{opened.pk}/").content.decode()
    assert "disabled" in page.split("public-text/2309/release/")[1][:400]


def test_with_the_rule_turned_off_the_drafter_may_release(opened, krokom_user, krokom_org):
    PublicTextPolicy.objects.create(municipality=krokom_org, two_person_rule=False)
    write_and_release(opened, krokom_user, krokom_user)
    text = PublicText.objects.get(event=opened)
    assert text.released and text.released_by == krokom_user
    entry = LogEntry.objects.get(event=opened, kind=EntryKind.PUBLIC_TEXT)
    assert entry.data["two_person_rule"] is False


def test_the_release_is_in_the_log_with_who_when_and_the_text(opened, krokom_user, second_coordinator):
    response = write_and_release(opened, krokom_user, second_coordinator)
    assert response.status_code == 200
    entry = LogEntry.objects.get(event=opened, kind=EntryKind.PUBLIC_TEXT)
    assert entry.author == second_coordinator
    assert entry.text == PUBLIC and entry.data["text_en"] == "Safety points are open."
    assert entry.data["drafted_by"] == "krokom" and entry.data["municipality"] == "2309"
    assert abs((timezone.now() - entry.occurred_at).total_seconds()) < 600
    log = client_for(krokom_user).get(f"/ops/events/{opened.pk}/").content.decode()
    assert PUBLIC in log


def test_someone_from_another_municipality_cannot_write_or_release(opened, krokom_user, second_coordinator):
    are = get_user_model().objects.get(username="are")
    write_and_release(opened, krokom_user, krokom_user)
    c = client_for(are)
    assert c.post(f"/ops/events/{opened.pk}/public-text/2309/release/").status_code == 404
    lan = client_for(get_user_model().objects.get(username="lan"))
    assert lan.post(f"/ops/events/{opened.pk}/public-text/2309/release/").status_code == 403
    assert not PublicText.objects.get(event=opened).released


def test_an_edit_after_release_keeps_the_released_text_until_released_again(opened, krokom_user, krokom_org,
                                                                           second_coordinator):
    write_and_release(opened, krokom_user, second_coordinator)
    client_for(krokom_user).post(f"/ops/events/{opened.pk}/public-text/2309/",
                                 {f"pt{krokom_org.pk}-draft_sv": "Ny text, inte släppt."})
    text = PublicText.objects.get(event=opened)
    assert text.released_sv == PUBLIC and text.draft_differs
    open_points(opened, krokom_user, krokom_org)
    assert any(m.reason == PUBLIC for m in messages("2309"))
    assert all("Ny text" not in m.reason for m in messages("2309"))


def test_an_empty_text_is_refused_with_a_message(opened, krokom_user, krokom_org):
    response = client_for(krokom_user).post(f"/ops/events/{opened.pk}/public-text/2309/",
                                            {f"pt{krokom_org.pk}-draft_sv": "   "}, follow=True)
    assert response.status_code == 200
    assert not PublicText.objects.filter(event=opened).exists()


def test_the_event_page_offers_a_draft_from_the_facts_without_the_reason(opened, krokom_user):
    page = client_for(krokom_user).get(f"/ops/events/{opened.pk}/").content.decode()
    form = page.split('id="pt-h-2309"')[1].split("</section>")[0]
    assert "SOT-punkt Valsjöbyn" in form and "Strömavbrott i Krokoms kommun." in form
    assert INTERNAL not in form.replace("&gt;", ">")


def test_released_messages_are_valid_cap(opened, krokom_user, krokom_org, second_coordinator):
    write_and_release(opened, krokom_user, second_coordinator)
    open_points(opened, krokom_user, krokom_org)
    found = messages("2309")
    assert found
    for message in found:
        xml = cap.message_to_cap_xml(message)
        cap.validate_cap(xml)
        descriptions = [d.text for d in etree.fromstring(xml).iter(f"{CAP_NS}description")]
        assert any(PUBLIC in (d or "") for d in descriptions)


def test_release_refusal_names_the_rule(opened, krokom_user, krokom_org):
    text = pt.save_draft(opened, krokom_org, krokom_user, PUBLIC)
    with translation.override("sv"):
        assert "tvåpersonsregeln" in pt.release_refusal(krokom_user, text)
    with translation.override("en"):
        assert "two-person rule" in pt.release_refusal(krokom_user, text)


def test_turning_the_rule_off_in_the_admin_records_who_did_it(opened, krokom_org):
    admin = get_user_model().objects.get(username="admin")
    response = client_for(admin).post("/admin/operations/publictextpolicy/add/",
                                      {"municipality": krokom_org.pk, "two_person_rule": ""})
    assert response.status_code == 302, response.content[:500]
    policy = PublicTextPolicy.objects.get(municipality=krokom_org)
    assert policy.two_person_rule is False and policy.changed_by == admin
    assert not pt.two_person_rule_applies(krokom_org)



def test_an_exercise_or_ended_event_shows_no_public_text(opened, krokom_user, krokom_org):
    PublicTextPolicy.objects.create(municipality=krokom_org, two_person_rule=False)
    write_and_release(opened, krokom_user, krokom_user)
    assert PUBLIC in public_outputs()["/k/2309/"]
    opened.exercise = True
    opened.save()
    assert PUBLIC not in public_outputs()["/k/2309/"]
    opened.exercise, opened.ends_at = False, timezone.now()
    opened.save()
    assert PUBLIC not in public_outputs()["/k/2309/"]


def test_a_public_text_entry_cannot_be_posted_past_the_release(opened, krokom_user, krokom_org):
    """The API and the log form write entries, but never a release: that would skip the two-person rule."""
    import json

    c = client_for(krokom_user)
    body = {"kind": "public_text", "text": PUBLIC}
    response = c.post(f"/api/ops/events/{opened.pk}/entries/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and "kind" in response.json()["error"]["fields"]
    c.post(f"/ops/events/{opened.pk}/entries/", {"entry-kind": "public_text", "entry-text": PUBLIC,
                                                "entry-visibility": "event"})
    assert not LogEntry.objects.filter(event=opened, kind=EntryKind.PUBLIC_TEXT).exists()
    open_points(opened, krokom_user, krokom_org)
    assert_nowhere(PUBLIC, public_outputs())
