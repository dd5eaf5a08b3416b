"""How a point alarms 112 in an outage: recorded on its communication paths, checked by readiness,
printed in the binder and, where it can, told to residents on the public point page."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from trygg.demo import content
from trygg.operations.models import CommsPath, SosAlarm
from trygg.public.cache import public_cache
from trygg.registry.models import Point
from trygg.registry.planview import readiness_of
from trygg.rules import readiness

PUBLIC_SENTENCE = "Här kan du larma 112 även vid strömavbrott."


def login(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def comms_form(**changes):
    form = {"rakel_talkgroup": "", "phone": "0640-123 45", "satellite_phone": "", "messenger": "Bil till Krokom",
            "sos_alarm": "", "report_interval_min": 120}
    return {**form, **changes}


def test_the_django_choices_are_the_rules_values():
    assert {c.value for c in SosAlarm} == {w.value for w in readiness.SosAlarm}


def test_the_demo_has_level_two_and_three_points_that_cannot_alarm_112(db):
    gaps = {}
    for point in Point.objects.filter(level__gte=2, ref__in=list(content.SOS_ALARM)):
        found = [g for g in readiness_of(point).gaps if g.code == "sos_alarm"]
        gaps[point.ref] = found[0].severity if found else None
    assert gaps["SOT-VALSJOBYN"] is readiness.Severity.CRITICAL
    assert gaps["BRG-SVEN"] is readiness.Severity.CRITICAL
    assert gaps["SOT-KALL"] is None and gaps["KRK-HALL"] is None
    assert readiness_of(Point.objects.get(ref="ARE-DUVED")).gaps  # not recorded: a major gap
    assert "sos_alarm" in {g.code for g in readiness_of(Point.objects.get(ref="ARE-DUVED")).gaps}
    assert "sos_alarm" not in {g.code for g in readiness_of(Point.objects.get(ref="HJD-FUN")).gaps}  # level 1


def test_setting_a_way_on_the_comms_page_closes_the_gap_on_the_point_page(db):
    point = Point.objects.get(ref="SOT-VALSJOBYN")
    krokom = login("krokom")
    assert "sos_alarm" in {g.code for g in readiness_of(point).gaps}
    response = krokom.post(f"/ops/points/{point.pk}/comms/", comms_form(sos_alarm="satellite_phone",
                                                                       satellite_phone="+870 776 123 456"))
    assert response.status_code == 302
    assert CommsPath.objects.get(point=point).sos_alarm == "satellite_phone"
    assert "sos_alarm" not in {g.code for g in readiness_of(Point.objects.get(pk=point.pk)).gaps}
    page = krokom.get(f"/ops/points/{point.pk}/comms/").content.decode()
    assert 'value="satellite_phone" selected' in page


def test_a_made_up_way_is_refused_with_a_message_and_changes_nothing(db):
    point = Point.objects.get(ref="SOT-VALSJOBYN")
    response = login("krokom").post(f"/ops/points/{point.pk}/comms/", comms_form(sos_alarm="smoke_signals"))
    assert response.status_code == 200
    assert "smoke_signals" in response.content.decode() and 'class="error"' in response.content.decode()
    assert CommsPath.objects.get(point=point).sos_alarm == "none"


def test_only_the_points_editors_record_it(db):
    point = Point.objects.get(ref="SOT-VALSJOBYN")
    for username in ("are", "valsjobyn"):
        assert login(username).post(f"/ops/points/{point.pk}/comms/", comms_form(sos_alarm="rakel")).status_code == 404
    assert CommsPath.objects.get(point=point).sos_alarm == "none"


def _pdf_text(body: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


@pytest.mark.parametrize(("ref", "expected"), [
    ("SOT-KALL", "larmar ni 112 via: Rakel"),
    ("SOT-VALSJOBYN", "Den här punkten kan inte larma 112"),
])
def test_the_binder_says_how_to_alarm_112(db, ref, expected):
    point = Point.objects.get(ref=ref)
    response = login("krokom" if ref != "SOT-KALL" else "kall").get(f"/parm/{point.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert expected in _pdf_text(response.content)


def test_the_binder_says_when_it_is_not_recorded(db):
    point = Point.objects.get(ref="ARE-DUVED")
    text = _pdf_text(login("are").get(f"/parm/{point.pk}/").content)
    assert "Det är inte angivet hur punkten larmar 112" in text


def test_the_public_page_says_so_only_where_the_point_can_alarm_112(db):
    public_cache.clear()
    anonymous = Client()
    kall = anonymous.get(f"/p/{Point.objects.get(ref='SOT-KALL').pk}/").content.decode()
    valsjobyn = anonymous.get(f"/p/{Point.objects.get(ref='SOT-VALSJOBYN').pk}/").content.decode()
    assert PUBLIC_SENTENCE in kall
    assert PUBLIC_SENTENCE not in valsjobyn and 'class="sos"' not in valsjobyn
    english = anonymous.get(f"/p/{Point.objects.get(ref='SOT-KALL').pk}/en/").content.decode()
    assert "You can alarm 112 here even during a power cut." in english


def test_the_comms_page_warns_when_the_point_cannot_alarm_112(db):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    page = login("krokom").get(f"/ops/points/{valsjobyn.pk}/comms/").content.decode()
    assert "cannot alarm 112 in an outage" in page or "kan inte larma 112 vid avbrott" in page
