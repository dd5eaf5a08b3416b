"""Live updates pushed: Redis pub/sub behind server-sent events, polling as the fallback.

When a log entry is stored, ``log.append`` calls :func:`entry_stored`, which
publishes after the transaction commits (so a reader that re-fetches sees the
entry) on one Redis channel per event. The message names only what changed
(event id, point id, entry id); the page that receives it re-fetches exactly
what it fetches when polling, so every permission stays in those views.

The server is WSGI (gunicorn threads): an open stream holds a thread. So each
stream is bounded (``PUSH_STREAM_SECONDS``, then the browser's EventSource
reconnects after ``retry:``), sends a heartbeat comment so a dead client is
noticed and proxies keep the connection, and at most ``PUSH_MAX_STREAMS``
streams run per process; beyond that the endpoint answers 503 and the page
polls. Without ``REDIS_URL`` it answers 204 and the page polls, as before push.

Each event (and county) also has a change counter in Redis (INCR with every
publish); their sum over a stream's channels is the SSE ``id``: a browser that
reconnects sends it back as Last-Event-ID, and if anything was stored while it
was away it is told at once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0  # well under common proxy idle timeouts (nginx proxy_read_timeout 60 s)
RETRY_MS = 1000  # how soon the browser reconnects after a stream ends
REDIS_TIMEOUT_S = 0.5  # a dead Redis costs a request little (as for the cache)


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def _prefix() -> str:
    return str(settings.PUSH_CHANNEL_PREFIX)


def event_scope(event_pk: int) -> str:
    return f"event:{event_pk}"


def county_scope(county_pk: int) -> str:
    return f"county:{county_pk}"


def channel(scope: str) -> str:
    return f"{_prefix()}:push:{scope}"


def counter_key(scope: str) -> str:
    return f"{_prefix()}:push:{scope}:changes"


_client_lock = threading.Lock()
_clients: dict[str, Any] = {}


def client() -> Any:
    """One Redis client per process and REDIS_URL (it pools its connections)."""
    url = settings.REDIS_URL
    with _client_lock:
        if url not in _clients:
            import redis

            _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S,
                                                 socket_timeout=REDIS_TIMEOUT_S)
        return _clients[url]


# --- publishing ------------------------------------------------------------------------------------------

def entry_stored(entry: Any) -> None:
    """Called by ``log.append`` inside its transaction: publish once the entry is committed.

    On the event's channel with what changed, and on the channel of each county the event
    touches with nothing but the fact (the county page re-fetches its own silent points).
    """
    if not enabled():
        return
    from django.db import transaction

    # order_by(): without it Organisation's default ordering joins the DISTINCT and every municipality
    # comes back, so a national event published 290 county messages (876 Redis commands) per entry.
    counties = (entry.event.municipalities.exclude(parent=None).values_list("parent_id", flat=True)
                .order_by().distinct())
    messages = [(event_scope(entry.event_id), {"event": entry.event_id, "point": entry.point_id,
                                               "entry": str(entry.pk)})]
    messages += [(county_scope(pk), {}) for pk in counties]
    transaction.on_commit(lambda: publish(messages))


def publish(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Bump each scope's counter and tell its subscribers; never fails the request that stored the entry."""
    try:
        pipe = client().pipeline(transaction=False)
        for scope, _payload in messages:
            pipe.incr(counter_key(scope))
            pipe.expire(counter_key(scope), 7 * 24 * 3600)
        for scope, payload in messages:
            pipe.publish(channel(scope), json.dumps(payload))
        pipe.execute()
    except Exception as error:  # noqa: BLE001 - Redis down: pages poll, the entry is stored regardless
        log.warning("push channel unreachable, pages fall back to polling: %s", error)


# --- streaming -------------------------------------------------------------------------------------------

class StreamSlots:
    """A per-process cap on open streams, so they can never take every worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.open = 0

    def take(self) -> bool:
        with self._lock:
            if self.open >= settings.PUSH_MAX_STREAMS:
                return False
            self.open += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.open = max(0, self.open - 1)


SLOTS = StreamSlots()


def _sse(data: dict[str, Any], kind: str, change: int) -> bytes:
    lines = [f"event: {kind}", f"id: {change}", "data: " + json.dumps(data)]
    return ("\n".join(lines) + "\n\n").encode()


class Stream:
    """One bounded SSE stream of the changes of some scopes (an event, counties); ``close`` frees the slot.

    Django's StreamingHttpResponse calls ``close`` when the response ends,
    also when the client went away before the first chunk.
    """

    def __init__(self, scopes: list[str], last_seen: int | None) -> None:
        self.scopes = scopes
        self.last_seen = last_seen
        self.pubsub: Any = None
        self.current = 0  # the scopes' change counters (summed) when the stream opened
        self.closed = False

    def subscribe(self) -> None:
        """Subscribe before reading the counter, so no change falls between them. Raises if Redis is down."""
        self.pubsub = client().pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(*[channel(scope) for scope in self.scopes])
        self.current = sum(int(n or 0) for n in client().mget([counter_key(scope) for scope in self.scopes]))

    def __iter__(self) -> Iterator[bytes]:
        yield f"retry: {RETRY_MS}\n\n".encode()
        missed = self.last_seen is not None and self.last_seen != self.current
        yield _sse({"missed": missed}, "hello", self.current)
        deadline = time.monotonic() + float(settings.PUSH_STREAM_SECONDS)
        quiet_since = time.monotonic()
        try:
            while (left := deadline - time.monotonic()) > 0:
                message = self.pubsub.get_message(timeout=min(1.0, left))
                if message is not None and message.get("type") == "message":
                    self.current += 1  # every message was one INCR of a counter summed in ``current``
                    yield _sse(json.loads(message["data"]), "entry", self.current)
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= HEARTBEAT_S:
                    yield b": heartbeat\n\n"
                    quiet_since = time.monotonic()
        except Exception as error:  # noqa: BLE001 - Redis went away mid-stream: end it, the page reconnects
            log.warning("push stream for %s ended early: %s", ", ".join(self.scopes), error)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if self.pubsub is not None:
                self.pubsub.close()
        except Exception:  # noqa: BLE001, S110 - closing a broken connection
            pass
        SLOTS.give_back()
