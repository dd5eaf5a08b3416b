#!/usr/bin/env bash
# Set up and run the Jämtland demo on http://127.0.0.1:8000/ (SQLite in ./var/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
exec .venv/bin/trygg demo "$@"
