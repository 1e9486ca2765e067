#include "slsim/metrics/metrics_config.hpp"

namespace slsim::metrics {

std::vector<models::violation> metrics_config::validate() const {
  models::validator v;
  // CloudWatch periods run from 1 s (high resolution) to a day for the statistics we export.
  v.check_range("metrics.sample_period_s", sample_period_s, 1, 86400, "CloudWatch period");
  return v.violations();
}

}  // namespace slsim::metrics
