"""National load: 20,000 published points, two app processes on one PostgreSQL behind a proxy (issue 14, item 5).

    .venv/bin/python bench/bench_national_load.py [--seconds 20] [--connections 48] [--reports-seconds 60]

Creates its own database ``trygg_bench_natload_<pid>_<random>`` (bench/owned_database.py), loads every county
and municipality (``load_reference``) and bulk-creates 20,000 published points over all 290 municipalities
(bench/national_load_setup.py). Then starts two ``trygg serve --workers 2 --no-migrate --no-access-log``
processes (docs/deploy.md, compose.yaml: two replicas of two workers) on that database, with Redis
(``REDIS_URL``, a key prefix of the run's own) for the shared public-cache generation, behind nginx
(one worker, upstream keep-alive, as compose.yaml) when ``nginx`` is on the PATH; without nginx the load
generator spreads its connections over the two processes itself (said in the output).

Rounds, each measured after a warm-up with the same generator (asyncio, raw HTTP/1.1 keep-alive):

1. **app**: the public mix through the proxy: municipality finder pages (35 %), finder pages nearest
   first from a locality (5 %), point pages (30 %, a sample of ``--point-pages`` points), each
   municipality's GeoJSON/CSV/Atom (20 %), the national GeoJSON/CSV/JSON/Atom (10 %: nine in ten with
   ``If-None-Match``, as a polling app sends, one in ten the whole body);
2. **static**: the same URLs from the static export's files (``trygg.public.export``'s own builders),
   served by two plain ``ThreadingHTTPServer`` file servers behind the same proxy (a locality query is
   ignored by a file server: the same file);
3. **static, nginx**: the same files served by nginx itself (when nginx is there);
4. **status reports**: coordinators (one per municipality, logged in once through the login form) post
   status reports to ``POST /api/ops/events/<id>/points/<id>/reports/`` (session and CSRF token, as a
   browser does) on a fixed schedule of ``--report-rate`` per second (default 33.3: 30,000 per 15 minutes)
   for ``--reports-seconds``, each report to the next point, through the proxy; latency counts from the
   scheduled time, so a server falling behind shows. ``--reports-seconds 900`` runs the full 15 minutes.

Goals: round 1 ≥ 1 500 requests/s with p99 < 50 ms; round 4 at 30,000 per 15 minutes with p99 < 200 ms.
Like the other benches it prints the figures, the ratios and a verdict, and exits 1 only when the figures
are not valid (errors, answers missing, reports not stored exactly once).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from owned_database import DEFAULT_SERVER, owned_database

HERE = Path(__file__).resolve().parent
TRYGG = str(Path(sys.executable).with_name("trygg"))
WRK = shutil.which("wrk") or ""
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
FILE_SERVER = """
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the app
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), partial(Handler, directory=sys.argv[2]))
server.daemon_threads = True
server.serve_forever()
"""


# --- processes -------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(process: subprocess.Popen[bytes], port: int, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout_s:.0f} s")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / ticks


class Processes:
    """Processes this run started (each in its own session), stopped in reverse order by their own ids."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in reversed(self.started):
            self.stop(process)


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
{user}
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    types {{ text/html html; application/geo+json geojson; text/csv csv; application/json json;
             application/atom+xml xml; }}
    keepalive_requests 100000;
    upstream backends {{
        {servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://backends;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffers 64 64k;
            proxy_read_timeout 300s;  # a cold national feed under load may take minutes: wait, count it as latency
        }}
    }}
    server {{
        listen 127.0.0.1:{files_port};
        root {files};
        index index.html;
        etag on;
    }}
}}
"""


@dataclass
class Proxy:
    """nginx in front of two backends (and serving the static files itself), or None: the generator spreads.

    ``max_fails=0``: a backend slow to build a cold page is never taken out of the rotation, which would
    answer everything with 502 for ``fail_timeout`` and count nginx's circuit breaker as the app's errors.
    """

    port: int
    files_port: int
    process: subprocess.Popen[bytes]


def start_nginx(procs: Processes, tmp: Path, backends: list[int], files: Path) -> Proxy:
    port, files_port = free_port(), free_port()
    conf = tmp / f"nginx-{port}.conf"
    user = "user root;" if os.geteuid() == 0 else ""  # as root nginx would switch to nobody, who cannot read tmp
    conf.write_text(NGINX_CONF.format(tmp=tmp, user=user, port=port, files_port=files_port, files=files,
                                      servers="\n        ".join(f"server 127.0.0.1:{p} max_fails=0;" for p in backends)))
    process = procs.start([shutil.which("nginx") or "nginx", "-e", str(tmp / "nginx-error.log"), "-c", str(conf),
                           "-p", str(tmp)], os.environ.copy(), tmp / "nginx.log")
    wait_listening(process, port, "nginx")
    return Proxy(port, files_port, process)


# --- the load generator --------------------------------------------------------------------------------

@dataclass
class Round:
    name: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    bytes: int = 0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)
    counted: int | None = None  # wrk: requests counted by wrk (no list of latencies)
    percentiles_ms: dict[float, float] = field(default_factory=dict)  # wrk: its own percentiles

    @property
    def requests(self) -> int:
        return self.counted if self.counted is not None else len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        if values is None and self.counted is not None:
            return self.percentiles_ms.get(q, float("nan"))
        ordered = sorted(self.latencies_ms if values is None else values)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")

    @property
    def max_ms(self) -> float:
        if self.counted is not None:
            return self.percentiles_ms.get(100.0, float("nan"))
        return max(self.latencies_ms, default=float("nan"))

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(text)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bytes]:
    """(status, head, body) of one HTTP/1.1 response (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if status in (204, 304):
        return status, head, b""
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                return status, head, b"".join(parts)
    return status, head, await reader.readexactly(length) if length else b""


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    header: tuple[str, str] | None  # the conditional header, if any
    expected: int

    @functools.cached_property
    def raw(self) -> bytes:  # noqa: D102 - the request as the asyncio generator sends it
        head = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        if self.header:
            head += f"{self.header[0]}: {self.header[1]}\r\n"
        return (head + "\r\n").encode()


def build_requests(urls: list[dict[str, object]], validators: dict[str, tuple[str, str]], static: bool, n: int,
                   rng: random.Random) -> list[Request]:
    """``n`` requests drawn from the mix; a URL marked ``etag`` sends its validator (header, value) when known."""
    chosen = [u for u in urls if u["static"]] if static else urls
    weights = [float(u["weight"]) for u in chosen]  # type: ignore[arg-type]
    out = []
    for u in rng.choices(chosen, weights, k=n):
        path = str(u["path"])
        header = validators.get(path) if u["etag"] else None
        out.append(Request(str(u["kind"]), path, header, 304 if header else 200))
    return out


async def closed_loop(ports: list[int], requests: list[Request], connections: int, warmup_s: float,
                      seconds: float, result: Round, server_pids: list[int]) -> None:
    """``connections`` keep-alive clients, each sending the next request as soon as the last is answered."""
    now = time.perf_counter()
    warm_until, stop_at = now + warmup_s, now + warmup_s + seconds
    cpu0: list[float] = []

    async def window() -> None:
        await asyncio.sleep(warmup_s)
        cpu0.extend([sum(cpu_s(p) for p in server_pids), time.process_time()])
        await asyncio.sleep(seconds)
        result.server_cpu_s = sum(cpu_s(p) for p in server_pids) - cpu0[0]
        result.client_cpu_s = time.process_time() - cpu0[1]

    async def client(n: int) -> None:
        port = ports[n % len(ports)]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = n * 7919
        try:
            while True:
                request = requests[i % len(requests)]
                i += 1
                start = time.perf_counter()
                if start >= stop_at:
                    return
                writer.write(request.raw)
                try:
                    status, head, body = await asyncio.wait_for(read_response(reader), 30)
                except (TimeoutError, ConnectionError, asyncio.IncompleteReadError) as error:
                    result.error(f"{request.raw.split(b' ')[1].decode()}: {error!r}")
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                end = time.perf_counter()
                if end < warm_until:
                    continue
                if status != request.expected:
                    result.error(f"{request.raw.split(b' ')[1].decode()}: {status} (expected {request.expected})")
                    continue
                ms = (end - start) * 1000.0
                result.latencies_ms.append(ms)
                result.by_kind.setdefault(request.kind, []).append(ms)
                result.bytes += len(body)
        finally:
            writer.close()

    await asyncio.gather(window(), *(client(n) for n in range(connections)))
    result.seconds = seconds


def wrk_round(port: int, requests: list[Request], connections: int, threads: int, warmup_s: float,
              seconds: float, result: Round, server_pids: list[int], tmp: Path) -> None:
    """The same requests sent by wrk (C, epoll; bench/national_load.lua), a warm-up run first.

    wrk cannot tell which request an answer belongs to, so the check is by count: every answer is
    200 or 304, no connection error or timeout, and the share of 304 is the share of conditional
    requests in the list (within a few percent).
    """
    listing = tmp / f"wrk-{port}.tsv"
    listing.write_text("".join(f"{r.path}\t{r.header[0] if r.header else ''}\t{r.header[1] if r.header else ''}\n"
                               for r in requests), encoding="utf-8")
    out = tmp / f"wrk-{port}.json"

    def run(duration_s: float) -> tuple[dict[str, object], float]:
        argv = [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration_s))}s", "--timeout", "30s",
                "--latency", "-s", str(HERE / "national_load.lua"), f"http://127.0.0.1:{port}", "--", str(listing)]
        out.unlink(missing_ok=True)
        process = subprocess.Popen(argv, env={**os.environ, "NATLOAD_WRK_OUT": str(out)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0 or not out.exists():
            raise RuntimeError(f"wrk exited with {process.returncode}: {stderr.strip()[-500:]}")
        return json.loads(out.read_text()), usage.ru_utime + usage.ru_stime

    if warmup_s > 0:
        run(warmup_s)
    cpu0 = sum(cpu_s(p) for p in server_pids)
    figures, client_cpu = run(seconds)
    result.server_cpu_s = sum(cpu_s(p) for p in server_pids) - cpu0
    result.client_cpu_s = client_cpu
    result.seconds = int(figures["duration_us"]) / 1e6  # type: ignore[call-overload]
    result.counted = int(figures["requests"])  # type: ignore[call-overload]
    result.bytes = int(figures["bytes"])  # type: ignore[call-overload]
    latency = figures["latency_us"]
    assert isinstance(latency, dict)
    result.percentiles_ms = {50.0: latency["p50"] / 1000, 90.0: latency["p90"] / 1000, 95.0: latency["p95"] / 1000,
                             99.0: latency["p99"] / 1000, 99.9: latency["p999"] / 1000, 100.0: latency["max"] / 1000}
    errors, counts = figures["errors"], figures["status"]
    assert isinstance(errors, dict) and isinstance(counts, dict)
    for name in ("connect", "read", "write", "timeout"):
        if errors[name]:
            result.errors += int(errors[name])
            result.error_samples.append(f"wrk: {errors[name]} {name} errors")
    if counts["other"]:
        result.errors += int(counts["other"])
        result.error_samples.append(f"wrk: {counts['other']} answers neither 200 nor 304 "
                                    f"(e.g. {', '.join(figures['other_samples'])})")  # type: ignore[arg-type]
    expected = sum(1 for r in requests if r.expected == 304) / len(requests)
    answered = int(counts["200"]) + int(counts["304"])
    share = int(counts["304"]) / answered if answered else 0.0
    result.extra["304 share"] = (share, expected)
    if abs(share - expected) > 0.03 + 0.1 * expected:
        result.errors += 1
        result.error_samples.append(f"wrk: {share:.1%} of answers were 304, {expected:.1%} of requests conditional")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


# --- status reports ------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def log_in(base: str, username: str, password: str) -> tuple[str, str]:
    """(sessionid, csrftoken) after the login form, as a browser or the field app gets them once."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/accounts/login/", timeout=60) as form:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode()).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(f"{base}/accounts/login/", data=data.encode(),
                                     headers={"Referer": f"{base}/accounts/login/"})
    try:
        opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise RuntimeError(f"login of {username} answered {error.code}") from None
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} gave no session")
    return cookies["sessionid"], cookies["csrftoken"]


async def open_loop_reports(ports: list[int], schedule: list[tuple[int, str, str, str]], event: int, rate: float,
                            connections: int, result: Round, server_pids: list[int]) -> list[str]:
    """Reports sent at their scheduled times (rate per second) over a pool of keep-alive connections.

    ``schedule`` is (point, sessionid, csrftoken, entry id) per report. Latency runs from the scheduled
    time to the answer: a report waiting for a free connection counts its wait.
    """
    queue: asyncio.Queue[tuple[float, bytes, str] | None] = asyncio.Queue()
    acknowledged: list[str] = []
    rng = random.Random(7)

    async def sender(n: int) -> None:
        port = ports[n % len(ports)]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (item := await queue.get()) is not None:
                due, raw, entry_id = item
                writer.write(raw)
                try:
                    status, head, body = await asyncio.wait_for(read_response(reader), 60)
                except (TimeoutError, ConnectionError, asyncio.IncompleteReadError) as error:
                    result.error(f"report: {error!r}")
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                ms = (time.perf_counter() - due) * 1000.0
                if status in (200, 201):
                    acknowledged.append(entry_id)
                    result.latencies_ms.append(ms)
                else:
                    result.error(f"report: {status} {body[:300]!r}")
        finally:
            writer.close()

    senders = [asyncio.create_task(sender(n)) for n in range(connections)]
    await asyncio.sleep(0.2)  # connections open
    cpu0 = sum(cpu_s(p) for p in server_pids), time.process_time()
    start = time.perf_counter()
    for i, (point, session, csrf, entry_id) in enumerate(schedule):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        body = json.dumps({"id": entry_id, "people_present": rng.randint(0, 120),
                           "power_source": rng.choice(("backup", "mains", "none")),
                           "indoor_temp_c": round(rng.uniform(12, 22), 1)}).encode()
        raw = (f"POST /api/ops/events/{event}/points/{point}/reports/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Connection: keep-alive\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
               f"Cookie: sessionid={session}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        queue.put_nowait((due, raw, entry_id))
    for _ in senders:
        queue.put_nowait(None)
    await asyncio.gather(*senders)
    result.seconds = time.perf_counter() - start
    result.server_cpu_s = sum(cpu_s(p) for p in server_pids) - cpu0[0]
    result.client_cpu_s = time.process_time() - cpu0[1]
    return acknowledged


# --- the run -------------------------------------------------------------------------------------------

def print_round(r: Round, baseline: Round | None = None) -> None:
    ratio = f"{r.rate / baseline.rate:>7.2f}" if baseline and baseline.rate else f"{'':>7}"
    print(f"{r.name:<50} {r.rate:>8.0f} {r.percentile(50):>7.1f} {r.percentile(95):>7.1f} {r.percentile(99):>7.1f} "
          f"{r.max_ms:>8.1f} {r.errors:>6} {r.bytes / max(r.seconds, 1e-9) / 1e6:>7.1f} "
          f"{r.server_cpu_s:>7.1f} {r.client_cpu_s:>7.1f} {ratio}")


def print_kinds(r: Round) -> None:
    for kind, values in sorted(r.by_kind.items()):
        print(f"    {kind:<46} {len(values) / r.seconds:>8.0f} {r.percentile(50, values):>7.1f} "
              f"{r.percentile(95, values):>7.1f} {r.percentile(99, values):>7.1f} {max(values):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default=DEFAULT_SERVER, help="PostgreSQL server URL (no database name)")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", DEFAULT_REDIS),
                        help="Redis for the shared cache generation ('' for none)")
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--point-pages", type=int, default=1_000, help="distinct point pages in the mix")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app process (4 threads each)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per read round")
    parser.add_argument("--warmup", type=float, default=10.0, help="unmeasured seconds before each read round")
    parser.add_argument("--cache-seconds", type=int, help="PUBLIC_CACHE_SECONDS of the app (default: the app's, 15)")
    parser.add_argument("--connections", type=int, default=48, help="keep-alive connections of the read rounds")
    parser.add_argument("--report-rate", type=float, default=30_000 / 900, help="status reports per second")
    parser.add_argument("--reports-seconds", type=float, default=60.0,
                        help="seconds of reporting (900: the full 15 minutes)")
    parser.add_argument("--report-connections", type=int, default=16)
    parser.add_argument("--activate", action="store_true", help="activate every point in the event first (slow)")
    parser.add_argument("--no-nginx", action="store_true", help="no proxy even when nginx is installed")
    parser.add_argument("--generator", choices=("wrk", "asyncio"), default="wrk" if WRK else "asyncio",
                        help="load generator of the read rounds (default wrk when installed)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--compare-asyncio", action=argparse.BooleanOptionalAction, default=True,
                        help="with wrk, measure the app and nginx's files with the asyncio generator too")
    args = parser.parse_args()
    if args.generator == "wrk" and not WRK:
        sys.exit("bench_national_load: wrk is not installed (apt-get install wrk, or --generator asyncio)")
    use_wrk = args.generator == "wrk"
    if not shutil.which("nginx") and not args.no_nginx:
        print("nginx is not installed (apt-get install nginx-light): no proxy, no nginx baseline.", flush=True)

    load_before = os.getloadavg()
    nginx = None if args.no_nginx else shutil.which("nginx")
    procs = Processes()
    with tempfile.TemporaryDirectory(prefix="natload-") as tmp_name, contextlib.ExitStack() as stack:
        tmp = Path(tmp_name)
        os.chmod(tmp, 0o755)
        try:
            url = stack.enter_context(owned_database(args.postgres, "natload"))
        except Exception as error:  # noqa: BLE001 - any connection failure ends the run with one clear line
            sys.exit(f"bench_national_load needs PostgreSQL at {args.postgres} (--postgres): {error}")
        stack.callback(procs.stop_all)
        prefix = f"trygg-bench-natload-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "ERROR",
               "SECRET_KEY": "bench-natload-" + uuid.uuid4().hex, "TRYGG_FAST_PASSWORDS": "1",
               "TRUSTED_PROXY_COUNT": "1" if nginx else "0", "CACHE_KEY_PREFIX": prefix}
        env.pop("REDIS_URL", None)
        if args.cache_seconds is not None:
            env["PUBLIC_CACHE_SECONDS"] = str(args.cache_seconds)
        if args.redis:
            env["REDIS_URL"] = args.redis
        print(f"Setting up {url}: reference data, {args.points} points, accounts, event, static files …", flush=True)
        t0 = time.perf_counter()
        setup_args = [sys.executable, str(HERE / "national_load_setup.py"), str(tmp), "--points", str(args.points),
                      "--point-pages", str(args.point_pages)] + (["--activate"] if args.activate else [])
        subprocess.run(setup_args, env=env, check=True)
        setup = json.loads((tmp / "setup.json").read_text(encoding="utf-8"))
        setup_s = time.perf_counter() - t0

        app_ports = [free_port(), free_port()]
        def start_apps() -> list[subprocess.Popen[bytes]]:
            started = [procs.start([TRYGG, "serve", "--port", str(p), "--workers", str(args.workers),
                                    "--no-migrate", "--no-access-log"], env, tmp / f"serve-{i}.log")
                       for i, p in enumerate(app_ports)]
            for i, (process, port) in enumerate(zip(started, app_ports, strict=True)):
                wait_listening(process, port, f"app process {i}")
            return started

        apps = start_apps()
        file_ports = [free_port(), free_port()]
        files = [procs.start([sys.executable, "-c", FILE_SERVER, str(p), str(tmp / "static")], env,
                             tmp / f"files-{i}.log") for i, p in enumerate(file_ports)]
        for i, (process, port) in enumerate(zip(files, file_ports, strict=True)):
            wait_listening(process, port, f"file server {i}")
        app_pids = [p.pid for p in apps]
        file_pids = [p.pid for p in files]
        if nginx:
            proxy = start_nginx(procs, tmp, app_ports, tmp / "static")
            static_proxy = start_nginx(procs, tmp, file_ports, tmp / "static")
            app_entry, static_entry, nginx_files = [proxy.port], [static_proxy.port], [proxy.files_port]
            app_pids.append(proxy.process.pid)
            file_pids.append(static_proxy.process.pid)
            topology = "nginx (1 worker, upstream keep-alive) → 2 processes, round robin"
        else:
            app_entry, static_entry, nginx_files = app_ports, file_ports, []
            topology = "no proxy: the generator's connections alternate between the 2 processes"

        # Sanity: the feeds carry every point; the ETags the polling clients send.
        base = f"http://127.0.0.1:{app_entry[0]}"
        t1 = time.perf_counter()
        status_, _h, body = fetch(f"{base}/feeds/points.geojson")
        first_build_s = time.perf_counter() - t1
        features = len(json.loads(body)["features"]) if status_ == 200 else 0
        validators: dict[str, tuple[str, str]] = {}
        for u in setup["urls"]:
            if u["etag"]:
                for _ in range(3):  # every worker builds its own copy once; all share the ETag
                    code, headers, _b = fetch(base + u["path"])
                validators[str(u["path"])] = ("If-None-Match", headers.get("etag", ""))
        # The files' validator for the same conditional share (both file servers answer If-Modified-Since).
        static_validators = {}
        for u in setup["urls"]:
            if u["etag"] and u["static"]:
                code, headers, _b = fetch(f"http://127.0.0.1:{static_entry[0]}{u['path']}")
                static_validators[str(u["path"])] = ("If-Modified-Since", headers.get("last-modified", ""))
        mix = build_requests(setup["urls"], validators, False, 40_000, random.Random(1))
        static_mix = build_requests(setup["urls"], static_validators, True, 40_000, random.Random(1))

        def measure(name: str, ports: list[int], requests: list[Request], warmup_s: float, pids: list[int],
                    generator: str) -> Round:
            result = Round(f"{name} [{generator}]")
            if generator == "wrk":
                wrk_round(ports[0], requests, args.connections, args.wrk_threads, warmup_s, args.seconds, result,
                          pids, tmp)
            else:
                asyncio.run(closed_loop(ports, requests, args.connections, warmup_s, args.seconds, result, pids))
            rounds.append(result)
            return result

        rounds: list[Round] = []
        main_generator = "wrk" if use_wrk else "asyncio"
        app = measure(f"app ({args.workers}+{args.workers} workers)", app_entry, mix, args.warmup, app_pids,
                      main_generator)
        static = measure("static files, 2 × ThreadingHTTPServer", static_entry, static_mix, min(args.warmup, 5),
                         file_pids, main_generator)
        plain = None
        if nginx_files:
            plain = measure("static files, nginx itself", nginx_files, static_mix, min(args.warmup, 2),
                            [proxy.process.pid], main_generator)
        # The generator's own cost: the same rounds with the asyncio generator (caches already warm).
        if use_wrk and args.compare_asyncio:
            measure(f"app ({args.workers}+{args.workers} workers)", app_entry, mix, 2, app_pids, "asyncio")
            if nginx_files:
                measure("static files, nginx itself", nginx_files, static_mix, 2, [proxy.process.pid], "asyncio")

        # Status reports, on freshly started app processes (none still busy with the read round's pages):
        # every coordinator logs in once (login form), then reports on schedule.
        for process in apps:
            procs.stop(process)
        apps = start_apps()
        codes = sorted(setup["points"])
        sessions = {}
        for i, code in enumerate(codes):
            entry = app_entry[i % len(app_entry)]
            sessions[code] = log_in(f"http://127.0.0.1:{entry}", setup["accounts"][code], setup["password"])
        every_point = [(pk, code) for code in codes for pk in setup["points"][code]]
        random.Random(3).shuffle(every_point)
        count = int(args.report_rate * args.reports_seconds)
        schedule = [(pk, *sessions[code], str(uuid.uuid4())) for pk, code in
                    (every_point[i % len(every_point)] for i in range(count))]
        reports = Round(f"status reports at {args.report_rate:.1f}/s")
        acknowledged = asyncio.run(open_loop_reports(app_entry, schedule, setup["event"], args.report_rate,
                                                     args.report_connections, reports, [p.pid for p in apps]))
        check = subprocess.run([sys.executable, "-c", (
            "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'trygg.web.settings'); django.setup()\n"
            "from trygg.operations.models import LogEntry\n"
            f"ids = set(str(i) for i in LogEntry.objects.filter(event_id={setup['event']}, kind='status')"
            ".values_list('id', flat=True))\nimport json; print(json.dumps(sorted(ids)))")],
            env=env, capture_output=True, text=True, check=True)
        stored = set(json.loads(check.stdout))
        procs.stop_all()
        if args.redis:  # the run's keys (cache generation, push counters): its own prefix only
            import redis

            store = redis.Redis.from_url(args.redis)
            keys = list(store.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                store.delete(*keys)
        if any(r.errors for r in [*rounds, reports]):
            for log in sorted([*tmp.glob("serve-*.log"), *tmp.glob("nginx-error.log")]):
                lines = log.read_text(errors="replace").splitlines()
                errors = [line for line in lines if any(w in line for w in ("Error", "CRITICAL", "Traceback", "[error]",
                                                                                   "WORKER TIMEOUT", "[crit]"))]
                print(f"--- {log.name}: {len(lines)} lines, last error lines:", *errors[-8:], sep="\n  ")
    load_after = os.getloadavg()

    # --- figures ---
    print(f"\n{args.points} published points in {len(setup['points'])} municipalities; feeds checked: "
          f"/feeds/points.geojson has {features} features (first build {first_build_s:.1f} s).")
    print(f"Setup {setup_s:.0f} s: " + ", ".join(f"{k} {v:.1f} s" for k, v in setup["timings"].items())
          + f"; static files: {setup['static']['files']} files, {setup['static']['bytes'] / 1e6:.0f} MB.")
    print(f"Topology: {topology}; `trygg serve --workers {args.workers}` × 2 on PostgreSQL"
          f"{', Redis for the cache generation' if args.redis else ''}; load generator: "
          f"{f'wrk -t{args.wrk_threads}' if use_wrk else 'one asyncio process'}, "
          f"{args.connections} keep-alive connections; PUBLIC_CACHE_SECONDS "
          f"{env.get('PUBLIC_CACHE_SECONDS', '15 (default)')}; {os.cpu_count()} CPUs shared by all of it.")
    print(f"Load average before {load_before[0]:.1f} / after {load_after[0]:.1f} (1 min; other work on the "
          f"machine takes CPU from both sides).\n")
    print(f"{'round':<50} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'max ms':>8} {'errors':>6} {'MB/s':>7} "
          f"{'srv CPU':>7} {'gen CPU':>7} {'×static':>7}")
    print_round(app, static)
    print_kinds(app)
    for r in rounds[1:]:
        print_round(r)
    print_round(reports)
    for r in [*rounds, reports]:
        for sample in r.error_samples:
            print(f"  error in {r.name}: {sample}")
        if "304 share" in r.extra:
            share, expected = r.extra["304 share"]  # type: ignore[misc]
            print(f"  {r.name}: {share:.1%} of answers 304 ({expected:.1%} of requests conditional)")
    print()
    for r in (static, plain):
        if r is not None:
            print(f"app / {r.name}: {app.rate / r.rate:.2f}× the requests/s, p99 {app.percentile(99):.1f} ms vs "
                  f"{r.percentile(99):.1f} ms ({app.percentile(99) / r.percentile(99):.1f}×).")
    for r in rounds:
        print(f"Generator cost, {r.name}: {r.client_cpu_s / r.seconds:.2f} CPU-s per second "
              f"({r.client_cpu_s / max(r.requests, 1) * 1e6:.0f} µs a request); servers "
              f"{r.server_cpu_s / max(r.requests, 1) * 1e6:.0f} µs CPU a request.")
    by_name = {r.name: r for r in rounds}
    for r in rounds:
        if r.name.endswith("[asyncio]") and (fast := by_name.get(r.name.replace("[asyncio]", "[wrk]"))):
            print(f"wrk / asyncio generator, {r.name.removesuffix(' [asyncio]')}: {fast.rate / r.rate:.2f}× the "
                  f"requests/s (p99 {fast.percentile(99):.1f} vs {r.percentile(99):.1f} ms).")
    read_ok = app.rate >= 1500 and app.percentile(99) < 50
    print(f"Goal ≥ 1 500 req/s with p99 < 50 ms (app): {'meets' if read_ok else 'misses'} it "
          f"({app.rate:.0f} req/s, p99 {app.percentile(99):.1f} ms).")
    sent = len(schedule)
    lost = len(set(acknowledged) - stored)
    print(f"Status reports: {sent} scheduled at {args.report_rate:.1f}/s over {args.reports_seconds:.0f} s "
          f"({len(acknowledged)} acknowledged, {len(stored)} stored, {lost} acknowledged but not stored); "
          f"sending took {reports.seconds:.1f} s.")
    reports_ok = (reports.percentile(99) < 200 and len(acknowledged) == sent
                  and reports.seconds <= args.reports_seconds * 1.05 + 1)
    print(f"Goal 30 000 reports per 15 min (33.3/s) stored with p99 < 200 ms: {'meets' if reports_ok else 'misses'} "
          f"it at {args.report_rate:.1f}/s for {args.reports_seconds:.0f} s (p99 {reports.percentile(99):.1f} ms"
          f"{'' if args.reports_seconds >= 900 else '; a sample of the 15 minutes: --reports-seconds 900 for all'}).")
    broken = [r.name for r in [*rounds, reports] if r.errors or not r.requests]
    if broken or lost or len(stored) != len(acknowledged) or features != args.points:
        sys.exit(f"figures not valid: errors or no answers in {', '.join(broken) or '-'}; {lost} reports lost; "
                 f"{len(stored)} stored for {len(acknowledged)} acknowledged; {features} features")


if __name__ == "__main__":
    main()
