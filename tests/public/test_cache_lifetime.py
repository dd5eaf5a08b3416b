"""How long a worker keeps a rendered page: PUBLIC_CACHE_SECONDS alone, or longer while the shared
generation (Redis in production; Django's local-memory cache here) tells it of every change."""

from dataclasses import replace

import pytest

from trygg.public.cache import PublicCache, shared_generation, shared_ttl_s

AGE_S = 100.0  # older than PUBLIC_CACHE_SECONDS (15), younger than PUBLIC_CACHE_SHARED_SECONDS (600)


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> tuple[bytes, str]:
        self.count += 1
        return f"page {self.count}".encode(), "text/plain"


def _aged(cache: PublicCache, key: str) -> None:
    entry = cache._entries[key]
    cache._entries[key] = replace(entry, built_at=entry.built_at - AGE_S)


@pytest.mark.parametrize(("shared", "builds_after_ageing"), [(False, 2), (True, 1)])
def test_an_old_page_is_rebuilt_unless_the_shared_generation_vouches_for_it(settings, shared, builds_after_ageing):
    settings.PUBLIC_CACHE_SHARED = shared
    settings.PUBLIC_CACHE_SECONDS, settings.PUBLIC_CACHE_SHARED_SECONDS = 15, 600
    cache, build = PublicCache(), Builds()
    cache.get("finder", build, 15)
    _aged(cache, "finder")
    cache.get("finder", build, 15)
    assert build.count == builds_after_ageing


def test_a_change_through_any_process_ends_the_long_life_at_once(settings):
    settings.PUBLIC_CACHE_SHARED = True
    cache, build = PublicCache(), Builds()
    cache.get("finder", build, 15)
    shared_generation.bump()  # what a commit in another process does
    assert cache.get("finder", build, 15).body == b"page 2"


def test_the_long_life_is_never_shorter_than_the_plain_one_and_zero_stays_off(settings):
    settings.PUBLIC_CACHE_SHARED_SECONDS = 5
    assert shared_ttl_s(15) == 15
    assert shared_ttl_s(0) == 0
