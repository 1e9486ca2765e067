#!/usr/bin/env bash
# Long fuzzing on demand (CI runs each target for SLSIM_FUZZ_SECONDS under `ctest -L fuzz`).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# With clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev) the targets are
# built coverage-guided with ASan+UBSan in build-fuzz/; otherwise the deterministic mutation
# driver in build/ runs them. New crash inputs land in build*/fuzz/work/<target>/crash-*:
# copy each to tests/fixtures/fuzz/<target>/ (replayed by the fuzz_regressions.* tests).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(expression_parser scenario_loader case_loader trace_reader)
ensure_packages

if command -v clang++ >/dev/null 2>&1 && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  dir="$SLSIM_ROOT/build-fuzz"
  build_tree "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DSLSIM_LIBFUZZER=ON \
    -DSLSIM_BUILD_TESTS=OFF -DSLSIM_BUILD_BENCH=OFF "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined,fuzzer-no-link"
  engine=libfuzzer
else
  dir="$SLSIM_ROOT/build"
  build_tree "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  engine=driver
fi

status=0
for t in "${targets[@]}"; do
  work="$dir/fuzz/work/$t"
  mkdir -p "$work"
  log "fuzzing $t for ${seconds}s ($engine)"
  if [ "$engine" = libfuzzer ]; then
    "$dir/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$work/" "$work" "$SLSIM_ROOT/fuzz/corpus/$t" || status=1
  else
    "$dir/fuzz/fuzz_$t" --seconds "$seconds" --seed "${SLSIM_FUZZ_SEED:-$RANDOM}" --artifacts "$work" \
      "$SLSIM_ROOT/fuzz/corpus/$t" || status=1
  fi
done
exit $status
