"""Re-importing points changes exactly what the file says, and the history shows only that (issue 11, defect 1).

Every test runs the real `trygg import points` command on the demo database.
"""

import json

import pytest
from click.testing import CliRunner

from trygg.cli import main
from trygg.registry.models import Point, Site

pytestmark = pytest.mark.django_db


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def hall() -> Point:
    return Point.objects.get(ref="KRK-HALL")


def snapshot(point: Point) -> dict:
    site = point.main_site()
    assert site is not None
    return {
        "state": point.state, "capacity_day": point.capacity_day, "capacity_night": point.capacity_night,
        "opening_hours": point.opening_hours, "languages": point.languages, "priority_rank": point.priority_rank,
        "public": point.public, "sites": list(point.sites.values_list("pk", flat=True)), "site_name": site.name,
        "backup_power": site.backup_power, "generator_kw": site.generator_kw, "notes": site.notes,
    }


def minimal_row(point: Point, name: str | None = None) -> str:
    site = point.main_site()
    assert site is not None
    return f"{point.ref},{name or point.name},{point.municipality.scb_code},{point.level},{site.lat},{site.lon}\n"


def history_rows(point: Point) -> tuple[int, int]:
    site = point.main_site()
    assert site is not None
    return point.history.count(), site.history.count()


def test_a_file_with_only_the_required_columns_changes_nothing_else(tmp_path):
    point = hall()
    before = snapshot(point)
    assert before["state"] == "decided" and (before["capacity_day"], before["capacity_night"]) == (250, 120)
    sites_before = Site.objects.count()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon\n" + minimal_row(point, "Krokoms sportcenter"),
                    encoding="utf-8")

    result = run("import", "points", str(path), "--user", "krokom")

    assert result.exit_code == 0, result.output
    assert "0 points created, 1 updated, 0 unchanged, 0 sites created" in result.output
    point = hall()
    assert point.name == "Krokoms sportcenter"
    assert snapshot(point) == before  # state, capacities, hours, languages, priority, site, power, notes
    assert Site.objects.count() == sites_before


def test_the_history_gets_one_row_for_the_real_change_attributed_to_the_importer(tmp_path):
    point = hall()
    points_before, sites_before = history_rows(point)
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon\n" + minimal_row(point, "Krokoms sportcenter"),
                    encoding="utf-8")
    assert run("import", "points", str(path), "--user", "krokom").exit_code == 0
    point = hall()
    assert history_rows(point) == (points_before + 1, sites_before)  # the site did not change: no row
    latest = point.history.latest()
    assert latest.history_user.username == "krokom"
    assert latest.prev_record is not None
    changed = latest.diff_against(latest.prev_record).changed_fields
    assert changed == ["name"]

    again = run("import", "points", str(path), "--user", "krokom")
    assert "0 updated, 1 unchanged" in again.output
    assert history_rows(hall()) == (points_before + 1, sites_before)


def test_an_empty_cell_leaves_the_field_and_replace_clears_it(tmp_path):
    point = hall()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon,opening_hours,capacity_night\n"
                    + minimal_row(point).rstrip("\n") + ",,\n", encoding="utf-8")

    kept = run("import", "points", str(path), "--user", "krokom")
    assert kept.exit_code == 0 and "1 unchanged" in kept.output
    assert (hall().opening_hours, hall().capacity_night) == ("Dygnet runt vid aktivering", 120)

    cleared = run("import", "points", str(path), "--user", "krokom", "--replace")
    assert cleared.exit_code == 0, cleared.output
    assert (hall().opening_hours, hall().capacity_night) == ("", 0)


def test_the_notes_column_is_imported_into_the_points_site(tmp_path):
    point = hall()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon,notes\n"
                    + minimal_row(point).rstrip("\n") + ",Nyckel hos vaktmästaren\n", encoding="utf-8")
    assert run("import", "points", str(path), "--user", "krokom").exit_code == 0
    site = hall().main_site()
    assert site is not None and site.notes == "Nyckel hos vaktmästaren"


def test_unknown_columns_are_named_in_a_warning_and_the_rest_imports(tmp_path):
    point = hall()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon,färg\n"
                    + minimal_row(point, "Sportcentret").rstrip("\n") + ",blå\n", encoding="utf-8")
    result = run("import", "points", str(path), "--user", "krokom")
    assert result.exit_code == 0
    assert "warning: Unknown column 'färg' was ignored." in result.output
    assert hall().name == "Sportcentret"


def test_a_dry_run_prints_each_points_diff_and_changes_nothing(tmp_path):
    point = hall()
    follinge = Point.objects.get(ref="KRK-FOLL")
    before = snapshot(point)
    counts = (Point.objects.count(), Site.objects.count(), Point.history.count(), Site.history.count())
    path = tmp_path / "p.csv"
    path.write_text(
        "ref,name,municipality_code,level,lat,lon,capacity_day\n"
        + minimal_row(point).rstrip("\n") + ",300\n"
        + minimal_row(follinge).rstrip("\n") + f",{follinge.capacity_day}\n"
        + "KRK-NY,Trygghetspunkt Nälden,2309,1,63.3301,14.2350,30\n", encoding="utf-8")

    result = run("import", "points", str(path), "--user", "krokom", "--dry-run")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "KRK-HALL: capacity_day: 250 → 300" in lines
    assert "KRK-FOLL: unchanged" in lines
    assert "KRK-NY: new point" in lines
    assert "nothing was changed (--dry-run)" in result.output
    assert snapshot(hall()) == before
    assert (Point.objects.count(), Site.objects.count(), Point.history.count(), Site.history.count()) == counts


def test_a_new_point_at_an_existing_site_uses_that_site(tmp_path):
    site = Site.objects.get(name="Allaktivitetshallen Krokom (Krokoms Sportcenter)")
    sites_before = Site.objects.count()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon\n"
                    f"KRK-HALL2,Värmestuga i hallen,2309,1,{site.lat + 0.00001},{site.lon}\n", encoding="utf-8")
    result = run("import", "points", str(path), "--user", "krokom")
    assert result.exit_code == 0 and "1 points created" in result.output and "0 sites created" in result.output
    assert list(Point.objects.get(ref="KRK-HALL2").sites.all()) == [site]
    assert Site.objects.count() == sites_before


def test_a_geojson_feature_with_few_properties_changes_only_those(tmp_path):
    point = hall()
    before = snapshot(point)
    site = point.main_site()
    assert site is not None
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
               "properties": {"ref": "KRK-HALL", "name": point.name, "municipality_code": "2309", "level": 3,
                              "priority_rank": None}}
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    result = run("import", "points", str(path), "--user", "krokom")
    assert result.exit_code == 0 and "1 unchanged" in result.output
    assert snapshot(hall()) == before  # a null property is an empty cell: unchanged without --replace


def test_a_user_may_import_only_into_their_own_municipality(tmp_path):
    point = hall()
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon\n" + minimal_row(point, "X"), encoding="utf-8")
    result = run("import", "points", str(path), "--user", "are")
    assert result.exit_code == 2 and "may not change that municipality" in result.output
    assert hall().name == point.name
    unknown = run("import", "points", str(path), "--user", "nobody")
    assert unknown.exit_code == 2 and "No active user 'nobody'" in unknown.output


def test_a_sites_file_updates_the_named_site_and_leaves_its_other_fields(tmp_path):
    site = Site.objects.get(name="Allaktivitetshallen Krokom (Krokoms Sportcenter)")
    before = (site.address, site.backup_power, site.generator_kw, site.tank_l, site.floor_area_m2, site.lat, site.lon)
    count = Site.objects.count()
    path = tmp_path / "lokaler.csv"
    path.write_text("name,municipality_code,notes,address\n"
                    "Allaktivitetshallen Krokom (Krokoms Sportcenter),2309,Larmkod hos vaktmästaren,\n",
                    encoding="utf-8")
    dry = run("import", "sites", str(path), "--user", "krokom", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Allaktivitetshallen Krokom (Krokoms Sportcenter): notes:" in dry.output
    result = run("import", "sites", str(path), "--user", "krokom")
    assert result.exit_code == 0 and "0 sites created, 1 updated" in result.output
    site.refresh_from_db()
    assert site.notes == "Larmkod hos vaktmästaren"
    # the empty address cell and the absent columns leave their fields as they were
    assert (site.address, site.backup_power, site.generator_kw, site.tank_l, site.floor_area_m2, site.lat,
            site.lon) == before
    assert Site.objects.count() == count
    assert site.history.latest().history_user.username == "krokom"


def test_priority_ranks_taken_in_the_database_or_earlier_in_the_file_are_refused_with_the_models_message(tmp_path):
    """The import checks the unique pairs from one read of the taken ones (transfer._PointKeys), not per row:
    a rank taken by an existing point, or by a point created two rows up, is still refused and changes nothing."""
    taken = Point.objects.filter(municipality__scb_code="2309").exclude(priority_rank=None).first()
    assert taken is not None
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon,priority_rank\n"
                    "NY-1,Ny punkt ett,2309,1,63.33,14.45,9001\n"
                    "NY-2,Ny punkt två,2309,1,63.34,14.46,9001\n"
                    f"NY-3,Ny punkt tre,2309,1,63.35,14.47,{taken.priority_rank}\n", encoding="utf-8")
    before = Point.objects.count()

    result = run("import", "points", str(path), "--user", "krokom")

    assert result.exit_code != 0
    assert "row 3, field 'priority_rank'" in result.output and "row 4, field 'priority_rank'" in result.output
    assert "row 2," not in result.output
    assert Point.objects.count() == before


def test_a_point_may_take_the_rank_another_point_gave_up_earlier_in_the_same_file(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("ref,name,municipality_code,level,lat,lon,priority_rank\n"
                    "NY-A,Punkt A,2309,1,63.33,14.45,9101\nNY-B,Punkt B,2309,1,63.34,14.46,9102\n", encoding="utf-8")
    assert run("import", "points", str(path), "--user", "krokom").exit_code == 0
    path.write_text("ref,name,municipality_code,level,lat,lon,priority_rank\n"
                    "NY-A,Punkt A,2309,1,63.33,14.45,9103\nNY-B,Punkt B,2309,1,63.34,14.46,9101\n", encoding="utf-8")
    result = run("import", "points", str(path), "--user", "krokom")
    assert result.exit_code == 0, result.output
    ranks = dict(Point.objects.filter(ref__in=["NY-A", "NY-B"]).values_list("ref", "priority_rank"))
    assert ranks == {"NY-A": 9103, "NY-B": 9101}
