#!/usr/bin/env bash
# Schemathesis against the live API with 1,000 examples per operation (the suite runs 100):
# `trygg serve` on a fresh PostgreSQL database (or SQLite when DATABASE_URL is not PostgreSQL),
# the demo and an exercise event loaded, as a coordinator and as a volunteer.
# Usage: scripts/schemathesis.sh [EXAMPLES] [SEED]   (output and JUnit in test-artifacts/schemathesis/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TRYGG_FAST_PASSWORDS=1
export DJANGO_SETTINGS_MODULE=trygg.web.settings
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/trygg_schemathesis_$$}
export TRYGG_SCHEMATHESIS_EXAMPLES=${1:-1000}
export TRYGG_SCHEMATHESIS_SEED=${2:-1}
export TRYGG_SCHEMATHESIS_USERS=${TRYGG_SCHEMATHESIS_USERS:-krokom valsjobyn}
export TRYGG_SCHEMATHESIS=1  # run on SQLite too when DATABASE_URL names an SQLite file
start=$(date +%s)
set +e
.venv/bin/pytest tests/api/test_schemathesis_live.py -p no:cacheprovider -q
rc=$?
set -e
echo "schemathesis: ${TRYGG_SCHEMATHESIS_EXAMPLES} examples per operation, seed ${TRYGG_SCHEMATHESIS_SEED}," \
  "users ${TRYGG_SCHEMATHESIS_USERS}: exit ${rc} after $(( $(date +%s) - start )) s (output in test-artifacts/schemathesis/)"
exit $rc
