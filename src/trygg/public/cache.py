"""Cheap public endpoints under a surge: rendered bodies kept in memory, ETag and Last-Modified.

A county-wide outage sends tens of thousands of residents to the finder
within an hour. Every public page and feed is rendered once per
``PUBLIC_CACHE_SECONDS`` per worker process and served from memory in
between: no query, no template. Saving any registry row that a public page
shows empties this process's cache at once. Other worker processes and
machines learn of it through a shared generation number in Django's cache
framework when ``REDIS_URL`` is set (one Redis GET per public request, one
INCR per committed change): a change made through one process is served by
every process from the next request on. Without Redis, other processes see
the change within ``PUBLIC_CACHE_SECONDS`` (the bound on staleness); that is
also the fallback while Redis is unreachable.

The ETag is a hash of the body, so it is the same in every worker and
changes exactly when the content does; Last-Modified is when this process
first served that content. Both answer conditional requests with 304, and
``Cache-Control: public, max-age`` lets a proxy or CDN in front take the
load off entirely.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

log = logging.getLogger(__name__)

MAX_ENTRIES = 4000  # pages × languages × localities stays far below this; a bound against abuse


@dataclass(frozen=True)
class Cached:
    body: bytes
    content_type: str
    etag: str  # quoted, strong
    last_modified: datetime
    built_at: float  # time.monotonic()
    last_modified_http: str = ""  # formatted once, not per request
    shared_generation: int | None = None  # the cluster-wide generation it was built in (None: not shared)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


SHARED_GENERATION_KEY = "public-cache-generation"
RETRY_AFTER_FAILURE_S = 5.0


class SharedGeneration:
    """A number every process reads before serving from its memory, bumped when a public row changes.

    Kept in Django's cache (Redis) when ``PUBLIC_CACHE_SHARED`` is on. When the
    cache server is unreachable, ``current()`` answers None for a few seconds at a
    time and the processes fall back to ``PUBLIC_CACHE_SECONDS`` alone.
    """

    def __init__(self) -> None:
        self._retry_at = 0.0

    @staticmethod
    def enabled() -> bool:
        return bool(getattr(settings, "PUBLIC_CACHE_SHARED", False))

    def _unreachable(self, error: Exception) -> None:
        if time.monotonic() >= self._retry_at:
            log.warning("shared public cache unreachable, serving with PUBLIC_CACHE_SECONDS only: %s", error)
        self._retry_at = time.monotonic() + RETRY_AFTER_FAILURE_S

    def current(self) -> int | None:
        if not self.enabled() or time.monotonic() < self._retry_at:
            return None
        from django.core.cache import cache

        try:
            value = cache.get(SHARED_GENERATION_KEY)
            if value is None:
                cache.add(SHARED_GENERATION_KEY, 0, timeout=None)
                value = cache.get(SHARED_GENERATION_KEY, 0)
            return int(value)
        except Exception as error:  # any cache-server failure: serve on, less fresh
            self._unreachable(error)
            return None

    def bump(self) -> None:
        if not self.enabled():
            return
        from django.core.cache import cache

        try:
            cache.add(SHARED_GENERATION_KEY, 0, timeout=None)
            cache.incr(SHARED_GENERATION_KEY)
        except Exception as error:
            self._unreachable(error)


shared_generation = SharedGeneration()


class PublicCache:
    """A thread-safe, size-bounded, time-limited store of rendered responses (one per process)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._generation = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def _fresh(self, key: Hashable, ttl_s: float, shared: int | None) -> Cached | None:
        # While the shared generation is read, it says when anything changed: the entry may live longer.
        lifetime = shared_ttl_s(ttl_s) if shared is not None else ttl_s
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry.built_at >= lifetime:
                return None
            if shared is not None and entry.shared_generation != shared:  # changed through another process
                return None
            return entry

    def peek(self, key: Hashable, ttl_s: float) -> Cached | None:
        """The fresh entry for ``key`` or None, never building (trygg.public.middleware's fast path)."""
        return self._fresh(key, ttl_s, shared_generation.current())

    def get(self, key: Hashable, build: Callable[[], tuple[bytes, str]], ttl_s: float) -> Cached:
        """The cached response for ``key``, building it with ``build() -> (body, content type)`` when stale.

        Only one thread per process builds a given key at a time; the others
        wait for it rather than all hitting the database at once.
        """
        shared = shared_generation.current()
        entry = self._fresh(key, ttl_s, shared)
        if entry is not None:
            return entry
        with self._lock:
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:
            entry = self._fresh(key, ttl_s, shared)
            if entry is not None:
                return entry
            with self._lock:
                generation = self._generation
                previous = self._entries.get(key)
            body, content_type = build()
            etag = etag_of(body)
            unchanged = previous is not None and previous.etag == etag
            modified = previous.last_modified if unchanged and previous else datetime.now(UTC).replace(microsecond=0)
            entry = Cached(body, content_type, etag, modified, time.monotonic(), http_date(modified.timestamp()),
                           shared)
            with self._lock:
                if generation == self._generation and ttl_s > 0:  # not emptied while we built
                    self._entries[key] = entry
                    self._entries.move_to_end(key)
                    while len(self._entries) > MAX_ENTRIES:
                        self._entries.popitem(last=False)
                self._building.pop(key, None)
            return entry


public_cache = PublicCache()


def ttl_s() -> float:
    return float(getattr(settings, "PUBLIC_CACHE_SECONDS", 15))


def shared_ttl_s(ttl: float) -> float:
    """The lifetime of an entry while the shared generation is reachable (never below ``ttl``; 0 turns caching off).

    Every committed change bumps the generation, so a longer life costs no staleness; it spares each
    worker from rendering the whole country again every ``PUBLIC_CACHE_SECONDS``.
    """
    if ttl <= 0:
        return 0.0
    return max(ttl, float(getattr(settings, "PUBLIC_CACHE_SHARED_SECONDS", 600)))


def forget_everything() -> None:
    """After a change no signal reports (a restore): every process builds its pages again."""
    public_cache.clear()
    shared_generation.bump()


def conditional_response(request: HttpRequest, cached: Cached) -> HttpResponse | None:
    """304 (or 412) when the request's conditions say so, else None: Django's RFC 9110 evaluation."""
    return get_conditional_response(request, etag=cached.etag, last_modified=int(cached.last_modified.timestamp()))


def response_for(request: HttpRequest, cached: Cached, filename: str, ttl: float) -> HttpResponse:
    """The response for a cached entry: 304 for a matching conditional request, else the body."""
    response = conditional_response(request, cached)
    if response is None:
        response = HttpResponse(cached.body, content_type=cached.content_type)
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = cached.etag
    response["Last-Modified"] = cached.last_modified_http
    response["Cache-Control"] = f"public, max-age={int(ttl)}"
    return response


ROUTE_ATTRIBUTE = "_trygg_public_cache"  # (key, filename) on the request: which entry answered it


def cached_response(request: HttpRequest, key: Hashable, build: Callable[[], tuple[bytes, str]], *,
                    filename: str = "") -> HttpResponse:
    """Serve ``key`` from the cache (building it if needed), answering conditional requests with 304."""
    ttl = ttl_s()
    cached = public_cache.get(key, build, ttl)
    setattr(request, ROUTE_ATTRIBUTE, (key, filename))
    return response_for(request, cached, filename, ttl)


def _after_commit() -> None:
    public_cache.clear()  # again: a request in this process may have rebuilt from the uncommitted state
    shared_generation.bump()


def _invalidate(**_kwargs: object) -> None:
    """Empty this process's cache now, and every process's once the change is committed.

    Bumping before the commit would let another process rebuild from the old
    rows and keep them under the new generation.
    """
    from django.db import transaction

    public_cache.clear()
    transaction.on_commit(_after_commit)


def connect_invalidation() -> None:
    """Empty the cache whenever a row a public page shows is saved or deleted (in every process when shared)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    from trygg.registry.models import Organisation, Plan, PlanEquipment, PlanFunction, Point, Site

    invalidate = _invalidate  # module level: signals keep only a weak reference to their receivers
    for model in (Organisation, Site, Point, Plan, PlanFunction, PlanEquipment):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}")
    m2m_changed.connect(invalidate, sender=Point.sites.through, dispatch_uid="public-cache-point-sites")
    # Events and a point's live state (operations' projection): when operations feeds the public pages.
    try:
        event, status = apps.get_model("operations.Event"), apps.get_model("operations.PointStatus")
    except LookupError:  # operations not installed: nothing to follow
        return
    post_save.connect(invalidate, sender=event, dispatch_uid="public-cache-save-event")
    post_delete.connect(invalidate, sender=event, dispatch_uid="public-cache-delete-event")
    post_delete.connect(invalidate, sender=status, dispatch_uid="public-cache-delete-status")
    post_init.connect(_status_loaded, sender=status, dispatch_uid="public-cache-status-loaded")
    post_save.connect(_status_saved, sender=status, dispatch_uid="public-cache-save-status")


def _status_loaded(instance: Any, **_kwargs: object) -> None:
    from trygg.public.operations_state import public_face

    instance._public_face = public_face(instance)


def _status_saved(instance: Any, created: bool = False, **_kwargs: object) -> None:
    """Empty the caches only when what residents see of the point changed, and never for an exercise.

    The first report of a point in an event creates its row without a state: nothing public either.
    A status report every few minutes from every point of a county-wide event would otherwise keep
    every public page cold while the surge is on.
    """
    from trygg.operations.models import Event
    from trygg.public.operations_state import public_face

    face = public_face(instance)
    seen, instance._public_face = getattr(instance, "_public_face", None), face
    if face is not None and (face == seen and not created or created and face[1] is None):
        return  # unchanged, or a new row without a public state (live_states leaves it out: nothing to see)
    if Event.objects.filter(pk=instance.event_id, exercise=True).exists():
        return  # an exercise is never published (operations_state.live_states)
    _invalidate()
