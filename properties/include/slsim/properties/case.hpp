#pragma once
// A case: everything one checked run depends on — the simulator seed, the effective
// scenario (with the generated `vary` values and workload size), and the fault plan.
// Case files are this struct as JSON; `slsim run --case FILE` re-runs one.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "slsim/faults/fault_plan.hpp"
#include "slsim/faults/injector.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/oracles.hpp"
#include "slsim/traces/format.hpp"

namespace slsim::properties {

inline constexpr int k_case_version = 1;

struct case_spec {
  std::uint64_t seed = 1;                              ///< the simulator's seed
  nlohmann::json scenario = nlohmann::json::object();  ///< the effective scenario document
  faults::fault_plan plan;
  std::string handler = "reference";
};

void to_json(nlohmann::json& j, const case_spec& c);
/// Throws pipeline::scenario_error naming `source` and the JSON path on malformed input.
case_spec case_from_json(const nlohmann::json& j, const std::string& source);
case_spec read_case_file(const std::string& path);
void write_case_file(const std::string& path, const case_spec& c);

/// What one checked run produced.
struct case_result {
  pipeline::run_outcome outcome;
  verdict result;
  std::uint64_t trace_hash = 0;
  std::vector<faults::fired_fault> fired;
};

/// Runs a case with its faults and checks every property. `trace` may be null. `points`,
/// when given, receives every trigger point the run reached (`slsim explore`).
/// `records`: record_mode::folded keeps the oracles' facts folded as the run goes (memory
/// flat in the run's length, the same verdict); it is used only where it applies (a standard
/// queue, an effect contract with expected(payload), no `points`), otherwise the records are full.
case_result run_and_check(const case_spec& c, const handler_definition& handler, sim::trace_listener* trace = nullptr,
                          const std::string& metrics_file = {}, faults::point_log* points = nullptr,
                          pipeline::record_mode records = pipeline::record_mode::full);

/// Runs a case with its faults for its trace alone (`replay`): the same run event for event
/// as run_and_check, without the oracles and without the records only they read, so its
/// memory is the models' own. The outcome holds the run's status, counts and ids.
pipeline::run_outcome run_for_trace(const case_spec& c, const handler_definition& handler, sim::trace_listener& trace);

/// The header of a trace of `c`: the slsim version, the handler, the case, and the plugin's
/// build id when c.handler names a plugin file (so replay can tell a rebuilt handler).
traces::trace_header trace_header_of(const case_spec& c);

/// The case in words: the requests, faults and settings that matter.
std::string describe_case(const case_spec& c);

}  // namespace slsim::properties
