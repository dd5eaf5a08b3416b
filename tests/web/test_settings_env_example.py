"""The shipped .env.example loads as it is: a blank value means "unset", everywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "trygg" / "web" / "settings.py"


def _example_env() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value
    return pairs


def _settings_under(env: dict[str, str], names: list[str]) -> dict[str, object]:
    code = ("import json, django; from django.conf import settings; django.setup(); "
            f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "trygg.web.settings", **env})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def test_the_shipped_example_loads_and_blank_values_take_the_defaults():
    values = _settings_under(_example_env(), ["SITE_URL", "PUBLIC_SITE_URL", "PUBLIC_CAP_RADIUS_KM",
                                              "PUBLIC_P4_CHANNEL", "STATIC_ROOT", "PUBLIC_LIVE_STATE"])

    assert values["PUBLIC_SITE_URL"] == values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["PUBLIC_CAP_RADIUS_KM"] == 2.0
    assert values["PUBLIC_P4_CHANNEL"] == "P4 Jämtland"
    assert values["STATIC_ROOT"] is None
    assert values["PUBLIC_LIVE_STATE"] == "trygg.public.operations_state.live_states"


def test_a_bad_number_names_the_variable():
    code = "import django; django.setup()"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "trygg.web.settings",
                              "PUBLIC_CAP_RADIUS_KM": "två"})

    assert run.returncode != 0
    assert "PUBLIC_CAP_RADIUS_KM must be a number, got 'två'" in run.stderr


def test_every_variable_the_settings_read_is_listed_in_the_example():
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', SETTINGS.read_text()))
    missing = sorted(read - set(_example_env()) - {"TRYGG_FAST_PASSWORDS", "TRYGG_REQUIRE_SECRET_KEY"})

    assert missing == []
