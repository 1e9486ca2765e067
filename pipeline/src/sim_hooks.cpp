#include "world_parts.hpp"

namespace slsim::pipeline::detail {

// The line is a trace record only: the run keeps no copy (pipeline::log_collector gathers them).
void sim_hooks::log(std::uint64_t invocation, std::string_view line) {
  ctx_.emit({.kind = &k_handler_log, .ids = {invocation}, .text = line});
}

}  // namespace slsim::pipeline::detail
