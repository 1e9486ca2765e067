#!/usr/bin/env bash
# The main job: install what is missing, build, and run `slsim check` on the built-in
# example handler and scenario. Extra arguments go to `slsim check`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages
# The Node.js example (slsim check --handler-cmd 'node examples/node/bootstrap.mjs index.handler')
# needs its packages; the built-in C++ handler this job checks does not, so a failure only warns.
if command -v npm >/dev/null 2>&1; then ensure_node_example || log "WARNING: npm ci --prefix examples/node failed"; fi
# Only the program the job runs (its built-in handlers are linked in): the tests, benchmarks
# and examples are built by scripts/test.sh, in the same tree, when it runs.
build_tree "$SLSIM_ROOT/build" --target slsim -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLSIM_WERROR=$SLSIM_WERROR
exec "$SLSIM_ROOT/build/cli/slsim" check "$@"
