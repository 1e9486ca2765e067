#!/usr/bin/env bash
# The main job: install what is missing, build, and run `slsim check` on the built-in
# example handler and scenario. Extra arguments go to `slsim check`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages
build_tree "$SLSIM_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
if "$SLSIM_ROOT/build/cli/slsim" check --help >/dev/null 2>&1; then
  exec "$SLSIM_ROOT/build/cli/slsim" check "$@"
fi
# Until the pipeline lands, the main job is the kernel's seeded demo run.
exec "$SLSIM_ROOT/build/cli/slsim" demo "$@"
