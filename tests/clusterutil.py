"""Several `trygg serve` processes on one PostgreSQL database behind a small round-robin proxy.

The proxy stands in for nginx: each request goes to the next process in turn, with
X-Forwarded-For set, and the answer carries ``X-Served-By: <index>`` so a test can
tell which process served it.
"""

from __future__ import annotations

import http.client
import itertools
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "content-length"}


def postgres_base() -> str:
    """The server part of the suite's PostgreSQL URL (``DATABASE_URL`` when it is one), without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[0] if url.startswith("postgres") else DEFAULT_POSTGRES


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def create_database(base: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RoundRobinProxy:
    """A reverse proxy on a free port, passing each request to the next backend port in turn."""

    def __init__(self, backend_ports: list[int]) -> None:
        self.backend_ports = backend_ports
        self._next = itertools.cycle(range(len(backend_ports)))
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def next_backend(self) -> int:
        with self._lock:
            return next(self._next)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
                pass

            def forward(self) -> None:
                index = proxy.next_backend()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["X-Forwarded-For"] = self.client_address[0]
                headers["X-Forwarded-Proto"] = "http"
                conn = http.client.HTTPConnection("127.0.0.1", proxy.backend_ports[index], timeout=60)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    answer = conn.getresponse()
                    payload = answer.read()
                    self.send_response(answer.status, answer.reason)
                    for name, value in answer.getheaders():
                        if name.lower() not in HOP_BY_HOP:
                            self.send_header(name, value)
                except OSError as error:
                    payload = f"backend {index} unreachable: {error}".encode()
                    self.send_response(502)
                finally:
                    conn.close()
                self.send_header("X-Served-By", str(index))
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = forward

        return Handler

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def running_proxy(backend_ports: list[int]) -> Iterator[RoundRobinProxy]:
    proxy = RoundRobinProxy(backend_ports)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


class SseClient:
    """A raw SSE client: reads the stream line by line, as EventSource would."""

    def __init__(self, port: int, path: str, cookie: str = "", last_event_id: str | None = None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        headers = {"Accept": "text/event-stream", "Cookie": cookie}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.comments: list[str] = []
        self.retry: str | None = None

    def next_event(self) -> dict[str, str] | None:
        """The next dispatched event as its fields, or None when the server ended the stream."""
        fields: dict[str, str] = {}
        while True:
            line = self.response.readline().decode()
            if not line:
                return None
            line = line.rstrip("\n")
            if not line:
                if "data" in fields:
                    return fields
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "":
                self.comments.append(value)
            elif name == "retry":
                self.retry = value
            else:
                fields[name] = value

    def until(self, kind: str) -> dict[str, str]:
        while (event := self.next_event()) is not None:
            if event.get("event") == kind:
                return event
        raise AssertionError(f"the stream ended without a {kind!r} event")

    def close(self) -> None:
        self.conn.close()
