#pragma once
// Metrics configuration (scenario key "metrics").
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "slsim/models/validation.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::metrics {

/// How often the sampler records series. CloudWatch's standard resolution is 60 s.
struct metrics_config {
  bool enabled = true;
  std::int64_t sample_period_s = 60;

  sim::time_ns period() const noexcept { return sim::seconds(sample_period_s); }
  /// Every violation, with JSON paths ("metrics.sample_period_s").
  std::vector<models::violation> validate() const;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(metrics_config, enabled, sample_period_s)

}  // namespace slsim::metrics
