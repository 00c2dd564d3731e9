#!/usr/bin/env bash
# npm test: everything (unit and integration), on a fresh clone with nothing run before.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec npx --no-install vitest run "$@"
