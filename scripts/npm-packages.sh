#!/usr/bin/env bash
# npm packages the browser tests use: axe-core (accessibility checks run inside the page).
# Installed into .cache/npm (git-ignored); idempotent and quick when already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
AXE_VERSION=4.10.3
if [ -f .cache/npm/node_modules/axe-core/axe.min.js ] &&
   grep -q "\"version\": \"$AXE_VERSION\"" .cache/npm/node_modules/axe-core/package.json; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Debian's npm (scripts/system-packages.sh does)." >&2
  exit 1
fi
mkdir -p .cache/npm
npm install --prefix .cache/npm --no-save --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
echo "axe-core $AXE_VERSION installed in .cache/npm"
