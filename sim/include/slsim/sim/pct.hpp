#pragma once
// Probabilistic concurrency testing over concurrent invocations (docs/exploration.md,
// Burckhardt et al., "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs",
// ASPLOS 2010). The tasks PCT schedules (handler invocations) get distinct random
// priorities; whenever several of them have an event due within `window` of the earliest
// one (and before any other component's next event), the highest-priority one runs first.
// At d−1 change points, drawn uniformly over the first `steps` scheduled steps, the
// running task's priority drops below every initial one. A bug of depth d among n such
// tasks and k steps is then hit with probability at least 1/(n·k^(d−1)) per run.
#include <cstdint>
#include <vector>

#include "slsim/sim/random.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::sim {

struct pct_config {
  std::uint32_t depth = 0;  ///< d; 0: PCT off (the kernel orders by time, then tie order)
  time_ns window = 0;       ///< events of scheduled tasks within this of the earliest one compete
  std::uint64_t steps = 1;  ///< k: change points are drawn from steps [1, k]
};

/// The PCT state of one run: priorities and change points, all drawn from one stream.
class pct_schedule {
 public:
  pct_schedule() = default;
  pct_schedule(const pct_config& config, rng stream);

  bool on() const noexcept { return config_.depth > 0; }
  time_ns window() const noexcept { return config_.window; }
  /// A fresh task's initial priority: random, and above every changed one (>= depth).
  std::uint64_t initial_priority() noexcept;
  /// Counts one step of a scheduled task; the priority it must take now if this step is a
  /// change point (0: none).
  std::uint64_t step() noexcept;

 private:
  pct_config config_;
  rng stream_{0};
  std::vector<std::uint64_t> change_points_;  // sorted ascending
  std::size_t next_change_ = 0;
  std::uint64_t steps_ = 0;
};

}  // namespace slsim::sim
