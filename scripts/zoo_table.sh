#!/usr/bin/env bash
# Detection power of the bug zoo: for every zoo/* built-in handler, a bare
# `slsim check --handler zoo/NAME` (its 100 default cases), and a table of the case that
# failed first, the property, and the size it shrank to (requests sent, faults).
# Usage: scripts/zoo_table.sh [path/to/slsim] [extra check flags...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
slsim="${1:-$root/build/cli/slsim}"
shift || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%-28s %-12s %-22s %9s %7s %7s %7s\n' handler first_fail property requests faults shrinks wall_s
for name in $("$slsim" handlers | awk '{print $1}' | grep '^zoo/'); do
  dir="$work/${name//\//_}"
  start=$(date +%s.%N)
  rc=0
  "$slsim" check --handler "$name" --out "$dir" --json "$@" >"$dir.json" 2>/dev/null || rc=$?
  end=$(date +%s.%N)
  python3 - "$name" "$dir.json" "$rc" "$start" "$end" <<'PY'
import json, sys
name, path, rc, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
wall = f"{end - start:.1f}"
if rc != 1:
    print(f"{name:<28} {'NOT CAUGHT' if rc == 0 else 'exit ' + str(rc):<12} {'-':<22} {'-':>9} {'-':>7} {'-':>7} {wall:>7}")
    sys.exit(0)
out = json.load(open(path))
f = out["failure"]
first = min(int(r["name"].split("_")[-1]) for r in out["results"] if r["outcome"] != "pass")
case = json.load(open(f["case_file"]))
clients = case["scenario"].get("clients", {})
arrival = clients.get("arrival", {})
only = arrival.get("only_requests")
sent = len(only) if only else clients.get("clients", 1) * arrival.get("requests", 0)
faults = len(case.get("faults", {}).get("faults", []))
print(f"{name:<28} {first:<12} {f['property']:<22} {sent:>9} {faults:>7} {f.get('shrink_runs', '-'):>7} {wall:>7}")
PY
done
