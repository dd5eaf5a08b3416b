"""The point page's "Ändringar": who changed which field of the point, old → new, in Swedish."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from trygg.registry.models import Point


def point_form_data(client, point):
    form = client.get(f"/points/{point.pk}/edit/").context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["sites"] = [s.pk for s in point.sites.all()]
    return {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, bool) or v}


def edit_kall(are, **changes):
    kall = Point.objects.get(ref="SOT-KALL")
    data = point_form_data(are, kall)
    data.update(changes)
    response = are.post(f"/points/{kall.pk}/edit/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return kall


def changes_section(html):
    return html[html.index('id="changes-h"'):]


def test_a_coordinators_form_edit_shows_who_changed_which_field_old_to_new_in_swedish(are):
    kall = Point.objects.get(ref="SOT-KALL")
    old_day = kall.capacity_day
    edit_kall(are, capacity_day=old_day + 15, opening_hours="Dygnet runt")
    section = changes_section(are.get(f"/points/{kall.pk}/").content.decode())
    assert "Ändringar" in are.get(f"/points/{kall.pk}/").content.decode()
    assert "Anders Åresson" in section
    row = section[section.index("Kapacitet dagtid (personer)"):]
    row = row[:row.index("</tr>")]
    assert f"<td>{old_day}</td><td>{old_day + 15}</td>" in row
    assert "Öppettider" in section and "Dygnet runt" in section


def test_choices_and_booleans_read_as_labels_not_codes(are):
    kall = Point.objects.filter(municipality__scb_code="2321", public=True,
                                state__in=["candidate", "planned", "decided"]).first()
    assert kall is not None, "the demo has a public Åre point that is not yet ready"
    old_label = {"candidate": "Kandidat", "planned": "Planerad", "decided": "Beslutad"}[kall.state]
    data = point_form_data(are, kall)
    data.pop("public", None)
    data["state"] = "ready"
    assert are.post(f"/points/{kall.pk}/edit/", data).status_code == 302
    section = changes_section(are.get(f"/points/{kall.pk}/").content.decode())
    assert f"<td>{old_label}</td><td>Redo</td>" in section
    assert "<td>Ja</td><td>Nej</td>" in section
    assert ">ready<" not in section


def test_another_municipalitys_coordinator_gets_404_for_the_history(krokom, are):
    kall = edit_kall(are, opening_hours="Vardagar 8-17")
    for url in (f"/points/{kall.pk}/", f"/points/{kall.pk}/changes/", f"/points/{kall.pk}/changes.csv",
                "/m/2321/changes/", "/m/2321/changes.csv"):
        assert krokom.get(url).status_code == 404, url


def test_the_point_page_does_not_query_per_history_row(are):
    kall = Point.objects.get(ref="SOT-KALL")
    are.get(f"/points/{kall.pk}/")  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        are.get(f"/points/{kall.pk}/")
    for i in range(12):
        edit_kall(are, opening_hours=f"Öppet {i}", capacity_day=kall.capacity_day + i + 1)
    with CaptureQueriesContext(connection) as many:
        response = are.get(f"/points/{kall.pk}/")
    assert response.content.decode().count("Öppet ") >= 12
    assert len(many.captured_queries) == len(few.captured_queries)
