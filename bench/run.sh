#!/usr/bin/env bash
# Every benchmark, one after the other, each printing its figures and its ratio
# against a baseline measured in the same run:
#   bash bench/run.sh            # all (the spopt comparison sets up its own Python 3.12 venv)
#   bash bench/run.sh power      # only the ones whose name contains "power"
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# bench_national_load needs nginx (the proxy and the file baseline) and wrk (the load generator):
# installed with apt-get when missing and run as root, otherwise named (the bench then says what it skips).
national_load_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench_national_load: installing ${missing[*]} (apt-get)"
    apt-get install -y --no-install-recommends "${missing[@]}" \
      || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } \
      || echo "bench_national_load: could not install ${missing[*]}" >&2
  else
    echo "bench_national_load: missing ${missing[*]} (as root: apt-get install ${missing[*]});" \
         "without nginx no proxy and no nginx baseline, without wrk the asyncio generator" >&2
  fi
}

for bench in bench/bench_*.py; do
  name=$(basename "$bench" .py)
  if [ -n "${1:-}" ] && [[ "$name" != *"$1"* ]]; then continue; fi
  printf '\n== %s\n' "$name"
  if [ "$name" = bench_national_load ]; then national_load_tools; fi
  .venv/bin/python "$bench"
done
