#pragma once
// Each `slsim` subcommand registers itself on the CLI11 app and returns the exit code
// through `result` (docs/architecture.md §11: 0 ok, 1 violation, 2 bad input, 3 nondeterminism, 4 hang, 70 model bug,
// 130/143 interrupted).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace slsim::cli {

/// The version of results.json written by `check` and `merge` of check shards.
inline constexpr int k_check_results_version = 1;

enum exit_code : int {
  k_ok = 0,
  k_violation = 1,
  k_bad_input = 2,
  k_nondeterminism = 3,
  k_hang = 4,
  k_model_bug = 70  ///< SLSIM_ASSERT failed in a worker: a bug in slsim (sim/model_bug.hpp)
};

/// `slsim --version`: the slsim version and the versions of the file formats it reads and writes.
std::string version_text();

/// Runs a command body; bad input of any kind (scenario, config, trace, files) prints a
/// clear message and yields exit code 2 instead of escaping.
int guarded(const std::function<int()>& body);

/// `slsim run`: one case, its summary and verdict.
void add_run_command(CLI::App& app, int& result);
/// `slsim check`: property-check a handler over many generated cases.
void add_check_command(CLI::App& app, int& result);
/// `slsim explore`: every placement of up to N faults in one case: a counterexample or a certificate.
void add_explore_command(CLI::App& app, int& result);
/// `slsim handlers`: the built-in handlers, one line each.
void add_handlers_command(CLI::App& app, int& result);
/// `slsim scenario`: the effective scenario, or its JSON Schema.
void add_scenario_command(CLI::App& app, int& result);

/// `slsim demo`: runs the kernel's self-contained workload for a seed.
void add_demo_command(CLI::App& app, int& result);
/// `slsim replay TRACE`: re-run the trace's case; exit 3 at the first divergence.
void add_replay_command(CLI::App& app, int& result);
/// `slsim timeline TRACE --request ID`: one request's life.
void add_timeline_command(CLI::App& app, int& result);
/// `slsim lint`: known pitfalls of a scenario.
void add_lint_command(CLI::App& app, int& result);
/// `slsim export TRACE --format perfetto -o FILE`.
void add_export_command(CLI::App& app, int& result);
/// `slsim diff A B`: first divergent event of two traces; exit 3 when they differ.
void add_diff_command(CLI::App& app, int& result);

/// `slsim sweep`: a grid of settings over common seeds, with figures, cost and a report.
void add_sweep_command(CLI::App& app, int& result);
/// `slsim merge DIR...`: combine shard outputs of sweep or check.
void add_merge_command(CLI::App& app, int& result);

}  // namespace slsim::cli
