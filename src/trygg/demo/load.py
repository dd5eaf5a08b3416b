"""Load the Jämtland demo into the database, idempotently.

Every row is keyed on a natural key (SCB code, site name within a
municipality, point reference, username), so loading twice changes nothing
and loading after an upgrade brings the demo up to date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.data import data_path
from trygg.demo import content as c
from trygg.demo.places import locate
from trygg.registry.models import (
    Agreement,
    Exercise,
    Organisation,
    Plan,
    Point,
    Routine,
    Site,
)
from trygg.rules.catalogue import ACTIVATION_QUESTIONS
from trygg.rules.levels import REQUIRED_EQUIPMENT, Level, required_functions
from trygg.shared.history import DEMO_LOAD_REASON, acting_as

# The service-point list's kinds → our site kinds.
SITE_KIND_OF = {
    "grocery": "grocery_store", "fuel": "fuel_station", "sot_punkt": "grocery_store", "school": "school",
    "library": "library", "sports_hall": "sports_hall", "community_hall": "village_hall", "church": "church",
    "other": "service_office",
}


@dataclass(frozen=True)
class LoadSummary:
    organisations: int
    sites: int
    points: int
    users: int


def _geometry_by(name: str, key: str) -> dict[str, dict[str, object]]:
    data = json.loads(data_path(name).read_text(encoding="utf-8"))
    return {f["properties"][key]: f["geometry"] for f in data["features"]}


def _load_organisations() -> dict[str, Organisation]:
    county, _ = Organisation.objects.update_or_create(
        scb_code=c.COUNTY_CODE,
        defaults={"name": c.COUNTY_NAME, "kind": "county", "crisis_role": "Regional samordning; TiB dygnet runt",
                  "phone": c.demo_phone(5), "email": "tib@lansstyrelsen.example", "rakel": "Z LST TIB (demo)",
                  "reachable": "Tjänsteperson i beredskap (TiB) dygnet runt",
                  "boundary": _geometry_by("jamtland_lan.geojson", "lan_kod")[c.COUNTY_CODE]},
    )
    orgs = {c.COUNTY_CODE: county}
    boundaries = _geometry_by("jamtland_kommuner.geojson", "kommun_kod")
    for number, (code, name) in enumerate(c.MUNICIPALITY_NAMES.items(), start=50):
        orgs[code], _ = Organisation.objects.update_or_create(
            scb_code=code, defaults={"name": name, "kind": "municipality", "parent": county,
                                     "crisis_role": "Kommunal krisledning; beredskapssamordnare",
                                     "phone": c.demo_phone(number), "email": f"tib.{code}@kommun.example",
                                     "rakel": f"Z KOMMUN {code} (demo)",
                                     "reachable": "Tjänsteperson i beredskap (TiB) dygnet runt",
                                     "boundary": boundaries[code]})
    for spec in c.ORGANISATIONS:
        parent = orgs[spec.municipality] if spec.municipality else county
        orgs[spec.key], _ = Organisation.objects.update_or_create(
            name=spec.name, defaults={"kind": spec.kind, "parent": parent, "crisis_role": spec.crisis_role,
                                      "phone": spec.phone, "email": spec.email, "rakel": spec.rakel,
                                      "reachable": spec.reachable})
    return orgs


def _site_defaults(kind: str, locality: str, address: str = "", source_url: str = "", notes: str = "") -> dict[str, object]:
    place = locate(locality)
    return {
        "kind": kind, "locality": locality, "address": address, "source_url": source_url,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "location_approximate": place is not None,
        "notes": "\n".join(filter(None, [notes, f"Position: {place.source} (the locality, not the building)." if place else
                                          "Position unknown: no bundled source holds this locality."])),
    }


def _load_sites(orgs: dict[str, Organisation]) -> dict[str, Site]:
    names = json.loads(data_path("jamtland_kommuner.geojson").read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["namn"]: orgs[f["properties"]["kommun_kod"]] for f in names}
    sites: dict[str, Site] = {}
    with data_path("jamtland_service_points_from_web.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["kind"] or row["kind"] == "sot_punkt":
                continue  # the village point, and SOT rows (the points themselves, built below)
            mun = by_name[row["kommun"]]
            defaults = _site_defaults(SITE_KIND_OF[row["kind"]], row["locality"], row["address"], row["source_url"], row["note"])
            if row["kind"] == "grocery":
                defaults["year_round"] = True
            sites[row["name"]], _ = Site.objects.update_or_create(municipality=mun, name=row["name"], defaults=defaults)
    for demo in c.DEMO_SITES:
        sites[demo.name], _ = Site.objects.update_or_create(
            municipality=orgs[demo.municipality], name=demo.name,
            defaults=_site_defaults(demo.kind, demo.locality, notes=demo.notes) | {"year_round": True})
    return sites


def _apply_point_site_facts(spec: c.PointSpec, site: Site) -> None:
    kind, kw, tank = spec.backup
    site.backup_power, site.generator_kw, site.tank_l = kind, kw, tank
    site.fire_safety_24h = spec.fire_safety_24h
    site.floor_area_m2 = spec.floor_area_m2
    site.heat_source = spec.heat_source
    site.accessible = spec.accessible
    if spec.kind == "sot_punkt":
        site.full_assortment = True
        site.year_round = True
    site.full_clean()
    site.save()


def _load_point(spec: c.PointSpec, orgs: dict[str, Organisation], sites: dict[str, Site]) -> Point:
    site = sites[spec.site]
    _apply_point_site_facts(spec, site)
    fuel = sites[spec.sot_fuel] if spec.sot_fuel else None
    point, _ = Point.objects.update_or_create(
        municipality=orgs[spec.municipality], ref=spec.ref,
        defaults={
            "name": spec.name, "kind": spec.kind, "level": spec.level, "state": spec.state,
            "capacity_day": spec.capacity_day, "capacity_night": spec.capacity_night,
            "priority_rank": spec.priority, "languages": spec.languages, "opening_hours": spec.opening_hours,
            "public": spec.public, "manager_name": spec.manager,
            "sot_process": spec.sot_process, "sot_store": site if spec.kind == "sot_punkt" else None,
            "sot_fuel_station": fuel, "sot_generator_feeds_store": spec.sot_feeds[0],
            "sot_generator_feeds_fuel": spec.sot_feeds[1], "sot_info_node": spec.sot_info_node,
            "sot_command_place": spec.sot_command_place,
            "sot_organisation": orgs[spec.sot_org] if spec.sot_org else None,
            "sot_organisation_activates": spec.sot_org_activates,
        },
    )
    point.full_clean()
    point.sites.set([s for s in (site, fuel) if s is not None])
    return point


# Staff roles a complete plan asks for, by level: (role, per shift, overnight).
_STAFF_BY_LEVEL: dict[int, list[tuple[str, int, bool]]] = {
    1: [("point_manager", 1, False), ("communicator", 1, False), ("tech_backup_power", 1, False)],
    2: [("point_manager", 1, False), ("communicator", 1, False), ("rakel_operator", 1, False),
        ("tech_backup_power", 1, False), ("food_distribution", 2, False), ("facility_care", 1, False)],
}
_STAFF_BY_LEVEL[3] = _STAFF_BY_LEVEL[2] + [("care_staff", 2, False), ("guard", 1, False),
                                          ("evacuation_leader", 1, False), ("point_manager", 1, True), ("guard", 1, True)]

_HOW = {
    "heating": "Reservkraft driver värmesystemet i de delar som används",
    "info_comms": "Anslagstavla, batteriradio, laddning av telefoner, information på flera språk",
    "drinking_water": "Nödvattentank 1 m³ och dunkar; nödvatten från kommunen inom ett dygn",
    "hygiene_sanitation": "Toaletter på reservkraft; avtal om latrinvagn",
    "electricity": "Reservkraft enligt lokalens uppgifter",
    "robust_telecom": "Rakel, satellittelefon och ordonnans",
    "food": "Enklare måltider från kommunens kök",
    "overnight": "Sovsal i idrottshallen",
    "fuel": "Drivmedel säljs från stationen på reservkraft",
}

_ACTIVATION = {
    "who_decides": "Krisledningsnämndens ordförande eller kommundirektören; i brådskande fall TiB",
    "who_starts": "Platsansvarig öppnar tillsammans med FRG",
    "staffing_endurance": "Tre skift per dygn; FRG enligt avtal avlöser kommunens personal efter 12 timmar",
    "other_rules": "Husdjur i separat rum; alkoholfritt",
    "capacity": "Enligt angiven kapacitet dag och natt",
    "access": "Nyckel och larmkod hos platsansvarig och vaktbolag",
    "robust_comms": "Rakel, satellittelefon och ordonnans med bil",
    "closing": "Krisledningen beslutar; platsansvarig återställer lokalen",
}


def _equipment_for(level: int, spec: c.PlanSpec) -> list[tuple[str, int, float | None]]:
    items: list[tuple[str, int, float | None]] = []
    for alternatives, lowest in REQUIRED_EQUIPMENT.items():
        code = alternatives[0]
        if Level(level) >= lowest and code not in spec.missing_equipment:
            items.append((code, 1 if code != "beds" else 40, None))
    items += [("lighting", 10, 0.1), ("computer_wifi", 1, None), ("rakel_terminal", 1, None),
              ("emergency_water_tank", 1, None), ("water_pump", 1, None)]
    return items + list(spec.extra_equipment)


def _load_plan(point: Point, spec: c.PlanSpec, orgs: dict[str, Organisation]) -> None:
    plan, _ = Plan.objects.update_or_create(point=point, defaults={
        **{code: ("" if code in spec.unanswered else _ACTIVATION[code]) for code in ACTIVATION_QUESTIONS},
        "fuel_arranged": spec.fuel_arranged,
        "reviewed_on": timezone.localdate() - dt.timedelta(days=120),
    })
    functions = [f for f in required_functions(point.level) if f not in spec.missing_functions] + list(spec.extra_functions)
    _sync_children(plan.functions, ("function",),
                   [{"function": f, "how": _HOW.get(f, ""), "provider": None} for f in dict.fromkeys(functions)])
    volunteers = next((o for o in orgs.values() if o.kind == "volunteer" and o.parent_id == point.municipality_id), None)
    staff = [(r, n, o) for r, n, o in _STAFF_BY_LEVEL[point.level] if not (o and spec.no_overnight_staff)]
    _sync_children(plan.staffing, ("role", "overnight"), [
        {"role": role, "overnight": overnight, "needed": n, "assigned": n - 1 if role in spec.understaffed else n,
         "organisation": volunteers} for role, n, overnight in staff])
    _sync_children(plan.equipment, ("equipment",), [
        {"equipment": code, "quantity": q, "power_kw": kw} for code, q, kw in _equipment_for(point.level, spec)])


def _sync_children(related: Any, key: tuple[str, ...], wanted: list[dict[str, Any]]) -> None:
    """Make a plan's rows exactly ``wanted``, touching only rows that differ.

    Deleting and recreating them on every load would write a deletion and a
    creation into the history for each row of each plan on every re-run.
    """
    keep = []
    for values in wanted:
        lookup = {name: values[name] for name in key}
        row, _ = related.update_or_create(**lookup, defaults={k: v for k, v in values.items() if k not in key})
        keep.append(row.pk)
    for stale in related.exclude(pk__in=keep):
        stale.delete()


def _load_followup(points: dict[str, Point], orgs: dict[str, Organisation]) -> None:
    today = timezone.localdate()
    for i, (_ref, point) in enumerate(sorted(points.items())):
        if point.state not in ("decided", "ready"):
            continue
        # Every third point's generator test is overdue, so the follow-up list has real items.
        Routine.objects.update_or_create(point=point, kind="generator_test", defaults={
            "interval_days": 90, "last_done": today - dt.timedelta(days=120 if i % 3 == 0 else 30),
            "responsible": "Fastighetsförvaltningen"})
        Routine.objects.update_or_create(point=point, kind="plan_review", defaults={
            "interval_days": 365, "last_done": today - dt.timedelta(days=120), "responsible": "Beredskapssamordnaren"})
    agreements = [
        ("2309", "staffing", "Bemanning av trygghetspunkter, FRG Krokom", ["frg-krokom"], ["SOT-VALSJOBYN", "SOT-ROTVIKEN", "KRK-HALL"], 20),
        ("2321", "staffing", "Bemanning av trygghetspunkter, FRG Åre", ["frg-are"], ["ARE-BIBL", "ARE-DUVED"], 200),
        ("2321", "premises", "Lokaler och krisstöd, Svenska kyrkan i Åre", ["kyrkan-are"], ["ARE-HALLEN"], 400),
        ("2380", "fuel", "Dieselleveranser till reservkraft", ["fuel-supplier"], ["OSD-BIBL", "OSD-PARK"], -10),
        ("2321", "fuel", "Drivmedel till SOT-punkt Kall", ["fuel-supplier", "by-kall"], ["SOT-KALL"], 60),
    ]
    for mun, subject, title, parties, refs, review_in_days in agreements:
        a, _ = Agreement.objects.update_or_create(municipality=orgs[mun], title=title, defaults={
            "subject": subject, "valid_from": today - dt.timedelta(days=700),
            "valid_to": today + dt.timedelta(days=review_in_days + 365),
            "review_date": today + dt.timedelta(days=review_in_days)})
        a.parties.set([orgs[mun]] + [orgs[p] for p in parties])
        a.points.set([points[r] for r in refs if r in points])
    ex, _ = Exercise.objects.update_or_create(municipality=orgs["2309"], name="Övning Storm i Offerdal", defaults={
        "date": today - dt.timedelta(days=200),
        "participants_notes": "Krokoms kommun, FRG Krokom, byalagen i Valsjöbyn och Rötviken, räddningstjänsten",
        "lessons_learned": "Rakelterminalen i Valsjöbyn saknade laddare på reservkraft. Ordonnans tog 50 minuter till Föllinge."})
    ex.points.set([points["SOT-VALSJOBYN"], points["SOT-ROTVIKEN"]])
    ex.participants.set([orgs["2309"], orgs["frg-krokom"], orgs["by-valsjobyn"], orgs["by-rotviken"]])


def _national_authority() -> Organisation:
    """MSB, to which the national coordinator belongs: no parent, since it stands above every county."""
    msb, _ = Organisation.objects.update_or_create(
        name=c.NATIONAL_NAME, defaults={"kind": "authority", "parent": None,
                                        "crisis_role": "Nationell samordning och lägesbild"})
    return msb


def _load_users(orgs: dict[str, Organisation], points: dict[str, Point]) -> int:
    User = get_user_model()
    orgs = {**orgs, c.NATIONAL_KEY: _national_authority()}
    for spec in c.USERS:
        user, created = User.objects.get_or_create(username=spec.username, defaults={
            "first_name": spec.first_name, "last_name": spec.last_name})
        if created:
            user.set_password(c.DEMO_PASSWORD)
        user.is_superuser = user.is_staff = spec.superuser
        user.save()
        m, _ = Membership.objects.update_or_create(user=user, defaults={"organisation": orgs[spec.organisation], "role": spec.role})
        m.full_clean()
        m.points.set([points[r] for r in spec.points])
        if spec.role == "point_manager":
            for managed in Point.objects.filter(ref__in=spec.points).exclude(manager=user):
                managed.manager = user  # saved, not .update(), so the history sees it
                managed.save(update_fields=["manager", "updated"])
    return len(c.USERS)


@transaction.atomic
def load_demo() -> LoadSummary:
    """Create or update the whole demo in one transaction; its history rows say "demo load"."""
    with acting_as(None, reason=DEMO_LOAD_REASON):
        return _load_everything()


def _load_sos_alarm(points: dict[str, Point]) -> None:
    """Each point's way to alarm 112 in an outage; a value someone changed since is kept."""
    from trygg.operations.models import CommsPath

    for ref, way in c.SOS_ALARM.items():
        comms, _created = CommsPath.objects.get_or_create(point=points[ref])
        if not comms.sos_alarm:
            comms.sos_alarm = way
            comms.save(update_fields=["sos_alarm"])


def _load_everything() -> LoadSummary:
    orgs = _load_organisations()
    sites = _load_sites(orgs)
    points = {spec.ref: _load_point(spec, orgs, sites) for spec in c.POINTS}
    for spec in c.POINTS:
        if spec.plan is not None:
            _load_plan(points[spec.ref], spec.plan, orgs)
    _load_followup(points, orgs)
    _load_sos_alarm(points)
    users = _load_users(orgs, points)
    return LoadSummary(Organisation.objects.count(), Site.objects.count(), Point.objects.count(), users)
