"""Setup for bench_national_load.py, run in its own process with ``DATABASE_URL`` set to the bench's database.

    python bench/national_load_setup.py OUT_DIR [--points 20000] [--point-pages 2000] [--seed 2026]

Migrates, loads every county and municipality (``trygg load-reference``: the same function), then
bulk-creates the published points (a site, a plan with functions and equipment each), spread over all
290 municipalities by the square root of the population of their tätorter (at least 10 each; Stockholm
gets about 450) and placed around the real
tätorter (bundled ``sweden_tatorter_2020.csv``); one coordinator account per municipality; one
real event covering every municipality (``--activate``: every point activated in it, one log
entry per point through ``decisions.activate``; slow). Then writes, with the
static export's own builders (``trygg.public.export``), the files of the URLs the load asks for, and
``OUT_DIR/setup.json``: the URLs and their weights, the event, the points and the accounts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.web.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from trygg.accounts.models import Membership, Role  # noqa: E402
from trygg.data import data_path  # noqa: E402
from trygg.registry.models import Organisation, Plan, PlanEquipment, PlanFunction, Point, Site  # noqa: E402
from trygg.registry.reference import load_reference  # noqa: E402

PASSWORD = "bench-natload"  # noqa: S105 - a throwaway database's accounts
MIN_PER_MUNICIPALITY = 10
SITE_KINDS = ("school", "library", "sports_hall", "village_hall", "church", "contact_centre", "service_office")
SITE_WORDS = {"school": "skola", "library": "bibliotek", "sports_hall": "sporthall", "village_hall": "bygdegård",
              "church": "församlingshem", "contact_centre": "medborgarkontor", "service_office": "servicekontor"}
STREETS = ("Storgatan", "Kyrkvägen", "Skolvägen", "Stationsgatan", "Järnvägsgatan", "Parkvägen", "Torggatan")
FUNCTIONS = ("info_comms", "heating", "electricity", "drinking_water", "hygiene_sanitation", "robust_telecom",
             "food", "crisis_support", "family_corner")
EQUIPMENT = ("backup_generator", "first_aid_kit", "defibrillator", "radio", "phone_charging", "blankets",
             "emergency_water_tank", "lighting")
LANGUAGES = ("sv", "sv,en", "sv,en", "sv,en,ar", "sv,en,fi", "sv,en,so", "sv,fi,se")
HOURS = ("Vid störning: dygnet runt", "Vid störning 08–20", "Vardagar 10–18, helger 10–15; vid störning enligt beslut")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def allocate(weights: dict[str, float], total: int, minimum: int) -> dict[str, int]:
    """``total`` spread over the keys by weight, at least ``minimum`` each (largest remainder)."""
    rest = total - minimum * len(weights)
    scale = rest / sum(weights.values())
    raw = {k: w * scale for k, w in weights.items()}
    counts = {k: minimum + int(v) for k, v in raw.items()}
    short = total - sum(counts.values())
    for k in sorted(raw, key=lambda k: raw[k] - int(raw[k]), reverse=True)[:short]:
        counts[k] += 1
    return counts


def tatorter() -> dict[str, list[dict[str, str]]]:
    with data_path("sweden_tatorter_2020.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_code[row["kommun_kod"]].append(row)
    return by_code


def create_points(total: int, rng: random.Random) -> dict[str, list[int]]:
    """The published points, bulk-created; returns point ids per municipality code."""
    municipalities = {m.scb_code: m for m in Organisation.objects.filter(kind="municipality")}
    towns = tatorter()
    population = {code: sum(float(t["befolkning"]) for t in towns.get(code, [])) or 1000.0 for code in municipalities}
    # More points where more people live, but not in proportion: a city plans a few hundred, not thousands.
    counts = allocate({code: people ** 0.5 for code, people in population.items()}, total, MIN_PER_MUNICIPALITY)
    now = timezone.now()
    sites: list[Site] = []
    points: list[Point] = []
    for code, org in sorted(municipalities.items()):
        places = towns.get(code) or []
        weights = [float(t["befolkning"]) ** 0.6 for t in places]
        for i in range(counts[code]):
            town = rng.choices(places, weights)[0] if places else None
            kind = SITE_KINDS[i % len(SITE_KINDS)]
            locality = town["namn"] if town else org.name
            spread_km = max(0.3, (float(town["area_ha"]) / 100) ** 0.5 / 2) if town else 5.0
            lat = float(town["lat"]) + rng.gauss(0, spread_km / 111) if town else None
            lon = float(town["lon"]) + rng.gauss(0, spread_km / 55) if town else None
            level = rng.choice((1, 1, 2, 2, 3))
            day = rng.randrange(40, 400, 10)
            sites.append(Site(municipality=org, name=f"{locality} {SITE_WORDS[kind]}", kind=kind,
                              address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
                              postal_code=f"{rng.randint(100, 999)} {rng.randint(10, 99)}", locality=locality,
                              lat=lat, lon=lon, accessible=rng.random() < 0.8,
                              accessibility_notes="Ramp vid huvudentrén" if rng.random() < 0.3 else "",
                              backup_power="fixed" if level >= 2 else "none"))
            points.append(Point(municipality=org, ref=f"TP-{code}-{i + 1:03d}",
                                name=f"Trygghetspunkt {locality} {SITE_WORDS[kind]}", kind="trygghetspunkt",
                                level=level, state=rng.choice(("decided", "ready")), public=True,
                                capacity_day=day, capacity_night=day // 3 if level == 3 else 0,
                                priority_rank=i + 1, languages=rng.choice(LANGUAGES),
                                opening_hours=rng.choice(HOURS), created=now, updated=now))
    with transaction.atomic():
        Site.objects.bulk_create(sites, batch_size=2000)
        Point.objects.bulk_create(points, batch_size=2000)
        Point.sites.through.objects.bulk_create(
            [Point.sites.through(point_id=p.pk, site_id=s.pk) for p, s in zip(points, sites, strict=True)],
            batch_size=5000)
        plans = Plan.objects.bulk_create([Plan(point=p) for p in points], batch_size=2000)
        functions, equipment = [], []
        for plan in plans:
            for function in rng.sample(FUNCTIONS, rng.randint(3, 7)):
                functions.append(PlanFunction(plan=plan, function=function))
            for item in rng.sample(EQUIPMENT, rng.randint(2, 6)):
                equipment.append(PlanEquipment(plan=plan, equipment=item, quantity=rng.randint(1, 4)))
        PlanFunction.objects.bulk_create(functions, batch_size=5000)
        PlanEquipment.objects.bulk_create(equipment, batch_size=5000)
    by_code: dict[str, list[int]] = defaultdict(list)
    for p in points:
        by_code[p.municipality.scb_code].append(p.pk)
    return dict(by_code)


def create_accounts() -> dict[str, str]:
    """A coordinator per municipality (username per SCB code), one password hash shared by all (hashed once)."""
    users = get_user_model()
    hashed = make_password(PASSWORD)
    orgs = list(Organisation.objects.filter(kind="municipality").order_by("scb_code"))
    created = users.objects.bulk_create([users(username=f"k{o.scb_code}", password=hashed, is_active=True)
                                         for o in orgs])
    Membership.objects.bulk_create([Membership(user=u, organisation=o, role=Role.COORDINATOR)
                                    for u, o in zip(created, orgs, strict=True)])
    return {o.scb_code: u.username for u, o in zip(created, orgs, strict=True)}


def create_event(points: dict[str, list[int]], activate: bool) -> int:
    """One real (not exercise) event over every municipality; with ``activate`` every point activated.

    Real, so the public side does the work a real event costs it (an exercise's rows are never published
    and never touch the public cache). A coordinator may report for any point of a municipality the
    event covers, activated or not.
    """
    from trygg.operations import decisions

    orgs = {o.scb_code: o for o in Organisation.objects.filter(kind="municipality")}
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="k")}
    owner = orgs["0180"]
    event = decisions.create_event(name="Nationellt elavbrott", kind="power_outage", exercise=False,
                                   municipalities=orgs.values(), owner=owner, created_by_id=users["k0180"].pk)
    decision = decisions.Decision("Kommundirektören", "kommundirektor", "Nationellt elavbrott",
                                  timezone.now())
    for code, ids in sorted(points.items()) if activate else ():
        decisions.activate(event, users[f"k{code}"].pk, orgs[code], Point.objects.filter(pk__in=ids), decision)
    return int(event.pk)


def urls(points: dict[str, list[int]], point_pages: int, rng: random.Random) -> list[dict[str, object]]:
    """What the load asks for, with weights (share of requests) and whether the static copy has the file."""
    from trygg.public import status

    codes = sorted(points)
    size = {c: len(points[c]) for c in codes}  # residents follow population, and so do the points
    total = sum(size.values())
    jamtland = sorted({loc.municipality_code for loc in status.localities()})
    near = [(loc.municipality_code, loc.code) for loc in status.localities()]
    every_point = [pk for c in codes for pk in points[c]]
    sample = rng.sample(every_point, min(point_pages, len(every_point)))
    out: list[dict[str, object]] = []

    def add(path: str, weight: float, kind: str, static: bool = True, etag: bool = False) -> None:
        out.append({"path": path, "weight": weight, "kind": kind, "static": static, "etag": etag})

    for c in codes:  # the municipality finder: 35 %
        add(f"/k/{c}/", 0.35 * size[c] / total, "finder")
    for code, loc in near:  # nearest first from a locality (the bundled localities are Jämtland's): 5 %
        add(f"/k/{code}/?near={loc}", 0.05 / len(near), "finder near", static=False)
    for pk in sample:  # a point's own page: 30 %
        add(f"/p/{pk}/", 0.30 / len(sample), "point page")
    for c in codes:  # a municipality's feeds: 20 %
        for name in ("points.geojson", "points.csv", "atom.xml"):
            add(f"/feeds/{c}/{name}", 0.20 / 3 * size[c] / total, "municipality feed")
    for name in ("points.geojson", "points.csv", "points.json", "atom.xml"):  # the national feeds: 10 %
        add(f"/feeds/{name}", 0.09 / 4, "national feed, If-None-Match", etag=True)
        add(f"/feeds/{name}", 0.01 / 4, "national feed, full body")
    del jamtland
    return out


def write_static(directory: Path, wanted: set[str]) -> dict[str, float]:
    """The static export's files for ``wanted`` paths, built by trygg.public.export's own jobs."""
    from trygg.public import export, status

    t0 = time.perf_counter()
    points = status.public_points(None)
    jobs = [j for j in (*export._page_jobs(None, points, False), *export._feed_jobs(None)) if j.path in wanted]
    written = 0
    for job in jobs:
        body = job.build()
        path = export._file_for(directory, job.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written += len(body)
    return {"files": len(jobs), "bytes": written, "seconds": time.perf_counter() - t0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--point-pages", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--activate", action="store_true", help="activate every point in the event (slow)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    timings: dict[str, float] = {}

    def step(name: str, t0: float) -> float:
        timings[name] = time.perf_counter() - t0
        log(f"  {name}: {timings[name]:.1f} s")
        return time.perf_counter()

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    t = step("migrate", t)
    log(f"  {load_reference()}")
    t = step("load-reference", t)
    points = create_points(args.points, rng)
    t = step(f"{args.points} points (bulk)", t)
    accounts = create_accounts()
    t = step("accounts", t)
    event = create_event(points, args.activate)
    t = step("event" + (", every point activated" if args.activate else ""), t)
    wanted = urls(points, args.point_pages, rng)
    static = write_static(args.out / "static", {str(u["path"]) for u in wanted if u["static"]})
    t = step(f"static files ({static['files']})", t)
    (args.out / "setup.json").write_text(json.dumps({
        "event": event, "points": points, "accounts": accounts, "password": PASSWORD, "urls": wanted,
        "static": static, "timings": timings}), encoding="utf-8")


if __name__ == "__main__":
    main()
