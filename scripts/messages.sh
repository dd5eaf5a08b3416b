#!/usr/bin/env bash
# Message catalogues. Without arguments: collect the strings (makemessages) and compile
# them (the .mo files are committed so the demo runs without gettext installed).
# With --check: every catalogue compiles, is complete, and its committed .mo is current.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src/trygg"
export DJANGO_SETTINGS_MODULE=trygg.web.settings
admin=../../.venv/bin/django-admin
if [ "${1:-}" != "--check" ]; then
  # English is the source language (msgids), so it needs no catalogue: Django never falls
  # back to another language's catalogue for English.
  "$admin" makemessages --no-obsolete --no-location -l sv -i "public/*"
  "$admin" compilemessages >/dev/null
  exit 0
fi
status=0
for po in locale/*/LC_MESSAGES/django.po; do
  mo=${po%.po}.mo
  tmp=$(mktemp)
  msgfmt --check-format -o "$tmp" "$po"
  if ! cmp -s "$tmp" "$mo"; then echo "$mo is stale: run bash scripts/messages.sh" >&2; status=1; fi
  rm -f "$tmp"
done
for lang in sv; do
  untranslated=$(msgattrib --untranslated --no-obsolete locale/$lang/LC_MESSAGES/django.po | grep -c '^msgid "' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete locale/$lang/LC_MESSAGES/django.po | grep -c '^msgid "' || true)
  if [ "$untranslated" -gt 1 ] || [ "$fuzzy" -gt 0 ]; then  # the header is one untranslated-looking msgid ""
    echo "$lang catalogue incomplete: $((untranslated - 1)) untranslated, $fuzzy fuzzy" >&2; status=1
  fi
done
exit $status
