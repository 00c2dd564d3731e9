#!/usr/bin/env bash
# Builds the two committed bundles: dist/action (the GitHub Action) and dist/cli (the sigil CLI).
# Unminified, with source maps; no source-map-register at start-up (cold start), use
# NODE_OPTIONS=--enable-source-maps to get mapped stack traces.
# OUT=<dir> builds into another directory (check-dist uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-dist}"
rm -rf "$out/action" "$out/cli"
npx --no-install ncc build src/action.ts -o "$out/action" --source-map --no-source-map-register --license licenses.txt --quiet
npx --no-install ncc build src/cli.ts -o "$out/cli" --source-map --no-source-map-register --license licenses.txt --quiet
chmod +x "$out/cli/index.js"
