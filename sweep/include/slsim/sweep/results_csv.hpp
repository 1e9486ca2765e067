#pragma once
// results.csv: one row per grid point — its settings, validity, mean and standard
// deviation of every metric, property verdicts. Deterministic: the same sweep gives the
// same bytes (no timestamps, fixed number formatting).
#include <string>
#include <vector>

#include "slsim/sweep/aggregate.hpp"

namespace slsim::sweep {

std::string results_csv(const sweep_results& results, const std::vector<point_summary>& points);

}  // namespace slsim::sweep
