#!/usr/bin/env bash
# Builds the two committed bundles: dist/action (the GitHub Action) and dist/cli (the sigil CLI).
# Unminified, with source maps; no source-map-register at start-up (cold start): use
# NODE_OPTIONS=--enable-source-maps for mapped stack traces.
# OUT=<dir> builds into another directory (check-dist uses it). The bundles are built next to the target and
# swapped in at the end, so a failed build leaves the old ones in place.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-dist}"
mkdir -p "$out"
stage=$(mktemp -d "$out/.build-XXXXXX")
trap 'rm -rf "$stage"' EXIT
npx --no-install ncc build src/action.ts -o "$stage/action" --source-map --no-source-map-register --license licenses.txt --quiet
npx --no-install ncc build src/cli.ts -o "$stage/cli" --source-map --no-source-map-register --license licenses.txt --quiet
chmod +x "$stage/cli/index.js"
for d in action cli; do
  rm -rf "$out/$d.old"
  [ -d "$out/$d" ] && mv "$out/$d" "$out/$d.old"
  mv "$stage/$d" "$out/$d"
  rm -rf "$out/$d.old"
done
