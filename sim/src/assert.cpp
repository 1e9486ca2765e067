#include "slsim/sim/assert.hpp"

#include <cstdio>
#include <cstdlib>

#include "slsim/sim/model_bug.hpp"

namespace slsim::sim::detail {

void assertion_failed(const char* condition, const char* file, int line, const char* message) noexcept {
  // stdio, not iostreams or fmt: this runs when the model's state is already broken.
  std::fprintf(stderr, "slsim model invariant violated: %s\n  at %s:%d\n  %s\n  (a bug in slsim, not in the handler)\n",
               condition, file, line, message);
  std::fflush(stderr);
  std::_Exit(k_model_bug_exit_code);
}

}  // namespace slsim::sim::detail
