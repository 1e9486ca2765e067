#pragma once
// What `slsim check` concluded about each case (properties::checked_case, from a worker's
// result), and its report files (results.json, JUnit XML), written through io::output_file
// so a failed write is exit 2, never a silent or truncated report.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "case_eval.hpp"
#include "slsim/properties/check_driver.hpp"
#include "workers.hpp"

namespace slsim::cli {

using properties::case_outcome;
using properties::checked_case;

/// The case report a worker returned; nullopt when it did not report one (it crashed, exited,
/// timed out or was not run), reported an error, or returned something malformed.
std::optional<case_report> report_of(const worker_result& r);

/// Classifies a worker's result (a handler crash or exit is no_crash; a guard is a hang).
checked_case classify(const worker_result& r);
/// The same, named (`explore`'s placements).
checked_case classify(std::string name, const worker_result& r);

/// results.json's per-case entries.
nlohmann::json results_json(const std::vector<checked_case>& cases);

}  // namespace slsim::cli
