#pragma once
// What one run of a case found, in the form every check driver works with (docs/architecture.md §6):
// the in-process runner builds it directly, a worker process sends it to its parent as JSON
// (the "result" of each case in results.json) and the parent reads it back. A run stopped by
// a hang guard gets no property verdict: what it did not finish is not a violation.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "slsim/handler.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::properties {

/// One violation as a run reports it.
struct reported_violation {
  std::string property;
  std::string client_request_id;  ///< JSON "request_id"
  std::string message_id;
  std::string detail;
};

/// A handler that changed its plugin's process-global memory during a warm invocation
/// (api::global_state_finding): a finding, not a verdict.
struct reported_global_state {
  std::string object;            ///< the plugin file
  std::uint64_t bytes = 0;       ///< bytes that changed
  std::uint64_t invocation = 0;  ///< the invocation that changed them
};

/// What one run of a case found.
struct case_report {
  std::string hash;  ///< the trace hash, 16 hex digits
  bool ok = false;   ///< no counted violation (and no guard)
  bool hang = false;
  std::string guard;                          ///< hang: "bounds.wall_seconds" or "bounds.max_events"
  std::string guard_detail;                   ///< hang: the guard's message
  std::string last_event;                     ///< hang: the last trace record reached
  bool vacuous = false;                       ///< nothing accepted reached the handler (judged over the whole check)
  std::vector<std::string> violated;          ///< counted properties violated, vacuous excluded
  std::optional<reported_violation> primary;  ///< the first violation of the most important one
  std::vector<std::string> probes;            ///< coverage probes that fired
  std::optional<reported_global_state> global_state;

  bool violates(const std::string& property) const;
};

/// What one run of a case found while writing its trace.
struct traced_case {
  std::string hash;
  std::vector<reported_violation> violations;
};

void to_json(nlohmann::json& j, const reported_violation& v);
void from_json(const nlohmann::json& j, reported_violation& v);
void to_json(nlohmann::json& j, const case_report& r);
void from_json(const nlohmann::json& j, case_report& r);
void to_json(nlohmann::json& j, const traced_case& t);
void from_json(const nlohmann::json& j, traced_case& t);

/// The guard's own message ("wall-clock watchdog: run exceeded 5 s").
std::string guard_detail(const sim::run_result& run);

/// Runs `c` (every record also to `listener`, if given), checks the properties in `only`
/// (empty: all) and says which guard stopped it, if one did. With `points`, the run also
/// logs every point a keyed fault trigger can address (`slsim explore`).
case_report evaluate_case(const case_spec& c, const handler_definition& handler,
                          sim::trace_listener* listener = nullptr, const std::vector<property>& only = {},
                          faults::point_log* points = nullptr);

/// Runs `c` writing its trace to `path` (no file when empty; up to a crash, if the handler
/// crashes), every record also to `listener`, if given.
traced_case write_case_trace(const case_spec& c, const handler_definition& handler, const std::string& path,
                             sim::trace_listener* listener = nullptr);

/// The wall-clock guard of a case's scenario (bounds.wall_seconds).
double wall_seconds_of(const nlohmann::json& scenario);

}  // namespace slsim::properties
