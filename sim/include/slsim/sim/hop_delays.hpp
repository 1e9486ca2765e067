#pragma once
// Delay perturbation (docs/exploration.md): rare, heavy-tailed extra latency on the network
// hops of the models (store calls, the ESM's invoke and delete hops, the gateway's
// integration), as FoundationDB's simulator does, so that events a few milliseconds apart
// sometimes cross. Draws come from the run's own stream("hop_delays"): turning it on shifts
// no model's draws, and off it draws nothing (byte-identical runs).
#include "slsim/sim/random.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::sim {

struct hop_delay_config {
  double probability = 0.0;  ///< share of hops that get an extra delay; 0: off
  time_ns max = 0;           ///< the longest extra delay (the tail is cut here)
};

class hop_delays {
 public:
  hop_delays() = default;
  hop_delays(const hop_delay_config& config, rng stream) noexcept : config_(config), rng_(stream) {}

  bool on() const noexcept { return config_.probability > 0 && config_.max > 0; }

  /// The extra delay of one hop: 0 for most; else Pareto (x_min 1 ms, alpha 1: P(> x) =
  /// 1 ms / x), cut at `max`, so most extras are a few milliseconds and a few are long.
  time_ns draw() noexcept {
    if (!on() || !rng_.bernoulli(config_.probability)) return 0;
    const double u = 1.0 - rng_.uniform01();  // (0, 1]
    const double extra = static_cast<double>(k_millisecond) / u;
    return extra >= static_cast<double>(config_.max) ? config_.max : static_cast<time_ns>(extra);
  }

 private:
  hop_delay_config config_;
  rng rng_{0};
};

}  // namespace slsim::sim
