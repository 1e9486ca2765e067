#pragma once
// Exports of sampled series (`slsim run --metrics FILE`): CSV and JSON, both listing
// (series name, timestamp in virtual seconds, value) in a deterministic order.
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "slsim/metrics/registry.hpp"

namespace slsim::metrics {

/// Writes "series,unit,timestamp_s,value" and one line per point, in sampling order.
void write_csv(std::ostream& out, const registry& reg);

/// {"series": [{"name", "unit", "points": [[timestamp_s, value], ...]}, ...]} in
/// registration order; a series without points is listed with an empty array.
nlohmann::json to_json(const registry& reg);

}  // namespace slsim::metrics
