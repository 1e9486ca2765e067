#pragma once
// What a worker does with one case (check, sweep, run): run it with its faults, check the
// properties, and say which hang guard stopped it, if one did. A run stopped by a guard
// gets no property verdict: what it did not finish is not a violation (exit 4, not 1).
#include <nlohmann/json.hpp>
#include <string>

#include "breadcrumb.hpp"
#include "slsim/handler.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::cli {

/// The guard's own message ("wall-clock watchdog: run exceeded 5 s").
std::string guard_detail(const sim::run_result& run);

/// {"ok", "hash", "hang", "guard", "guard_detail", "violated", "primary", "probes"}.
nlohmann::json evaluate_case(const properties::case_spec& c, const handler_definition& handler, breadcrumb& crumb);

/// Runs `c` writing its trace to `path` (up to a crash, if the handler crashes).
/// Returns {"hash": ...}.
nlohmann::json write_case_trace(const properties::case_spec& c, const handler_definition& handler,
                                const std::string& path, breadcrumb& crumb);

/// The wall-clock guard of a case's scenario (bounds.wall_seconds).
double wall_seconds_of(const nlohmann::json& scenario);

}  // namespace slsim::cli
