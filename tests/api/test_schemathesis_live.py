"""Schemathesis against the live API: `trygg serve` on its own database with the demo and an exercise event,
every operation of the OpenAPI schema, over real HTTP. Checks: no server error, and every answer conforms to
the schema. Fixed seed; TRYGG_SCHEMATHESIS_EXAMPLES examples per operation (100 in the suite, 1,000 in
scripts/schemathesis.sh), as the users in TRYGG_SCHEMATHESIS_USERS (the coordinator in the suite; the
script adds the volunteer).

It runs in the suite's PostgreSQL pass (scripts/test.sh; CI always has one) and is skipped on SQLite unless
TRYGG_SCHEMATHESIS=1: one run takes minutes, and PostgreSQL is the database that refuses what SQLite lets by."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api import live

pytestmark = pytest.mark.slow

ST = str(Path(sys.executable).with_name("st"))
EXAMPLES = int(os.environ.get("TRYGG_SCHEMATHESIS_EXAMPLES", "100"))
SEED = int(os.environ.get("TRYGG_SCHEMATHESIS_SEED", "1"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis"
CHECKS = "not_a_server_error,response_schema_conformance"
USERS = os.environ.get("TRYGG_SCHEMATHESIS_USERS", "krokom").split()
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")

if not (os.environ.get("DATABASE_URL", "").startswith("postgres") or os.environ.get("TRYGG_SCHEMATHESIS") == "1"):
    pytestmark = [pytest.mark.slow, pytest.mark.skip(reason="runs in the PostgreSQL pass (TRYGG_SCHEMATHESIS=1 forces it)")]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.LiveAPI]:
    server = live.start(tmp_path_factory.mktemp("schemathesis"), "schemathesis")
    try:
        yield server
    finally:
        server.server.stop()


def config(ids: dict[str, object]) -> str:
    """Path ids fixed to the event and to a point and site of Krokom that it uses, so that the generated
    bodies reach the code behind the lookups (random ids would mostly test the 404)."""
    return f"""
[[operations]]
include-path-regex = "^/api/ops/"
parameters = {{ id = {ids["event"]}, point_pk = {ids["point"]} }}

[[operations]]
include-path-regex = "^/api/points/\\\\{{id\\\\}}"
parameters = {{ id = {ids["point"]} }}

[[operations]]
include-path-regex = "^/api/sites/\\\\{{id\\\\}}"
parameters = {{ id = {ids["site"]} }}
"""


def run_schemathesis(api: live.LiveAPI, user: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    config_file = tmp_path / "schemathesis.toml"
    config_file.write_text(config(api.ids))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    command = [ST, "--config-file", str(config_file), "--no-color", "run", f"{api.url}/api/schema/",
               "--checks", CHECKS, "--max-examples", str(EXAMPLES), "--seed", str(SEED), "--workers", "2",
               "--auth", f"{user}:{live.PASSWORD}", "--generation-database", "none", "--request-timeout", "30",
               "--report", "junit", "--report-junit-path", str(ARTIFACTS / f"junit-{user}.xml")]
    # In tmp_path: schemathesis keeps its cache and the failures to replay in .schemathesis/ of its directory.
    result = subprocess.run(command, capture_output=True, text=True, timeout=3 * 3600, cwd=tmp_path,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)})
    (ARTIFACTS / f"{user}.txt").write_text(result.stdout + result.stderr)
    return result


def schema_operations(api: live.LiveAPI) -> int:
    schema = api.call("GET", "/api/schema/?format=json", accept="application/vnd.oai.openapi+json").body
    return sum(len(item) for item in schema["paths"].values())


@pytest.mark.parametrize("user", USERS)
def test_every_operation_answers_without_server_errors_and_as_the_schema_says(api, user, tmp_path):
    result = run_schemathesis(api, user, tmp_path)
    output = result.stdout + result.stderr
    count = schema_operations(api)
    assert f"Selected: {count}/{count}" in output and f"Tested: {count}" in output, output[-3000:]
    assert result.returncode == 0, f"schemathesis found failures (full output in {ARTIFACTS}/{user}.txt):\n" + output[-6000:]
