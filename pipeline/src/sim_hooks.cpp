#include "world_parts.hpp"

namespace slsim::pipeline::detail {
namespace {
constexpr sim::event_kind k_log{"handler", "log", {"invocation"}};
}  // namespace

void sim_hooks::log(std::uint64_t invocation, std::string_view line) {
  ctx_.emit({.kind = &k_log, .ids = {invocation}, .text = line});
  record_.logs.push_back({ctx_.now(), invocation, std::string(line)});
}

}  // namespace slsim::pipeline::detail
