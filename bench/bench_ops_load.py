"""Load run: concurrent status reporters against `trygg serve`, over real HTTP.

    .venv/bin/python bench/bench_ops_load.py [--clients 16] [--reports 50] [--database postgres|sqlite]

Starts the server on a database of its own with the demo: on PostgreSQL (``--postgres``,
default 127.0.0.1:5432) a new ``trygg_bench_opsload_<pid>_<random>``, dropped at the end
(bench/owned_database.py); with ``--database sqlite`` a file in a temporary folder. It
activates Krokom's points in an exercise event, then measures one sequential reporter
(the baseline) and N concurrent ones: entries per second, latency percentiles, and that
every report was acknowledged and every acknowledged entry is stored exactly once (none
lost, none doubled); it exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from owned_database import DEFAULT_SERVER, owned_database  # noqa: E402

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
    return {"clients": clients, "entries": len(acknowledged), "rejected": clients * reports - len(acknowledged),
            "seconds": elapsed,
            "per_second": len(acknowledged) / elapsed, "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))]}


def demo_server(tmp: Path, database_url: str) -> serverutil.Server:
    """`trygg serve` (not started yet) on ``database_url``, loaded with the demo."""
    env = {**os.environ, "DATABASE_URL": database_url, "TRYGG_FAST_PASSWORDS": "1"}
    subprocess.run([serverutil.TRYGG, "load-demo"], env=env, check=True, capture_output=True)
    return serverutil.Server(env=env, port=serverutil.free_port(), log=tmp / "opsload.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--reports", type=int, default=50, help="reports per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--postgres", default=DEFAULT_SERVER, help="PostgreSQL server URL (no database name)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.database == "postgres":
            database_url = stack.enter_context(owned_database(args.postgres, "opsload"))
        else:
            database_url = f"sqlite:///{Path(tmp) / 'opsload.sqlite3'}"
        server = demo_server(Path(tmp), database_url)
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
              f"p50 {r['p50_ms']:6.1f} ms, p99 {r['p99_ms']:6.1f} ms, not acknowledged {r['rejected']:.0f}")
    print(f"throughput ratio concurrent/baseline: {loaded['per_second'] / baseline['per_second']:.2f}")
    print(f"acknowledged {expected}, stored {stored}: {'none lost, none doubled' if stored == expected else 'MISMATCH'}")
    rejected = baseline["rejected"] + loaded["rejected"]
    if stored != expected or rejected or not loaded["entries"]:
        sys.exit(f"figures not valid: {rejected:.0f} reports not acknowledged, {stored} stored of {expected:.0f}")


if __name__ == "__main__":
    main()
