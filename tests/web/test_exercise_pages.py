"""A coordinator records exercises, the points they involved and what was learned, on the municipality's pages."""

from trygg.registry.models import Exercise, Organisation, Point

KROKOM = "2309"


def exercise_data(**changes):
    data = {
        "name": "Övning Vattenbrist i Föllinge",
        "date": "2025-10-14",
        "points": [Point.objects.get(ref="KRK-FOLL").pk, Point.objects.get(ref="KRK-HALL").pk],
        "participants": [Organisation.objects.get(name="FRG Krokom (demo)").pk,
                         Organisation.objects.get(name="Krokoms kommun").pk],
        "participants_notes": "Räddningstjänsten observerade.",
        "lessons_learned": "Nödvattentanken saknade kran.\nSkyltningen till punkten var otydlig.",
    }
    data.update(changes)
    return data


def test_a_coordinator_creates_edits_and_deletes_an_exercise(krokom):
    response = krokom.post(f"/m/{KROKOM}/exercises/new/", exercise_data())
    assert response.status_code == 302 and response["Location"] == f"/m/{KROKOM}/exercises/"
    exercise = Exercise.objects.get(name="Övning Vattenbrist i Föllinge")
    assert exercise.municipality.scb_code == KROKOM
    assert {p.ref for p in exercise.points.all()} == {"KRK-FOLL", "KRK-HALL"}
    assert {o.name for o in exercise.participants.all()} == {"FRG Krokom (demo)", "Krokoms kommun"}

    listing = krokom.get(f"/m/{KROKOM}/exercises/").content.decode()
    assert "Nödvattentanken saknade kran.<br>Skyltningen" in listing
    assert "Räddningstjänsten observerade." in listing and "Övning Storm i Offerdal" in listing

    response = krokom.post(f"/exercises/{exercise.pk}/edit/",
                           exercise_data(lessons_learned="Kranen är utbytt.", points=[Point.objects.get(ref="KRK-FOLL").pk]))
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.lessons_learned == "Kranen är utbytt." and [p.ref for p in exercise.points.all()] == ["KRK-FOLL"]

    assert krokom.get(f"/exercises/{exercise.pk}/delete/").status_code == 200
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    assert krokom.post(f"/exercises/{exercise.pk}/delete/").status_code == 302
    assert not Exercise.objects.filter(pk=exercise.pk).exists()


def test_an_exercise_without_a_date_or_with_another_municipalitys_point_is_refused(krokom):
    before = Exercise.objects.count()
    response = krokom.post(f"/m/{KROKOM}/exercises/new/",
                           exercise_data(date="", points=[Point.objects.get(ref="SOT-KALL").pk]))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "points"}
    body = response.content.decode()
    assert "Det här fältet är obligatoriskt." in body
    assert Exercise.objects.count() == before


def test_editing_with_a_bad_date_changes_nothing(krokom):
    exercise = Exercise.objects.get(name="Övning Storm i Offerdal")
    before = (exercise.name, exercise.date, exercise.lessons_learned)
    response = krokom.post(f"/exercises/{exercise.pk}/edit/", exercise_data(name="Ändrad", date="2025-13-45"))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["date"]
    exercise.refresh_from_db()
    assert (exercise.name, exercise.date, exercise.lessons_learned) == before


def test_the_exercise_form_offers_only_the_municipalitys_points(krokom):
    form = krokom.get(f"/m/{KROKOM}/exercises/new/").context["form"]
    assert set(form.fields["points"].queryset.values_list("municipality__scb_code", flat=True)) == {KROKOM}
    assert "FRG Åre (demo)" not in form.fields["participants"].queryset.values_list("name", flat=True)


def test_the_point_page_links_its_exercise_to_the_edit_page_only_for_who_may_edit(krokom, valsjobyn_staff, point):
    exercise = Exercise.objects.get(name="Övning Storm i Offerdal")
    valsjobyn = point("SOT-VALSJOBYN")
    assert f'href="/exercises/{exercise.pk}/edit/"' in krokom.get(f"/points/{valsjobyn.pk}/").content.decode()
    staff_view = valsjobyn_staff.get(f"/points/{valsjobyn.pk}/").content.decode()
    assert f'href="/exercises/{exercise.pk}/edit/"' not in staff_view
    assert f'href="/m/{KROKOM}/exercises/#exercise-{exercise.pk}"' in staff_view
    listing = valsjobyn_staff.get(f"/m/{KROKOM}/exercises/")
    assert listing.status_code == 200 and "Rakelterminalen i Valsjöbyn" in listing.content.decode()
    assert listing.context["can_edit"] is False
