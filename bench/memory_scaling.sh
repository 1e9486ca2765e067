#!/usr/bin/env bash
# Memory flat in run length (docs/architecture.md §8): runs bench_memory (the built-in
# scenario, reference handler, oracles included) at two lengths under /usr/bin/time -v and
# checks: peak RSS of the long run < 1 GiB, and the two peaks within 1.5x of each other; it
# prints what a request retains (the peak heap's growth per request between the two runs).
# Usage: bench/memory_scaling.sh [build-dir] [short-requests] [long-requests] [seed]
set -euo pipefail
build=${1:-build}
short=${2:-100000}
long=${3:-1000000}
seed=${4:-1}
bench="$build/bench/pipeline/bench_memory"
[[ -x "$bench" ]] || { echo "memory_scaling: $bench not built (cmake --build $build --target bench_memory)" >&2; exit 2; }

measure() {
  local n=$1 out
  out=$( { /usr/bin/time -v "$bench" "$n" "$seed" 2>/tmp/memory_scaling.$$.time; } ) || true
  local rss
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' /tmp/memory_scaling.$$.time)
  rm -f /tmp/memory_scaling.$$.time
  echo "$out" | sed "s/}\$/, \"time_v_max_rss_kib\": $rss}/"
}

a=$(measure "$short")
echo "$a"
b=$(measure "$long")
echo "$b"
python3 - "$a" "$b" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
gib = 1024.0
ok = True
def check(name, cond, text):
    global ok
    ok &= cond
    print(f"{'PASS' if cond else 'FAIL'}  {name}: {text}")
rss_a, rss_b = a["time_v_max_rss_kib"] / 1024, b["time_v_max_rss_kib"] / 1024
check("bound", rss_b < gib, f"{b['requests']} requests peak RSS {rss_b:.0f} MiB (< 1024 MiB)")
check("flat", rss_b <= 1.5 * rss_a, f"peak RSS {rss_a:.0f} MiB at {a['requests']} vs {rss_b:.0f} MiB at {b['requests']} (ratio {rss_b / rss_a:.2f}, bound 1.5)")
slope = (b["peak_heap_mib"] - a["peak_heap_mib"]) * 1024 * 1024 / (b["requests"] - a["requests"])
print(f"INFO  retained per request: {slope:.0f} bytes of peak heap (from {a['requests']} to {b['requests']} requests)")
sys.exit(0 if ok else 1)
PY
