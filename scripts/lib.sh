# Shared by scripts/check.sh and scripts/test.sh: install what is missing, then build.
# Debian 12 packages only (docs/architecture.md §9); npm only for the conformance emulators.
set -euo pipefail

SLSIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLSIM_PACKAGES=(g++ cmake ninja-build libboost1.81-dev libboost-context1.81-dev librapidcheck-dev libgtest-dev
  libgmock-dev libbenchmark-dev libfmt-dev nlohmann-json3-dev libcli11-dev libssl-dev libmimalloc-dev)

# CI builds with -Werror; both scripts configure build/ with the same options, whichever runs first.
SLSIM_WERROR=OFF
[ "${CI:-}" = "true" ] && SLSIM_WERROR=ON

log() { printf '==> %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_packages() {
  local missing=()
  for p in "${SLSIM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Node.js + the pinned emulators (dynalite, fauxqs) for the conformance tests. Returns
# non-zero (instead of exiting) when they cannot be installed, e.g. without the npm registry.
ensure_emulators() {
  # Every step checks its own status: callers test this function in an `if`, where set -e is off.
  if ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs and npm"
    as_root apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null || return 1
  fi
  if [ ! -f "$SLSIM_ROOT/node_modules/.package-lock.json" ] ||
     [ "$SLSIM_ROOT/package-lock.json" -nt "$SLSIM_ROOT/node_modules/.package-lock.json" ]; then
    log "installing the conformance emulators (npm ci)"
    (cd "$SLSIM_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  ensure_node_example
}

# ensure_node_example: the Node.js example handlers' packages (examples/node, the AWS SDK
# for JavaScript v3) from their committed lockfile; the external-handler tests need them.
ensure_node_example() {
  local dir="$SLSIM_ROOT/examples/node"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the Node.js example's packages (npm ci --prefix examples/node)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error || return 1
  fi
}

# build_tree DIR [--target T]... [cmake args...]: configure once, then build incrementally:
# everything, or only the named targets (and what they need).
build_tree() {
  local dir=$1; shift
  local targets=()
  while [ "${1:-}" = "--target" ]; do targets+=(--target "$2"); shift 2; done
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $dir"
    cmake -S "$SLSIM_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  log "building $dir${targets[*]:+ (${targets[*]})}"
  cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
}
