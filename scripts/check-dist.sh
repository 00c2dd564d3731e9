#!/usr/bin/env bash
# Fails when the committed dist/ differs from a fresh build of src/.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OUT="$tmp" bash scripts/build.sh
if ! diff -r -q dist/action "$tmp/action" >/dev/null || ! diff -r -q dist/cli "$tmp/cli" >/dev/null; then
  echo "check-dist: dist/ is stale; run 'npm run build' and commit dist/ with the change:" >&2
  diff -r -q dist "$tmp" >&2 || true
  exit 1
fi
echo "check-dist: dist/ is up to date" >&2
