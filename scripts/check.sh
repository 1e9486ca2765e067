#!/usr/bin/env bash
# The main job: install what is missing, build, and run `slsim check` on the built-in
# example handler and scenario. Extra arguments go to `slsim check`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages
# Only the program the job runs (its built-in handlers are linked in): the tests, benchmarks
# and examples are built by scripts/test.sh, in the same tree, when it runs.
build_tree "$SLSIM_ROOT/build" --target slsim -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLSIM_WERROR=$SLSIM_WERROR
exec "$SLSIM_ROOT/build/cli/slsim" check "$@"
