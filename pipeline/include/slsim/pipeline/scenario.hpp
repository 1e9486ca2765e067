#pragma once
// A scenario: the whole pipeline's configuration as one JSON document (versioned), with
// AWS defaults under a built-in scenario, and precedence CLI > file > built-in > AWS
// default (docs/architecture.md §6). Loading reports every problem with its JSON path.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "slsim/esm/config.hpp"
#include "slsim/gateway/config.hpp"
#include "slsim/iam/config.hpp"
#include "slsim/metrics/metrics_config.hpp"
#include "slsim/queue/config.hpp"
#include "slsim/runtime/config.hpp"
#include "slsim/store/config.hpp"

namespace slsim::pipeline {

inline constexpr int k_scenario_version = 1;

/// A counter the effect contract checks: for every accepted valid request, `sum_field`
/// of its payload is added to item {pk: payload[key_field]} attribute `attribute` of
/// `table`; its final value must equal that sum.
struct counter_spec {
  std::string table = "totals";
  std::string key_field = "customerId";
  std::string attribute = "total";
  std::string sum_field = "amount";
};

/// The effect contract (docs/architecture.md §6): what a correct handler writes.
struct effects_config {
  std::string result_table = "results";
  std::string request_id_attribute = "pk";       ///< the result item's attribute holding the client requestId
  std::string expected = "reference_transform";  ///< the pure expected(payload) → item, "" for none
  std::vector<counter_spec> counters{counter_spec{}};
};

/// Bounds of one run: hang guards and the liveness phase (docs/architecture.md §2, §6).
struct run_bounds {
  std::int64_t max_events = 50'000'000;
  double wall_seconds = 120;
  double drain_poll_s = 1;   ///< how often the liveness phase checks for quiescence
  double extra_drain_s = 0;  ///< added to the computed liveness bound
};

/// What a scenario declares about its own runs (docs/architecture.md §6).
struct expectations {
  /// A run in which no request was accepted, or no message reached the handler, is
  /// expected (e.g. a scenario about the gateway's rejections); otherwise it fails as
  /// the property `vacuous`.
  bool vacuous = false;
};

/// How the kernel orders events that share an instant (sim::tie_order). Part of the
/// scenario, so a case file replays the order it ran with; `vary` may choose it.
/// PCT over concurrent invocations (sim::pct_config, docs/exploration.md): off at depth 0.
struct pct_settings {
  int depth = 0;            ///< d: the bug depth aimed at (d−1 priority change points); 0: off
  double window_ms = 20.0;  ///< invocation events due within this of each other compete by priority
  std::int64_t steps = 0;   ///< k: change points are drawn over this many steps; 0: estimated per case
};

/// Delay perturbation (docs/exploration.md): rare heavy-tailed extra latency on network hops.
struct hop_delay_settings {
  double probability = 0.0;  ///< share of hops delayed; 0: off
  double max_ms = 1000.0;    ///< the longest extra delay
};

struct schedule_config {
  std::string tie_order = "fifo";  ///< fifo | reverse | random
  pct_settings pct;
  hop_delay_settings hop_delays;
};

struct scenario {
  int version = k_scenario_version;
  std::string name = "builtin";
  gateway::gateway_config gateway;
  gateway::client_config clients;
  queue::queue_config queue;
  queue::queue_config dlq;
  esm::esm_config esm;
  runtime::function_config function;
  store::store_config store;
  iam::iam_config iam;
  metrics::metrics_config metrics;
  effects_config effects;
  nlohmann::json vary = nlohmann::json::object();    ///< fields `check` may generate, with ranges
  nlohmann::json faults = nlohmann::json::object();  ///< fault settings (kinds, intensities)
  run_bounds bounds;
  schedule_config schedule;
  expectations expect;
};

/// One problem found while loading a scenario.
struct scenario_issue {
  std::string path;     ///< JSON pointer, e.g. "/queue/visibility_timeout_s"
  std::string message;  ///< what was expected
};

/// A scenario that cannot be used: every issue, prefixed with the file name.
class scenario_error : public std::runtime_error {
 public:
  scenario_error(const std::string& source, std::vector<scenario_issue> issues);
  const std::vector<scenario_issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<scenario_issue> issues_;
};

/// The built-in scenario: the reference pipeline with AWS defaults where it does not
/// deliberately deviate (and every deviation is commented in builtin_scenario.cpp).
const scenario& builtin_scenario();

/// The effective scenario of `overrides` (a partial scenario document) applied over the
/// built-in one. Throws scenario_error naming `source` and each problem's JSON path:
/// unknown fields, wrong types, unknown enum values, values outside AWS's ranges.
scenario load_scenario(const nlohmann::json& overrides, const std::string& source = "scenario");
/// Checks that each `vary` range's ends give a valid scenario (the other fields as in
/// `s`), so `check` never generates cases the models reject. Throws scenario_error naming
/// `source`, the /vary entry, the value and the field it breaks.
void check_vary_values(const scenario& s, const std::string& source = "scenario");
/// Reads and loads a scenario file (JSON syntax errors report line and column).
scenario load_scenario_file(const std::string& path);
/// Applies `--set`-style overrides: each entry is "json/pointer=value" where value is JSON
/// (or a bare string). Throws scenario_error for a path the scenario does not have.
nlohmann::json apply_settings(nlohmann::json document, const std::vector<std::string>& settings,
                              const std::string& source = "--set");

void to_json(nlohmann::json& j, const scenario& s);
/// A JSON Schema (draft 2020-12) of scenario files, derived from the built-in scenario.
nlohmann::json scenario_schema();

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(counter_spec, table, key_field, attribute, sum_field)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(effects_config, result_table, request_id_attribute, expected, counters)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(expectations, vacuous)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(pct_settings, depth, window_ms, steps)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(hop_delay_settings, probability, max_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(schedule_config, tie_order, pct, hop_delays)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(run_bounds, max_events, wall_seconds, drain_poll_s, extra_drain_s)

}  // namespace slsim::pipeline
