"""A PostgreSQL database a benchmark creates for itself, and drops afterwards because it created it.

The name carries the process id and a random part, so two runs (or a test suite
next to a run) never share one. ``CREATE DATABASE`` fails on a name that exists,
so a database this run did not create is never taken over, and never dropped.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

#: A PostgreSQL server, without a database name: the benchmark adds its own.
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def unique_name(purpose: str) -> str:
    """``trygg_bench_<purpose>_<pid>_<random>``: PostgreSQL's 63-byte limit leaves room for any purpose here."""
    return f"trygg_bench_{purpose}_{os.getpid()}_{secrets.token_hex(4)}"


@contextlib.contextmanager
def owned_database(server_url: str, purpose: str) -> Iterator[str]:
    """Create a new empty database on ``server_url``, yield its URL, drop it on the way out.

    The drop is forced (it ends connections a killed server may have left), which is
    safe only because nobody but this run knows the name.
    """
    import psycopg

    server_url = server_url.rstrip("/")
    name = unique_name(purpose)
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
