#include "world_parts.hpp"

namespace slsim::pipeline::detail {
namespace {
constexpr sim::event_kind k_log{"handler", "log", {"invocation"}};
constexpr sim::event_kind k_buggify{"fault", "buggify"};
}  // namespace

void sim_hooks::log(std::uint64_t invocation, std::string_view line) {
  ctx_.emit({.kind = &k_log, .ids = {invocation}, .text = line});
  record_.logs.push_back({ctx_.now(), invocation, std::string(line)});
}

bool sim_hooks::buggify(std::string_view site) {
  if (!enabled_) return false;
  // A site is switched on for the whole run with probability 1/4, then fires on 1 in 4 of
  // its calls: rare enough to let runs make progress. Both draws are keyed (the site's
  // name; the site and the instant), not taken in the order sites are reached, so
  // shrinking a workload does not switch sites or hits it keeps (docs/architecture.md §6).
  const std::uint64_t name = sim::fnv1a64(site);
  auto it = sites_.find(site);
  if (it == sites_.end()) it = sites_.emplace(std::string(site), random_.at(name).bernoulli(0.25)).first;
  const bool fire = it->second && random_.at(hits_.next(ctx_.now(), name)).bernoulli(0.25);
  if (fire) ctx_.emit({.kind = &k_buggify, .digest = sim::digest_bytes(site), .text = site});
  return fire;
}

}  // namespace slsim::pipeline::detail
