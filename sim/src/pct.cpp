#include "slsim/sim/pct.hpp"

#include <algorithm>

namespace slsim::sim {

pct_schedule::pct_schedule(const pct_config& config, rng stream) : config_(config), stream_(stream) {
  if (config_.depth == 0) return;
  const std::uint64_t k = std::max<std::uint64_t>(1, config_.steps);
  // d−1 change points, each uniform over the k steps (the paper's k_1..k_{d−1}).
  for (std::uint32_t i = 1; i < config_.depth; ++i) change_points_.push_back(1 + stream_.next_u64() % k);
  std::sort(change_points_.begin(), change_points_.end());
}

std::uint64_t pct_schedule::initial_priority() noexcept {
  // 22 random bits above the depth: distinct but for about one run in 10^5 with a hundred
  // invocations, so the order of the tasks is a uniformly random permutation (two equal
  // priorities never hold each other: their events run in time order).
  return config_.depth + (stream_.next_u64() >> 42);  // 22 bits: the kernel's held keys carry it
}

std::uint64_t pct_schedule::step() noexcept {
  ++steps_;
  std::uint64_t lowered = 0;
  // The i-th change point (1-based) sets priority d − i: below every initial priority and
  // below the earlier change points', as in the paper.
  while (next_change_ < change_points_.size() && change_points_[next_change_] == steps_) {
    ++next_change_;
    lowered = config_.depth - next_change_;
  }
  return lowered;
}

}  // namespace slsim::sim
