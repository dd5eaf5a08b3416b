#!/usr/bin/env bash
# Every benchmark, one after the other, each printing its figures and its ratio
# against a baseline measured in the same run:
#   bash bench/run.sh            # all (the spopt comparison sets up its own Python 3.12 venv)
#   bash bench/run.sh power      # only the ones whose name contains "power"
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
for bench in bench/bench_*.py; do
  name=$(basename "$bench" .py)
  if [ -n "${1:-}" ] && [[ "$name" != *"$1"* ]]; then continue; fi
  printf '\n== %s\n' "$name"
  .venv/bin/python "$bench"
done
