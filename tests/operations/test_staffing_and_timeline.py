"""The staffing page flags gaps before they happen; the timeline renders as HTML and PDF."""

import datetime as dt
import subprocess

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from trygg.operations.log import NewEntry, append
from trygg.operations.models import Shift
from trygg.registry.models import Point


def login(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def test_a_roster_with_a_hole_shows_the_gap(activated):
    krokom = login("krokom")
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    response = krokom.post(f"/ops/events/{activated.pk}/staffing/", {
        "point": valsjobyn.pk, "role": "point_manager", "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"), "person": "Vilhelm Valsjö"})
    assert response.status_code == 302
    assert Shift.objects.filter(point=valsjobyn, event=activated).count() == 1
    section = next(s for s in krokom.get(f"/ops/events/{activated.pk}/staffing/").context["sections"]
                   if s["point"] == valsjobyn)
    manager_gaps = [g for g in section["gaps"] if g.role == "point_manager"]
    assert manager_gaps and manager_gaps[0].starts_at >= now + dt.timedelta(hours=8)
    page = krokom.get(f"/ops/events/{activated.pk}/staffing/").content.decode()
    assert "Platsansvarig" in page and "point_manager" not in page.split("<form", 1)[0]


def test_a_shift_role_is_chosen_from_the_role_list_not_typed(activated):
    krokom = login("krokom")
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    now = timezone.localtime()
    response = krokom.post(f"/ops/events/{activated.pk}/staffing/", {
        "point": valsjobyn.pk, "role": "platschef", "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"), "person": "Vilhelm Valsjö"})
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert '<option value="point_manager">Platsansvarig</option>' in response.content.decode()


def test_a_shift_over_sixteen_hours_is_refused(activated):
    krokom = login("krokom")
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    now = timezone.localtime()
    response = krokom.post(f"/ops/events/{activated.pk}/staffing/", {
        "point": valsjobyn.pk, "role": "guard", "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert not Shift.objects.filter(point=valsjobyn, role="guard").exists()


def test_the_timeline_lists_decisions_openings_and_peaks_and_prints_to_pdf(activated, krokom_user, krokom_org, tmp_path):
    valsjobyn = Point.objects.get(ref="SOT-VALSJOBYN")
    for state in ("opening", "open"):
        append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="state",
                        occurred_at=timezone.now(), point=valsjobyn, data={"state": state}))
    for people in (12, 37, 20):
        append(NewEntry(event=activated, author_id=krokom_user.pk, author_org=krokom_org, kind="status",
                        occurred_at=timezone.now(), point=valsjobyn, data={"people_present": people}))
    krokom = login("krokom")
    report = krokom.get(f"/ops/events/{activated.pk}/timeline/").context["report"]
    line = next(line for line in report.points if line.point == valsjobyn)
    assert line.opened_at is not None and line.peak_people == 37
    assert len(report.decisions) == 1
    pdf = krokom.get(f"/ops/events/{activated.pk}/timeline/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    path = tmp_path / "timeline.pdf"
    path.write_bytes(pdf.content)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    from PIL import Image

    darkest, _lightest = Image.open(page).convert("L").getextrema()
    assert darkest < 100, "the first page is blank"
