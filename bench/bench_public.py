"""Load on the public open-points JSON: `trygg serve` on PostgreSQL, a Python load generator on loopback.

    .venv/bin/python bench/bench_public.py [--seconds 8] [--connections 32] [--workers 2]

Creates its own database ``trygg_bench_public_<pid>_<random>`` on the PostgreSQL of ``--postgres``
(default postgres://postgres@127.0.0.1:5432; see bench/owned_database.py), loads the demo, then runs three rounds against
``/feeds/points.json``, each with a fresh server:

1. cached (the default ``PUBLIC_CACHE_SECONDS``): what a surge meets;
2. cached, every client sending ``If-None-Match`` (a polling app): 304s;
3. uncached (``PUBLIC_CACHE_SECONDS=0``): every request queries and renders — the baseline.

Prints requests/s and latency percentiles per round and the ratios to the baseline,
then drops the database it created. A round counts only the answers it asked for
(200, or 304 with ``If-None-Match``); the run exits 1 when a round has errors or no answers. The target (issue 6) is ≥ 1 500 requests/s with p99 under
50 ms for round 1 on this machine (2 cores, shared with the load generator).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from owned_database import DEFAULT_SERVER, owned_database

TRYGG = str(Path(sys.executable).with_name("trygg"))
PATH = "/feeds/points.json"


@dataclass
class Round:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def server_us_per_request(self) -> float:
        """Server CPU time per request, µs: the capacity a core gives when nothing else competes."""
        return self.server_cpu_s / max(self.requests, 1) * 1e6

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            pids += _process_tree(int(child))
    return pids


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    server = subprocess.Popen([TRYGG, "serve", "--port", str(port), "--workers", str(workers), "--no-migrate",
                               "--no-access-log"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"trygg serve exited with {server.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("trygg serve did not start within 30 s")


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def _client(port: int, request: bytes, expected: int, stop_at: float, warm_until: float,
                  latencies: list[float], counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            start = time.perf_counter()
            if start >= stop_at:
                return
            writer.write(request)
            status = await _read_response(reader)
            end = time.perf_counter()
            if end >= warm_until:
                if status == expected:
                    latencies.append((end - start) * 1000.0)
                    counts[0] += 1
                else:
                    counts[1] += 1
    except (ConnectionError, asyncio.IncompleteReadError):
        counts[1] += 1
    finally:
        writer.close()


class _Measured:
    """CPU used by the server's processes and by this generator during the measured window."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.server_s = self.client_s = 0.0
        self._server0 = self._client0 = 0.0

    def start(self) -> None:
        self._server0, self._client0 = _cpu_s(self.server_pid), time.process_time()

    def stop(self) -> None:
        self.server_s = _cpu_s(self.server_pid) - self._server0
        self.client_s = time.process_time() - self._client0


async def _window(measured: _Measured, warmup_s: float, seconds: float) -> None:
    await asyncio.sleep(warmup_s)
    measured.start()
    await asyncio.sleep(seconds)
    measured.stop()


async def _load(port: int, connections: int, seconds: float, warmup_s: float, etag: str | None,
                measured: _Measured) -> Round:
    headers = f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    expected = 200
    if etag:
        headers += f"If-None-Match: {etag}\r\n"
        expected = 304
    request = (headers + "\r\n").encode()
    latencies: list[float] = []
    counts = [0, 0]
    now = time.perf_counter()
    warm_until, stop_at = now + warmup_s, now + warmup_s + seconds
    await asyncio.gather(_window(measured, warmup_s, seconds),
                         *(_client(port, request, expected, stop_at, warm_until, latencies, counts)
                           for _ in range(connections)))
    return Round("", counts[0], counts[1], seconds, latencies)


def _etag(port: int) -> str:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", PATH)
    response = conn.getresponse()
    response.read()
    return response.getheader("ETag") or ""


def _run(name: str, env: dict[str, str], args: argparse.Namespace, conditional: bool = False) -> Round:
    server, port = _start_server(env, args.workers)
    try:
        etag = _etag(port)
        if conditional and not etag:
            raise RuntimeError(f"{PATH} sent no ETag, so a conditional round cannot be measured")
        measured = _Measured(server.pid)
        result = asyncio.run(_load(port, args.connections, args.seconds, args.warmup, etag if conditional else None,
                                   measured))
        result.server_cpu_s, result.client_cpu_s = measured.server_s, measured.client_s
    finally:
        server.terminate()
        server.wait(timeout=20)
    result.name = name
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=DEFAULT_SERVER, help="PostgreSQL server URL (no database name)")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured seconds per round")
    parser.add_argument("--warmup", type=float, default=1.5, help="unmeasured seconds before each round")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (4 threads each)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]  # other work on the machine takes CPU from both sides
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(owned_database(args.postgres, "public"))
        except Exception as error:  # noqa: BLE001 - any connection failure ends the run with one clear line
            sys.exit(f"bench_public needs PostgreSQL at {args.postgres} (--postgres): {error}")
        env = {**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "ERROR"}
        print(f"Loading the demo into {url} …", flush=True)
        subprocess.run([TRYGG, "load-demo"], env=env, check=True, capture_output=True)
        rounds = [
            _run("cached", env, args),
            _run("cached, If-None-Match (304)", env, args, conditional=True),
            _run("uncached (PUBLIC_CACHE_SECONDS=0)", {**env, "PUBLIC_CACHE_SECONDS": "0"}, args),
        ]

    print(f"\nGET {PATH}: {args.connections} keep-alive connections, {args.seconds:g} s per round, "
          f"`trygg serve --workers {args.workers}` (4 threads each), PostgreSQL, {os.cpu_count()} CPUs "
          f"shared by server and load generator; load average before the run {load_before:.1f}\n")
    print(f"{'round':<36} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
          f"{'server µs/req':>14} {'client CPU s':>13}")
    for r in rounds:
        print(f"{r.name:<36} {r.rate:>8.0f} {r.percentile(50):>8.1f} {r.percentile(90):>8.1f} "
              f"{r.percentile(99):>8.1f} {max(r.latencies_ms, default=float('nan')):>8.1f} {r.errors:>7} "
              f"{r.server_us_per_request:>14.0f} {r.client_cpu_s:>13.1f}")
    baseline = rounds[-1]
    for r in rounds[:-1]:
        print(f"{r.name}: {r.rate / baseline.rate:.1f}× the requests/s of the uncached baseline, "
              f"p99 {baseline.percentile(99) / r.percentile(99):.1f}× lower")
    cached = rounds[0]
    print(f"Server capacity from its CPU time: about {1e6 / cached.server_us_per_request:.0f} cached requests/s "
          f"per fully available core ({cached.server_us_per_request:.0f} µs each, gunicorn and Django included).")
    verdict = "meets" if cached.rate >= 1500 and cached.percentile(99) < 50 else "misses"
    print(f"Target ≥ 1 500 req/s with p99 < 50 ms (cached): {verdict} it "
          f"({cached.rate:.0f} req/s, p99 {cached.percentile(99):.1f} ms).")
    broken = [r.name for r in rounds if r.errors or not r.requests]
    if broken:
        sys.exit(f"figures not valid: errors or no answers in {', '.join(broken)}")


if __name__ == "__main__":
    main()
