#pragma once
// What a worker does with one case (check, sweep, run): properties::evaluate_case and
// write_case_trace with the worker's breadcrumb attached, so a killed worker still names
// the last event it reached.
#include <string>

#include "breadcrumb.hpp"
#include "slsim/handler.hpp"
#include "slsim/properties/case_report.hpp"

namespace slsim::cli {

using properties::case_report;
using properties::guard_detail;
using properties::reported_violation;
using properties::traced_case;
using properties::wall_seconds_of;

/// Runs `c`, checks the properties and says which guard stopped it (and the last event it reached).
case_report evaluate_case(const properties::case_spec& c, const handler_definition& handler, breadcrumb& crumb);

/// Runs `c` writing its trace to `path` (up to a crash, if the handler crashes).
traced_case write_case_trace(const properties::case_spec& c, const handler_definition& handler, const std::string& path,
                             breadcrumb& crumb);

}  // namespace slsim::cli
