"""Shared fixtures: the demo loaded once per test database, named personas."""

from __future__ import annotations

import os

os.environ.setdefault("TRYGG_FAST_PASSWORDS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.web.settings")
# Playwright's sync API keeps an asyncio loop registered on the main thread for the whole
# session; Django then refuses database work in that thread as if it were async code. No
# Django code runs inside that loop (the browser talks to a separate server process).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The command line speaks Swedish unless the environment asks for English (trygg.cli.language).
# Most CLI tests read its English output; the tests of the Swedish default clear this
# (tests/test_cli_language.py), and a developer's own LANG cannot change a result.
os.environ["LANGUAGE"] = "en"

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The Jämtland demo, loaded once into the test database; each test runs in a rolled-back transaction."""
    from trygg.demo.load import load_demo

    with django_db_blocker.unblock():
        load_demo()


def _client_for(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def krokom(db):  # type: ignore[no-untyped-def]
    """Karin, Krokom's coordinator: must never see Åre's non-public data."""
    return _client_for("krokom")


@pytest.fixture
def are(db):  # type: ignore[no-untyped-def]
    """Anders, Åre's coordinator."""
    return _client_for("are")


@pytest.fixture
def county(db):  # type: ignore[no-untyped-def]
    """Tina, the county's duty officer (TiB): reads everything in the county."""
    return _client_for("lan")


@pytest.fixture
def kall_manager(db):  # type: ignore[no-untyped-def]
    """Kerstin, manager of SOT-punkt Kall only."""
    return _client_for("kall")


@pytest.fixture
def valsjobyn_staff(db):  # type: ignore[no-untyped-def]
    """Vilhelm, FRG volunteer at Valsjöbyn: reads his point, changes nothing."""
    return _client_for("valsjobyn")


@pytest.fixture
def partner(db):  # type: ignore[no-untyped-def]
    """Petra at the grid company: reads the points shared with her."""
    return _client_for("partner")


@pytest.fixture
def point(db):  # type: ignore[no-untyped-def]
    """A point by its demo reference: ``point("SOT-KALL")``."""
    from trygg.registry.models import Point

    return lambda ref: Point.objects.get(ref=ref)


# The real server and Chromium, shared by tests/browser and tests/public (one of each per session).
from tests.browserkit import browser, demo_server, page  # noqa: E402, F401
