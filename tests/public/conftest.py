"""Fixtures for the public pages: a fresh page cache per test, messages for the demo, the browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

# The real server and Chromium of the browser tests (one more server in a session that runs both folders).


STOCKHOLM_WINTER = timezone(timedelta(hours=1))


@pytest.fixture(autouse=True)
def fresh_public_cache():  # type: ignore[no-untyped-def]
    """Rendered pages live in a per-process cache; a rolled-back test must not leave its pages behind."""
    from trygg.public.cache import public_cache

    public_cache.clear()
    yield
    public_cache.clear()


def demo_messages(exercise: bool = False) -> list:  # type: ignore[type-arg]
    """Opening, update and closing messages for every municipality's public demo points."""
    from trygg.public import status
    from trygg.rules.public_info import MessageKind, PointStatus, PublicMessage

    messages = []
    sent = datetime(2026, 1, 5, 14, 0, tzinfo=STOCKHOLM_WINTER)
    for area in status.municipalities():
        points = status.public_points(area.code)
        opened = tuple(replace(p, status=PointStatus.OPEN, status_since=sent) for p in points)
        prefix = f"trygg-{area.code}-{'ovning' if exercise else 'skarp'}"
        common = {"sender": status.cap_sender(area.code), "municipality_code": area.code,
                  "municipality_name": area.name, "exercise": exercise, "county_name": "Jämtlands län"}
        opening = PublicMessage(f"{prefix}-1", MessageKind.OPENING, sent=sent, points=opened,
                                reason="Strömavbrott i stora delar av kommunen.",
                                reason_en="A power cut in large parts of the municipality.", **common)
        full = (replace(opened[0], status=PointStatus.FULL, note="Fullt. Gå till nästa punkt."),) + opened[1:]
        update = PublicMessage(f"{prefix}-2", MessageKind.UPDATE, sent=sent + timedelta(hours=3), points=full,
                               reason="Strömavbrottet fortsätter.", references=(opening.ref,), **common)
        closed = tuple(replace(p, status=PointStatus.CLOSED) for p in opened)
        closing = PublicMessage(f"{prefix}-3", MessageKind.CLOSING, sent=sent + timedelta(days=1), points=closed,
                                reason="Strömmen är tillbaka.", references=(opening.ref, update.ref), **common)
        messages += [opening, update, closing]
    return messages


# The message provider the settings point at in tests that need messages (see PUBLIC_MESSAGES).
PROVIDED: list = []  # type: ignore[type-arg]


def provided_messages(municipality: str | None = None) -> list:  # type: ignore[type-arg]
    return [m for m in PROVIDED if municipality is None or m.municipality_code == municipality]


@pytest.fixture
def messages(db, settings):  # type: ignore[no-untyped-def]
    """The demo's messages, published through PUBLIC_MESSAGES as operations will publish them."""
    PROVIDED[:] = demo_messages() + demo_messages(exercise=True)
    settings.PUBLIC_MESSAGES = "tests.public.conftest.provided_messages"
    yield PROVIDED
    PROVIDED.clear()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The public pages' own server: the operations browser tests open points on the shared one."""
    from tests import serverutil

    server = serverutil.demo_server(tmp_path_factory.mktemp("public-server"), "public")
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
