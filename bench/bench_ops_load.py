"""Load run: concurrent status reporters against `trygg serve`, over real HTTP.

    .venv/bin/python bench/bench_ops_load.py [--clients 16] [--reports 50] [--database postgres|sqlite]

Starts the server on a fresh database with the demo (PostgreSQL at
127.0.0.1:5432 by default), activates Krokom's points in an exercise event,
then measures one sequential reporter (the baseline) and N concurrent ones:
entries per second, latency percentiles, and that every acknowledged entry is
stored exactly once (none lost, none doubled).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import serverutil  # noqa: E402
from tests.operations.test_reliability import SETUP, post_report  # noqa: E402

COUNT = """
from trygg.operations.models import LogEntry
print(LogEntry.objects.filter(event_id={event}, kind="status").count())
"""


def run(server: serverutil.Server, event: int, points: list[int], clients: int, reports: int) -> dict[str, float]:
    latencies: list[float] = []
    acknowledged: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for i in range(reports):
            entry_id = str(uuid.uuid4())
            t0 = time.perf_counter()
            status = post_report(server.url, event, points[(n + i) % len(points)], entry_id, i % 30)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if status in (200, 201):
                    acknowledged.append(entry_id)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"clients": clients, "entries": len(acknowledged), "seconds": elapsed,
            "per_second": len(acknowledged) / elapsed, "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--reports", type=int, default=50, help="reports per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = os.environ.get(
            # The server: the benchmark creates and drops its own database there (serverutil).
            "TRYGG_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    else:
        os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        server = serverutil.demo_server(Path(tmp), "opsload")
        server.start(workers=args.workers)
        try:
            event, *points = map(int, server.python(SETUP).split())
            baseline = run(server, event, points, 1, args.reports)
            loaded = run(server, event, points, args.clients, args.reports)
            stored = int(server.python(COUNT.format(event=event)))
        finally:
            server.stop()
    expected = baseline["entries"] + loaded["entries"]
    print(f"database: {args.database}, server workers: {args.workers} (4 threads each)")
    for label, r in (("baseline, 1 client", baseline), (f"{args.clients} concurrent clients", loaded)):
        print(f"{label:>24}: {r['entries']:5.0f} entries in {r['seconds']:6.2f} s = {r['per_second']:7.1f}/s, "
              f"p50 {r['p50_ms']:6.1f} ms, p99 {r['p99_ms']:6.1f} ms")
    print(f"throughput ratio concurrent/baseline: {loaded['per_second'] / baseline['per_second']:.2f}")
    print(f"acknowledged {expected}, stored {stored}: {'none lost, none doubled' if stored == expected else 'MISMATCH'}")
    sys.exit(0 if stored == expected else 1)


if __name__ == "__main__":
    main()
