#pragma once
// Case generation and shrinking with RapidCheck (docs/architecture.md §6): a seed fixes one case
// (workload size, the scenario's `vary` values, a swarm fault plan, the simulator seed);
// shrinking works on all of them jointly toward fewer requests, fewer faults and
// simpler settings, keeping the property that failed.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/properties/case.hpp"

namespace rc {
template <typename T>
class Gen;
}  // namespace rc

namespace slsim::properties {

struct generation_options {
  bool faults = true;  ///< swarm faults on (each case enables a random subset of fault kinds)
  /// The schedules a case draws one of (each a `schedule` object merged into the case's
  /// scenario: tie order, PCT), shrinking toward the first; empty: the scenario's own.
  /// The draw comes after every other, so it shifts none of them.
  std::vector<nlohmann::json> schedules;
};

/// The schedules of an exploration strategy (docs/exploration.md): "fifo", "reverse",
/// "random" (tie orders), "ties" (all three), "delays" (the three, with 2% of network hops
/// delayed by a heavy-tailed extra), "pct:d=D[,w=MS][,k=STEPS]"
/// (PCT over concurrent invocations, with fifo ties), "portfolio" (fifo, reverse, random,
/// pct:d=2, pct:d=3). "" is the default: none drawn (the scenario's own schedule) when
/// `scenario_sets_schedule`, else "ties". nullopt, with `problem` set, for anything else.
std::optional<std::vector<nlohmann::json>> exploration_schedules(std::string_view strategy, bool scenario_sets_schedule,
                                                                 std::string* problem);

/// The case a check seed stands for, derived from the base scenario document.
case_spec generate_case(const nlohmann::json& base_scenario, std::uint64_t seed, const generation_options& options);

/// The generator behind generate_case, for RapidCheck properties over cases: its
/// shrinks are those shrink_case walks (include <rapidcheck.h> to use it).
rc::Gen<case_spec> case_generator(const nlohmann::json& base_scenario, const generation_options& options);

/// Shrinks the case of `seed` while `still_fails(candidate)` holds; returns the smallest
/// failing case found within `max_runs` candidate runs. The first argument of
/// `still_fails` is a candidate, already in its final form.
case_spec shrink_case(const nlohmann::json& base_scenario, std::uint64_t seed, const generation_options& options,
                      const std::function<bool(const case_spec&)>& still_fails, int max_runs, int* runs_used = nullptr);

}  // namespace slsim::properties
