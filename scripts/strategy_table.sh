#!/usr/bin/env bash
# Cases to detection per exploration strategy (docs/exploration.md): for every zoo/*
# built-in handler and each strategy, the first failing seed of
# `slsim check --handler zoo/NAME --explore STRATEGY --determinism-check 0`, searched in
# growing chunks of seeds up to a budget ("-": not found within it).
# Usage: scripts/strategy_table.sh [path/to/slsim] [budget] [strategies...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
slsim="${1:-$root/build/cli/slsim}"
budget="${2:-2000}"
shift 2 || shift $# || true
strategies=("$@")
[ ${#strategies[@]} -gt 0 ] || strategies=(fifo random ties pct:d=2 portfolio)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The first failing seed among seeds [base, base + n), or nothing.
first_fail() {
  local name=$1 strategy=$2 base=$3 n=$4 dir="$work/run"
  rm -rf "$dir"
  "$slsim" check --handler "$name" --explore "$strategy" --base-seed "$base" --seeds "$n" \
    --determinism-check 0 --max-shrink-runs 1 --out "$dir" --json >"$dir.json" 2>/dev/null || true
  python3 - "$dir.json" <<'PY'
import json, sys
try:
    out = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)
fails = [int(r["name"].split("_")[-1]) for r in out.get("results", []) if r["outcome"] not in ("pass", "not_run")]
if fails:
    print(min(fails))
PY
}

printf '%-30s' handler
for s in "${strategies[@]}"; do printf ' %14s' "$s"; done
printf '\n'
for name in $("$slsim" handlers | awk '{print $1}' | grep '^zoo/'); do
  printf '%-30s' "$name"
  for s in "${strategies[@]}"; do
    found="" base=1 chunk=25
    while [ -z "$found" ] && [ "$base" -le "$budget" ]; do
      n=$(( chunk < budget - base + 1 ? chunk : budget - base + 1 ))
      found=$(first_fail "$name" "$s" "$base" "$n")
      base=$(( base + n ))
      chunk=$(( chunk * 4 ))
    done
    printf ' %14s' "${found:--}"
  done
  printf '\n'
done
