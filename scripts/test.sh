#!/usr/bin/env bash
# The whole test suite: install what is missing (Debian packages, Node emulators), build,
# and run every CTest test (unit + conformance). Exits non-zero when any test fails.
#   scripts/test.sh              release build in build/
#   scripts/test.sh --sanitize   GCC -O0 ASan+UBSan build in build-asan/, fewer seeds
#   extra arguments after the flag go to ctest (e.g. -L unit, -R queue)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mode=release
if [ "${1:-}" = "--sanitize" ]; then mode=sanitize; shift; fi
ensure_packages chromium clang-format libxml2-utils python3-boto3  # python3-boto3: the Python example handler; the sweep report's rendering test; the format check; JUnit schema validation
# Without the emulators (no npm registry, say) the unit tests still run; the conformance tests
# then fail, and so does this script, loudly, at the end.
emulators_missing=""
if ! ensure_emulators; then
  emulators_missing="the conformance emulators (dynalite, fauxqs) or the Node example's packages (examples/node) could not be installed with npm ci"
  log "WARNING: $emulators_missing; running the other tests first"
fi
if [ "$mode" = sanitize ]; then
  dir="$SLSIM_ROOT/build-asan"
  build_tree "$dir" -DCMAKE_BUILD_TYPE=Debug -DSLSIM_SANITIZE=ON -DSLSIM_WERROR=$SLSIM_WERROR -DSLSIM_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export RC_PARAMS="max_success=15"   # property tests loop over fewer seeds under the sanitizers
  export SLSIM_TEST_SCALE=0.1
else
  dir="$SLSIM_ROOT/build"
  build_tree "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLSIM_WERROR=$SLSIM_WERROR
fi
log "running tests ($mode)"
rc=0
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 600 "$@" || rc=$?
if [ -n "$emulators_missing" ]; then
  log "FAILED: $emulators_missing (see the npm output above); the conformance tests could not pass"
  [ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
