#!/usr/bin/env bash
# npm run demo: the walkthrough sigil grew from, end to end, on a fresh clone with nothing run before it.
#
#   1. start a throwaway registry on 127.0.0.1 (a free port, temporary storage)
#   2. build and push a small image (no docker needed)
#   3. generate a cosign-compatible key pair
#   4. sign the image by digest; show the digest and the signature tag
#   5. verify it (and show the verified payload)
#   6. tamper: push other content under the same tag; verification fails (exit 10, no signatures found)
#   7. an attacker signs the new content with their own key; verification still fails (exit 12, no matching
#      signatures), while the original digest still verifies
#
# The registry: a `docker-registry` binary on PATH (Debian/Ubuntu package docker-registry, CNCF Distribution);
# else, when root with apt-get, that package is installed; else a Docker engine runs registry:2; else the demo
# says what to install. Everything is removed at the end.
#
# Knobs (tests): SIGIL_DEMO_REGISTRY_BIN (default docker-registry), SIGIL_DEMO_DOCKER_BIN (default docker),
# SIGIL_SKIP_APT=1 (never call apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$(pwd)

registry_bin=${SIGIL_DEMO_REGISTRY_BIN:-docker-registry}
docker_bin=${SIGIL_DEMO_DOCKER_BIN:-docker}
demo_password=demo-password
attacker_password=attacker-password

if [ -t 1 ]; then bold=$'\e[1m'; red=$'\e[31m'; green=$'\e[32m'; reset=$'\e[0m'; else bold=; red=; green=; reset=; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
say() { printf '    %s\n' "$*"; }
show() { printf '    $ %s\n' "$*"; }

# --- dependencies ---------------------------------------------------------------------------------------------
step "0. Dependencies (scripts/ensure-deps.sh)"
if ! bash scripts/ensure-deps.sh; then
  say "ensure-deps could not install everything; going on with what is installed (the demo needs Node and a registry)"
fi
if [ ! -d node_modules ] && [ ! -f dist/cli/index.js ]; then
  echo "demo: node_modules and dist/ are missing; run npm ci first" >&2
  exit 1
fi
if [ ! -f dist/cli/index.js ]; then bash scripts/build.sh; fi
sigil() { node "$repo_root/dist/cli/index.js" "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-demo-XXXXXX")
registry_pid=
container=
cleanup() {
  status=$?
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  if [ -n "$container" ]; then "$docker_bin" rm -f "$container" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. registry ------------------------------------------------------------------------------------------------
step "1. Start a local registry"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
host="127.0.0.1:$port"

wait_for_registry() {
  for _ in $(seq 1 150); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "http://$host/v2/"; then return 0; fi
    sleep 0.1
  done
  return 1
}

if ! command -v "$registry_bin" >/dev/null 2>&1 && [ "${SIGIL_SKIP_APT:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing the Debian package docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null; } ||
    say "apt-get could not install docker-registry"
fi

if command -v "$registry_bin" >/dev/null 2>&1; then
  mkdir -p "$work/storage"
  cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: $host
  secret: $(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')
EOF
  # A clean environment: REGISTRY_* variables would override the configuration.
  env -i PATH="$PATH" HOME="$work" "$registry_bin" serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  say "$registry_bin (CNCF Distribution) on $host, storage in $work/storage"
elif command -v "$docker_bin" >/dev/null 2>&1 && "$docker_bin" info >/dev/null 2>&1; then
  container=$("$docker_bin" run -d --rm -p "$host:5000" docker.io/library/registry:2)
  say "registry:2 in Docker (container ${container:0:12}) on $host"
else
  cat >&2 <<'EOF'
demo: no registry to run. Install one of:
  - the Debian/Ubuntu package docker-registry:  sudo apt-get install docker-registry
    (the demo starts its own instance on 127.0.0.1; the system service is not used)
  - a Docker engine (the demo then runs docker.io/library/registry:2)
and run "npm run demo" again.
EOF
  exit 1
fi
if ! wait_for_registry; then
  echo "demo: the registry did not answer on http://$host/v2/" >&2
  [ -f "$work/registry.log" ] && tail -20 "$work/registry.log" >&2
  exit 1
fi

# --- 2. image ---------------------------------------------------------------------------------------------------
image="$host/demo/hello"
step "2. Build and push a small image (one layer: /hello.txt)"
show "node scripts/demo/push-image.mjs $host demo/hello v1 'hello from sigil'"
digest=$(node scripts/demo/push-image.mjs "$host" demo/hello v1 'hello from sigil')
say "pushed $image:v1"
say "digest: $digest"

# --- 3. keys ----------------------------------------------------------------------------------------------------
step "3. Generate a key pair (cosign.key encrypted with COSIGN_PASSWORD, cosign.pub)"
show "COSIGN_PASSWORD=$demo_password sigil generate-key-pair --output-key-prefix $work/cosign"
COSIGN_PASSWORD=$demo_password sigil generate-key-pair --output-key-prefix "$work/cosign" 2>&1 | sed 's/^/    /'
say "$(head -1 "$work/cosign.key")  +  $(head -1 "$work/cosign.pub")"

# --- 4. sign ----------------------------------------------------------------------------------------------------
step "4. Sign the image by digest"
show "sigil sign --key cosign.key --output json $image@$digest"
signed=$(COSIGN_PASSWORD=$demo_password sigil sign --key "$work/cosign.key" --output json "$image@$digest" 2>"$work/sign.err") ||
  { cat "$work/sign.err" >&2; exit 1; }
sed 's/^/    /' "$work/sign.err"
signature_tag=$(printf '%s' "$signed" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(r[0].signatureTag)')
say "digest:        $digest"
say "signature tag: $signature_tag"

# --- 5. verify --------------------------------------------------------------------------------------------------
step "5. Verify it (by tag: the digest v1 points to now)"
show "sigil verify --key cosign.pub $image:v1"
verified=$(sigil verify --key "$work/cosign.pub" "$image:v1" 2>"$work/verify.err") ||
  { cat "$work/verify.err" >&2; exit 1; }
sed 's/^/    /' "$work/verify.err"
say "verified payload:"
printf '%s\n' "$verified" | node -e 'const t=require("fs").readFileSync(0,"utf8");console.log(JSON.stringify(JSON.parse(t),null,2).replace(/^/gm,"      "))'
say "${green}OK: $image:v1 ($digest) is signed by cosign.pub${reset}"

expect_failure() {
  local want=$1
  shift
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local code=$?
  set -e
  sed 's/^/    /' "$work/err"
  if [ "$code" != "$want" ]; then
    echo "demo: expected exit code $want, got $code" >&2
    exit 1
  fi
  say "${red}exit code $code${reset}"
}

# --- 6. tamper --------------------------------------------------------------------------------------------------
step "6. Tamper: push other content under the same tag"
evil=$(node scripts/demo/push-image.mjs "$host" demo/hello v1 'hello from an attacker')
say "$image:v1 now points to $evil"
show "sigil verify --key cosign.pub $image:v1"
expect_failure 10 sigil verify --key "$work/cosign.pub" "$image:v1"
say "unsigned new content: exit 10, no signatures found"

step "7. The attacker signs the new content with their own key"
COSIGN_PASSWORD=$attacker_password sigil generate-key-pair --output-key-prefix "$work/attacker" >/dev/null 2>&1
show "sigil sign --key attacker.key $image@$evil"
COSIGN_PASSWORD=$attacker_password sigil sign --key "$work/attacker.key" "$image@$evil" 2>&1 | sed 's/^/    /'
show "sigil verify --key cosign.pub $image:v1"
expect_failure 12 sigil verify --key "$work/cosign.pub" "$image:v1"
say "signed, but not by cosign.pub: exit 12, no matching signatures"
show "sigil verify --key cosign.pub $image@$digest"
sigil verify --key "$work/cosign.pub" "$image@$digest" >/dev/null 2>&1
say "${green}the original digest still verifies: pin digests, verify before you deploy${reset}"

step "Done"
say "image:         $image"
say "digest:        $digest"
say "signature tag: $signature_tag"
say "the registry is stopped and $work removed on exit"
