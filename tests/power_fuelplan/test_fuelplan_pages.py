"""The fuel plan from the demo registry: priority order page, Bränsleplan, event fuel, CLI (issue 12, item 4)."""

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from trygg.analysis.power.registry_case import FuelPlanAssumptions
from trygg.cli import main
from trygg.operations import decisions
from trygg.operations.log import NewEntry, append
from trygg.registry.fuelplan import STOCKHOLM, default_start, municipality_plan
from trygg.registry.models import Organisation, Point

# No station stock, no deliveries: every point lives on its own tank.
OWN_TANKS = FuelPlanAssumptions(duration_h=150, station_stock_l=0, delivery_interval_h=0)
START = dt.datetime(2026, 1, 12, 6, tzinfo=STOCKHOLM)


def _row(plan, ref):
    return next(r for r in plan.run.point_rows() if plan.points[r["id"]].ref == ref)


def test_valsjobyn_runs_dry_when_its_hand_computed_endurance_says(db):
    """SOT-punkt Valsjöbyn: 30 kW set, full 400 l tank, open 07–22 (level 2), 150 m² electric heating.

    At −15 °C: open 15.18 kW (kitchen 7.2, heating 150 × 1.2 W/m²K × 33 K = 5.94, lighting 0.9, pump 0.66,
    charging 0.25, IT 0.23), closed 5.39 kW (heating to 10 °C 4.5, pump, IT). The table at 30 kW (¼ of the
    way from the 20 to the 60 kW row): ½ load 5.3 l/h, ¾ load 7.275 → 15.18/30 = 0.506 load burns 5.3474 l/h;
    below ¼ load toward the no-load 2 × 3.425 − 5.3 = 1.55 l/h → 0.18 load burns 2.8975 l/h.
    A day from 06:00: 1 + 8 closed hours and 15 open = 9 × 2.8975 + 15 × 5.3474 = 106.2885 l.
    After three days 81.13 l are left; 06–07 takes 2.90 → 78.24 l = 14.6 open hours: dry in the hour
    21–22 on day four, hour 72 + 1 + 14 = 87.
    """
    plan = municipality_plan(Organisation.objects.get(scb_code="2309"), OWN_TANKS, START)
    row = _row(plan, "SOT-VALSJOBYN")
    assert row["start_l"] == 400 and row["rated_kw"] == 30
    i = plan.run.arrays_.point_ids.index(row["id"])
    assert plan.run.arrays_.demand_l[i, :24].sum() == pytest.approx(106.2885, abs=1e-3)
    assert plan.run.result_.first_cut_h[i] == 87
    assert row["first_cut_at"] == "2026-01-15T21:00:00+01:00"
    # The connection point without an agreed set and the school without backup are dark from the start.
    assert _row(plan, "KRK-CED")["cut_reason"] == "no_backup"


def _fuel_page(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/m/2309/fuel-plan/?{query}")


def _cut_names(html):
    return re.findall(r'<tr class="cut">.*?<a href="/points/\d+/">([^<]+)</a>', html, flags=re.S)


SCARCE = {"duration_h": 240, "delivery_interval_h": 0, "station_stock_l": 1200}


def test_the_saved_priority_order_decides_who_is_cut(krokom):
    # 1200 l at Rötviken's station (its pumps run on Rötviken's set): over 10 days Valsjöbyn needs 663 l
    # more and Rötviken 711 l; the higher rank gets its whole need, the other runs dry.
    before = _fuel_page(krokom, **SCARCE).content.decode()
    assert "SOT-punkt Rötviken" in _cut_names(before) and "SOT-punkt Valsjöbyn" not in _cut_names(before)
    rotviken = Point.objects.get(ref="SOT-ROTVIKEN")
    page = krokom.get("/m/2309/priority/")
    shown = page.context["shown"]
    r = krokom.post("/m/2309/priority/", {"shown": shown, "up": rotviken.pk})
    assert r.status_code == 302
    assert Point.objects.get(ref="SOT-ROTVIKEN").priority_rank == 2
    assert Point.objects.get(ref="SOT-VALSJOBYN").priority_rank == 3
    after = _fuel_page(krokom, **SCARCE).content.decode()
    assert "SOT-punkt Valsjöbyn" in _cut_names(after) and "SOT-punkt Rötviken" not in _cut_names(after)


def test_saving_numbers_renumbers_all_points_with_history_by_the_coordinator(krokom):
    points = {p.ref: p for p in Point.objects.filter(municipality__scb_code="2309")}
    shown = krokom.get("/m/2309/priority/").context["shown"]
    numbers = {"KRK-HALL": 10, "SOT-VALSJOBYN": 30, "SOT-ROTVIKEN": 20, "KRK-FOLL": 50, "KRK-CED": 40}
    r = krokom.post("/m/2309/priority/", {"shown": shown, "save": "1",
                                          **{f"rank-{points[ref].pk}": n for ref, n in numbers.items()}})
    assert r.status_code == 302
    ranks = dict(Point.objects.filter(municipality__scb_code="2309").values_list("ref", "priority_rank"))
    assert ranks == {"KRK-HALL": 1, "SOT-ROTVIKEN": 2, "SOT-VALSJOBYN": 3, "KRK-CED": 4, "KRK-FOLL": 5}
    history = get_history_model_for_model(Point).objects.filter(id=points["KRK-CED"].pk).latest("history_date")
    assert history.priority_rank == 4 and history.history_user.username == "krokom"


def test_bad_numbers_name_the_row_and_change_nothing(krokom):
    points = list(Point.objects.filter(municipality__scb_code="2309").order_by("priority_rank"))
    before = [p.priority_rank for p in points]
    shown = krokom.get("/m/2309/priority/").context["shown"]
    data = {"shown": shown, "save": "1", **{f"rank-{p.pk}": i for i, p in enumerate(points, 1)}}
    data[f"rank-{points[1].pk}"] = "två"
    data[f"rank-{points[3].pk}"] = "1"
    r = krokom.post("/m/2309/priority/", data)
    assert r.status_code == 400
    text = r.content.decode()
    assert "Rad 2" in text or "Row 2" in text
    assert "två" in text and points[0].name in text
    assert [p.priority_rank for p in Point.objects.filter(pk__in=[p.pk for p in points]).order_by("priority_rank")] \
        == before


def test_the_priority_page_says_what_backup_power_each_point_has(krokom):
    backup = {p.pk: text for p, text in krokom.get("/m/2309/priority/").context["rows"]}
    assert backup[Point.objects.get(ref="SOT-VALSJOBYN").pk].startswith(("fast reservkraftverk, 30 kW",
                                                                         "fixed generator, 30 kW"))
    assert backup[Point.objects.get(ref="KRK-CED").pk] in ("ingen", "none")


def test_a_stale_form_changes_nothing(krokom):
    r = krokom.post("/m/2309/priority/", {"shown": "1,2,3", "save": "1"})
    assert r.status_code == 400
    assert sorted(Point.objects.filter(municipality__scb_code="2309").values_list("priority_rank", flat=True)) \
        == [1, 2, 3, 4, 5]


def test_krokoms_coordinator_gets_404_on_ares_fuel_plan_and_priority_page(krokom):
    assert krokom.get("/m/2321/fuel-plan/").status_code == 404
    assert krokom.get("/m/2321/priority/").status_code == 404
    assert krokom.post("/m/2321/priority/", {"shown": "", "save": "1"}).status_code == 404
    assert krokom.get("/county/fuel-plan/").status_code == 403  # the county's plan is the county's


def test_the_county_reads_every_order_but_cannot_change_it(county):
    page = county.get("/m/2321/priority/")
    assert page.status_code == 200 and b'name="save"' not in page.content
    kall = Point.objects.get(ref="SOT-KALL")
    r = county.post("/m/2321/priority/", {"shown": page.context["shown"], "down": kall.pk})
    assert r.status_code == 403 and Point.objects.get(ref="SOT-KALL").priority_rank == 1
    whole = county.get("/county/fuel-plan/")
    assert whole.status_code == 200
    assert "SOT-punkt Kall" in whole.content.decode() and "SOT-punkt Lillhärdal" in whole.content.decode()


@pytest.mark.parametrize(("params", "field"), [({"duration_h": "tre"}, "id_duration_h"),
                                               ({"duration_h": "0"}, "id_duration_h"),
                                               ({"delivery_interval_h": "-24"}, "id_delivery_interval_h"),
                                               ({"station_stock_l": "1e400"}, "id_station_stock_l")])
def test_bad_form_input_gives_a_message_not_a_plan(are, params, field):
    r = are.get("/m/2321/fuel-plan/", params)
    assert r.status_code == 400
    text = r.content.decode()
    assert f'aria-describedby="{field}_error"' in text and 'role="alert"' in text
    assert "<svg" not in text


def test_the_plan_page_shows_assumptions_charts_and_the_stations(are):
    r = are.get("/m/2321/fuel-plan/")
    assert r.status_code == 200
    text = r.content.decode()
    svgs = re.findall(r"<svg.*?</svg>", text, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:  # drawn inline: no fonts, images or styles fetched from anywhere
        assert not re.search(r"(href|src)=\"(https?:|//)|url\(\s*['\"]?https?:|@import|<image", svg)
        assert "<path" in svg
    assert "Kall drivmedel (vid lanthandeln)" in text  # powered by SOT-punkt Kall's set
    assert "3\xa0000" in text or "3 000" in text or "3000" in text  # the assumed station stock, stated
    assert r.context["start"] == default_start()


@pytest.fixture
def offerdal(krokom):
    """Valsjöbyn and Rötviken activated in an outage; Valsjöbyn reports 50 l left on backup, Rötviken mains."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="krokom")
    org = Organisation.objects.get(scb_code="2309")
    event = decisions.create_event(name="Strömavbrott Offerdal", kind="power_outage", exercise=False,
                                   municipalities=[org], owner=org, created_by_id=user.pk,
                                   starts_at=timezone.now() - dt.timedelta(hours=1))
    points = list(Point.objects.filter(ref__in=["SOT-VALSJOBYN", "SOT-ROTVIKEN", "KRK-HALL"]))
    decisions.activate(event, user.pk, org, points, decisions.Decision(
        decided_by="Kommundirektören", mandate="kommundirektor", reason="Strömavbrott", decided_at=timezone.now(),
        level=2))
    for ref, data in (("SOT-VALSJOBYN", {"power_source": "backup", "fuel_l": 50}),
                      ("SOT-ROTVIKEN", {"power_source": "mains"}),
                      ("KRK-HALL", {"power_source": "backup", "fuel_l": 1500})):
        append(NewEntry(event=event, author_id=user.pk, author_org=org, kind="status", occurred_at=timezone.now(),
                        point=Point.objects.get(ref=ref), data=data))
    return event


def test_during_an_event_the_latest_reported_fuel_says_who_runs_dry_first(krokom, offerdal):
    r = krokom.get(f"/ops/events/{offerdal.pk}/fuel/", {"station_stock_l": 0, "delivery_interval_h": 0})
    assert r.status_code == 200
    plan = r.context["plan"]
    valsjobyn = next(pid for pid, p in plan.points.items() if p.ref == "SOT-VALSJOBYN")
    assert plan.case.reported_fuel[valsjobyn] == 50  # reported this hour: nothing burned since the start
    first = r.context["first_dry"]
    assert first["point"].ref == "SOT-VALSJOBYN"
    assert 9 <= first["hours"] <= 17  # 50 l at 2.9–5.3 l/h
    assert first["at"].tzinfo is not None and first["at"].utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert "SOT-punkt Rötviken" in r.content.decode()  # named as on mains, not simulated
    assert [row["reported"] for row in r.context["rows"]] == [True, True]  # both start from their report
    assert [x.reason for x in plan.left_out] == ["on_mains"]


def test_another_municipalitys_coordinator_cannot_open_the_events_fuel(are, offerdal):
    assert are.get(f"/ops/events/{offerdal.pk}/fuel/").status_code == 404


def test_scenario_run_from_db_runs_the_registrys_case(db):
    r = CliRunner().invoke(main, ["scenario", "run", "--from-db", "-m", "2309", "--duration-h", "240",
                                  "--delivery-interval-h", "0", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert [p["id"] for p in d["points"]][:3] == ["KRK-HALL", "SOT-VALSJOBYN", "SOT-ROTVIKEN"]
    assert d["scenario"]["duration_h"] == 240 and "delivery_interval_h = 0" in d["assumptions"]
    text = CliRunner().invoke(main, ["scenario", "run", "--from-db", "-m", "2309"]).output
    assert "Assumptions" in text and "SOT-punkt Valsjöbyn" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--from-db"], "needs -m CODE"),
    (["--from-db", "-m", "9999"], "No municipality with code '9999'"),
    (["--from-db", "-m", "2309", "--duration-h", "0"], "duration_h"),
    (["-m", "2309"], "Give a scenario FILE"),
])
def test_scenario_run_from_db_bad_input_is_one_message(db, args, message):
    r = CliRunner().invoke(main, ["scenario", "run", *args])
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_an_event_whose_points_all_report_mains_says_there_is_nothing_to_simulate(krokom, offerdal):
    user_id = offerdal.created_by_id
    org = Organisation.objects.get(scb_code="2309")
    for ref in ("SOT-VALSJOBYN", "KRK-HALL"):
        append(NewEntry(event=offerdal, author_id=user_id, author_org=org, kind="status", occurred_at=timezone.now(),
                        point=Point.objects.get(ref=ref), data={"power_source": "mains"}))
    r = krokom.get(f"/ops/events/{offerdal.pk}/fuel/")
    assert r.status_code == 200 and r.context["nothing"]
    assert "<svg" not in r.content.decode()
