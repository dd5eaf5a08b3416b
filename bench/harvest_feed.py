"""Validate and store a national-sized harvested feed; print the times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trygg_bench_harvest \\
        .venv/bin/python bench/harvest_feed.py [--points 20000]

Builds a ``trygg-points/1.0`` GeoJSON feed of ``--points`` synthetic points spread over Sweden's
municipality codes with the feed's own writer, then times: JSON Schema validation of the whole feed
(``parse_feed``), the first store of the source and a second store that replaces it (one transaction
each). The database is migrated first; the source is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import UTC, datetime

from trygg.formats.public_points import public_feature_collection
from trygg.rules.public_info import HelpCategory, PointStatus, PublicPoint


def synthetic_points(n: int) -> list[PublicPoint]:
    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    statuses = list(PointStatus)
    return [PublicPoint(
        id=i, name=f"Trygghetspunkt {i}", kind="trygghetspunkt", municipality_code=f"{1 + i % 25:02d}{i % 90:02d}",
        municipality_name=f"Kommun {i % 290}", level=1 + i % 3, status=statuses[i % len(statuses)], updated=now,
        ref=f"TP-{i}", lat=55.5 + (i % 1000) * 0.013, lon=11.5 + (i // 1000) * 0.5, address=f"Storgatan {i % 90 + 1}",
        postal_code="831 30", locality="Östersund", opening_hours="08–20", help=(HelpCategory.WARMTH, HelpCategory.WATER),
        accessible=True, languages=("sv", "en"), capacity_day=50, note="", status_since=now)
        for i in range(1, n + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from trygg.harvest.models import HarvestSource
    from trygg.harvest.store import replace_points
    from trygg.harvest.validate import parse_feed

    call_command("migrate", verbosity=0)
    collection = public_feature_collection(synthetic_points(args.points), lambda p: f"https://trygg.example.se/p/{p.id}/")
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    start = time.perf_counter()
    features = parse_feed(body)
    validate_s = time.perf_counter() - start
    timings = []
    for _round in range(2):
        start = time.perf_counter()
        replace_points("bench", features, "bench://national.geojson")
        timings.append(time.perf_counter() - start)
    HarvestSource.objects.filter(name="bench").delete()
    print(f"feed: {args.points:,} points, {len(body) / 1e6:.1f} MB")
    print(f"validate (JSON Schema, whole feed): {validate_s:.2f} s ({args.points / validate_s:,.0f} points/s)")
    print(f"first store: {timings[0]:.2f} s; replace: {timings[1]:.2f} s ({args.points / timings[1]:,.0f} points/s)")


if __name__ == "__main__":
    main()
