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
  auto it = sites_.find(site);
  // A site is switched on for the whole run with probability 1/4 the first time it is
  // reached, then fires on 1 in 4 of its calls: rare enough to let runs make progress.
  if (it == sites_.end()) it = sites_.emplace(std::string(site), random_.bernoulli(0.25)).first;
  const bool fire = it->second && random_.bernoulli(0.25);
  if (fire) ctx_.emit({.kind = &k_buggify, .digest = sim::digest_bytes(site), .text = site});
  return fire;
}

}  // namespace slsim::pipeline::detail
