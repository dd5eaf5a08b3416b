#!/usr/bin/env bash
# Set up and run every check: lint, types, migrations, translations, and the test
# suite on SQLite and (when reachable, always under CI) on PostgreSQL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
bash scripts/system-packages.sh
bash scripts/npm-packages.sh

export TRYGG_FAST_PASSWORDS=1
export DJANGO_SETTINGS_MODULE=trygg.web.settings
# A per-run database name: two suites on one server never share (or drop) each other's test database.
PG_URL=${TRYGG_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/trygg_run_$$}
mkdir -p test-artifacts

step() { printf '\n== %s\n' "$*"; }

step "ruff"
.venv/bin/ruff check src tests bench
step "mypy (all of src/, with the Django and DRF plugins)"
.venv/bin/mypy src
step "migrations are complete"
DATABASE_URL=sqlite:///:memory: .venv/bin/django-admin makemigrations --check --dry-run
step "the API is fully described (OpenAPI: 0 errors, 0 warnings)"
DATABASE_URL=sqlite:///:memory: .venv/bin/django-admin spectacular --validate --fail-on-warn --file test-artifacts/openapi.yaml
step "translations compile"
bash scripts/messages.sh --check

run_pytest() {
  local label=$1; shift
  step "pytest on $label"
  set +e
  .venv/bin/pytest "$@"
  local rc=$?
  set -e
  if [ $rc -eq 5 ]; then echo "pytest collected no tests on $label: that is a failure" >&2; exit 1; fi
  if [ $rc -ne 0 ]; then exit $rc; fi
}

DATABASE_URL=sqlite:///$(pwd)/var/test.sqlite3 run_pytest SQLite "$@"

if .venv/bin/python -c "import psycopg, sys; psycopg.connect('$PG_URL'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then
  DATABASE_URL=$PG_URL run_pytest PostgreSQL "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL: CI runs the suite on PostgreSQL too" >&2
  exit 1
else
  echo "(PostgreSQL not reachable at $PG_URL: skipped; CI runs it)"
fi
echo "All checks passed."
