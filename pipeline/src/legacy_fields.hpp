#pragma once
// Scenario fields an earlier slsim had, read into their current form so older scenario
// files and traces keep loading (docs/architecture.md §6).
#include <nlohmann/json.hpp>
#include <vector>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline::detail {

/// Rewrites each legacy field of `overrides` into its replacement, or adds an issue naming
/// both when the two are given together or the old value has the wrong type.
void migrate_legacy_fields(nlohmann::json& overrides, std::vector<scenario_issue>& issues);

}  // namespace slsim::pipeline::detail
