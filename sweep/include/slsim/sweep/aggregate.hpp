#pragma once
// Per-point figures across seeds: mean and spread of every metric, how many seeds held
// every property, false DLQ entries by cause.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "slsim/sweep/results.hpp"

namespace slsim::sweep {

struct spread {
  double mean = 0;
  double stddev = 0;  ///< sample standard deviation (0 for one seed)
  double min = 0;
  double max = 0;
};

struct point_summary {
  std::size_t point = 0;
  std::string settings;  ///< "esm.batch_size=10 queue.visibility_timeout_s=30"
  bool valid = true;
  std::string reason;      ///< why AWS would reject the point
  std::size_t cases = 0;   ///< seeds with figures
  std::size_t held = 0;    ///< seeds where every property held
  std::size_t errors = 0;  ///< seeds whose case failed to produce figures
  std::string first_error;
  std::array<spread, k_metric_count> metrics{};
  std::map<std::string, std::uint64_t> false_dlq_causes;  ///< summed over seeds
  std::map<std::string, std::size_t> violated;            ///< property → seeds violating it

  const spread& operator[](metric m) const noexcept { return metrics[static_cast<std::size_t>(m)]; }
  /// Ran, produced figures for every seed, and every property held on every seed.
  bool all_held() const noexcept { return valid && errors == 0 && cases > 0 && held == cases; }
};

/// One summary per grid point, in point order.
std::vector<point_summary> aggregate(const sweep_results& results);

}  // namespace slsim::sweep
