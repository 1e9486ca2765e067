#include "slsim/faults/buggify.hpp"

#include "slsim/sim/trace_record.hpp"

namespace slsim::faults {
namespace {
constexpr sim::event_kind k_buggify{"fault", "buggify"};
}  // namespace

bool buggify_sites::fire(std::string_view site) {
  // Both draws are keyed (the site's name; the site and the instant), not taken in the
  // order sites are reached, so shrinking a workload does not switch sites or hits it
  // keeps (docs/architecture.md §6).
  const std::uint64_t name = sim::fnv1a64(site);
  auto it = sites_.find(site);
  if (it == sites_.end()) it = sites_.emplace(std::string(site), random_.at(name).bernoulli(0.25)).first;
  const bool hit = it->second && random_.at(hits_.next(ctx_.now(), name)).bernoulli(0.25);
  if (hit) ctx_.emit({.kind = &k_buggify, .digest = sim::digest_bytes(site), .text = site});
  return hit;
}

}  // namespace slsim::faults
