#!/usr/bin/env bash
# npm run bench [section...]: benchmarks against the real registry; writes docs/benchmarks.md when run whole.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec npx --no-install vite-node bench/run.ts -- "$@"
