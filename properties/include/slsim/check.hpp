#pragma once
// The user API for a handler's own GoogleTest suite (docs/architecture.md §6): `slsim::check` runs
// what `slsim check` runs — generated cases (workload, swarm fault plan, the scenario's
// `vary` fields), every property, shrinking of the first failure — in-process, and
// returns a result that prints like the command; `gen_case` and `rc_check_case` let a
// user write RapidCheck properties over generated cases.
//
//   TEST(my_handler, holds_every_property) {
//     slsim::check_options options;
//     options.out_dir = "slsim-out";          // where a failing case's file and trace go
//     const auto r = slsim::check(my_handler(), options);
//     EXPECT_TRUE(r.passed) << r;              // property, shrunk case in words, replay line
//   }
//   RC_GTEST_PROP(my_handler, exactly_once, ()) {
//     slsim::rc_check_case(my_handler(), *slsim::gen_case(my_scenario()));
//   }
//
// Reproducing a failure:
// - a case file (written to out_dir): `options.case_file = "slsim-out/case-N.json"`, or
//   `slsim run --case FILE --handler NAME|PLUGIN` (the result's `replay` line);
// - a seed: `options.first_seed = S; options.seeds = 1;` (the unshrunk case of seed S,
//   the same case `slsim check --seed S` runs);
// - a RapidCheck property: run the test binary with the environment variable RapidCheck
//   prints on failure, `RC_PARAMS="reproduce=..."` (it replays the shrunk counterexample;
//   `RC_PARAMS="max_success=20"` bounds the number of cases, `noshrink=1` skips shrinking).
//
// Cases run in the calling process (no worker processes, unlike `slsim check`): a handler
// that crashes the process (SIGSEGV) ends the test binary; run `slsim check --handler
// PLUGIN` for crash isolation. RapidCheck is static and not PIC: link this into test
// executables, never into a shared library.
#include <rapidcheck.h>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "slsim/handler.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/check_driver.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim {

/// What `slsim::check` varies and checks (the flags of `slsim check`, docs/architecture.md §10).
struct check_options {
  /// The effective scenario, effect contract included (default: the built-in one); cases
  /// vary its workload, the fault plan and its `vary` fields only.
  pipeline::scenario scenario = pipeline::builtin_scenario();
  int seeds = 100;               ///< number of generated cases (`--seeds`)
  std::uint64_t first_seed = 1;  ///< seed of the first case (`--base-seed`; with seeds = 1, `--seed`)
  bool faults = true;            ///< swarm faults on (`--no-faults` turns them off)
  bool shrink = true;            ///< shrink the first failing case
  int max_shrink_runs = 1000;    ///< bound on the candidate runs of shrinking
  /// The properties that count as failures; empty: all of them.
  std::vector<properties::property> properties;
  /// Where the failing case's file (case-SEED.json) and trace (case-SEED.trace.jsonl) are
  /// written; created if missing. Empty: nothing is written (the case is printed as JSON).
  std::string out_dir;
  /// Re-check this case file instead of generating cases (reproduction; no shrinking).
  std::string case_file;
  /// Probes (properties::k_probe_names, or "all") that must fire in at least one case.
  std::vector<std::string> require_coverage;
  /// Stop at the first case that does not pass (the remaining cases are not run); false:
  /// run every case, as `slsim check` does, and report the first failure.
  bool stop_at_first_failure = true;
  /// The exploration strategy (`--explore`, docs/exploration.md: "ties", "reverse",
  /// "random", "pct:d=2", "portfolio", ...); "": the default, varied tie orders ("ties")
  /// while `scenario.schedule` is the default one (fifo ties, PCT off), else that schedule.
  std::string explore;
};

/// What `slsim::check` found: the report `slsim check` makes too (properties::check_report;
/// its fields are documented there). Prints (operator<<, describe()) like `slsim check`.
using check_result = properties::check_report;

/// Property-checks `handler` over generated cases (or options.case_file), in-process, with
/// the driver `slsim check` uses (properties::run_check). Stops at the first failing case
/// (unless told otherwise) and shrinks it. Throws pipeline::scenario_error for a
/// malformed case file or scenario, std::invalid_argument for an unknown probe name.
check_result check(const handler_definition& handler, const check_options& options = {});

/// A RapidCheck generator of cases over `s` (workload size, `vary` fields, swarm faults
/// when options.faults, the simulator seed); it shrinks jointly toward fewer requests,
/// fewer faults and simpler settings, like `slsim check`'s shrinker.
rc::Gen<properties::case_spec> gen_case(const pipeline::scenario& s = pipeline::builtin_scenario(),
                                        const properties::generation_options& options = {});

/// Runs `c` against `handler` and fails the current RapidCheck property (RC_FAIL) if a
/// property in `only` (empty: all) is violated, naming the property, the violation and
/// the case in words. Call it from the body of an RC_GTEST_PROP (or rc::check); it
/// returns the run's outcome and verdict for further RC_ASSERTs of the caller's own.
properties::case_result rc_check_case(const handler_definition& handler, properties::case_spec c,
                                      const std::vector<properties::property>& only = {});

}  // namespace slsim

namespace slsim::properties {
/// How RapidCheck shows a generated case in a counterexample: the case in words, then
/// its case file's JSON (save it to a file and set check_options::case_file to re-run it).
void showValue(const case_spec& c, std::ostream& os);
}  // namespace slsim::properties
