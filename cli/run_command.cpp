// `slsim run`: one case, its summary and verdict (docs/architecture.md §10).
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <optional>

#include "case_eval.hpp"
#include "commands.hpp"
#include "handler_resolution.hpp"
#include "isolated_run.hpp"
#include "number_options.hpp"
#include "scenario_options.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/oracles.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "slsim/version.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {
struct run_options {
  scenario_options scenario;
  std::uint64_t seed = 1;
  std::string case_file;
  std::string trace_file;
  std::string metrics_file;
  bool handler_given = false;
  bool json = false;
};

// The child's part: everything that runs handler code. Returns {"text", "code"}: what
// to print and the exit code; the parent prints it (the child's stdout is stderr).
nlohmann::json run_in_child(const run_options& o, properties::case_spec c, const std::string& handler_name,
                            const handler_definition& handler, const pipeline::scenario& s, breadcrumb& crumb) {
  std::optional<traces::trace_writer> writer;
  if (!o.trace_file.empty()) writer.emplace(o.trace_file, properties::trace_header_of(c));
  breadcrumb_listener listener(crumb, writer ? &*writer : nullptr);
  // The oracles' facts are folded as the run goes: a long run's memory does not grow with
  // its length (docs/architecture.md §8).
  const auto checked =
      properties::run_and_check(c, handler, &listener, o.metrics_file, nullptr, pipeline::record_mode::folded);
  const auto& outcome = checked.outcome;
  if (writer)  // a failed trace write is reported here (exit 2 naming the file), never from a destructor
    writer->finish(
        {outcome.run.records, outcome.run.trace_hash, sim::to_string(outcome.run.status), outcome.run.end_time});
  const auto sum = pipeline::summarize(outcome, s);
  const bool hang = outcome.run.hang();
  // A run a guard stopped gets no property verdict (it did not finish): exit 4.
  const auto& verdict = checked.result;
  nlohmann::json violations = nlohmann::json::array();
  if (!hang)
    for (const auto& v : verdict.violations)
      violations.push_back({{"property", properties::to_string(v.what)},
                            {"request_id", v.client_request_id},
                            {"message_id", v.message_id},
                            {"detail", v.detail}});
  const auto hash = fmt::format("{:016x}", outcome.run.trace_hash);
  const int code = hang ? int{k_hang} : verdict.ok() ? int{k_ok} : int{k_violation};
  std::string text;
  if (o.json) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& [id, n] : pipeline::result_writes_by_request(outcome, s))
      results.push_back({{"request_id", id}, {"writes", n}});
    nlohmann::json dlq = nlohmann::json::array();
    for (const auto& m : outcome.dlq) dlq.push_back({{"message_id", m.message_id}, {"receive_count", m.receive_count}});
    nlohmann::json j{{"seed", c.seed},
                     {"handler", handler_name},
                     {"status", sim::to_string(outcome.run.status)},
                     {"trace_hash", hash},
                     {"accepted", sum.accepted},
                     {"results", results},
                     {"dlq", dlq},
                     {"drained", outcome.drained},
                     {"verdict", hang           ? "hang"
                                 : verdict.ok() ? "pass"
                                                : "fail"},
                     {"violations", violations},
                     {"virtual_seconds", sum.virtual_seconds},
                     {"summary", sum}};
    if (hang) j["guard"] = {{"name", properties::guard_name(outcome.run)}, {"detail", guard_detail(outcome.run)}};
    text = j.dump() + "\n";
  } else {
    text = fmt::format("seed {}  handler {}  status {}  trace_hash {}\n{}", c.seed, handler_name,
                       sim::to_string(outcome.run.status), hash, pipeline::format_summary(sum));
    if (hang) {
      text += fmt::format("verdict      HANG: guard {} fired: {}; last event: {}\n",
                          properties::guard_name(outcome.run), guard_detail(outcome.run), describe(crumb));
      text += "             no property verdict (the run did not finish)\n";
    } else if (verdict.ok()) {
      text += "verdict      pass (every property holds)\n";
    } else {
      text += fmt::format("verdict      FAIL: {} violation(s)\n", verdict.violations.size());
      std::size_t shown = 0;
      for (const auto& v : verdict.violations) {
        if (++shown > 10) break;
        text += fmt::format("  {:<13} {} {} {}\n", properties::to_string(v.what), v.client_request_id, v.message_id,
                            v.detail);
      }
    }
  }
  return {{"text", text}, {"code", code}};
}

// The run's output files, checked before it starts: one file named twice would hold only
// the last writer's content, and a metrics file that cannot be written would fail the
// command after the run, with its trace already written.
void check_outputs(const run_options& o) {
  if (!o.trace_file.empty() && !o.metrics_file.empty() &&
      std::filesystem::weakly_canonical(o.trace_file) == std::filesystem::weakly_canonical(o.metrics_file))
    throw std::invalid_argument(
        fmt::format("--trace and --metrics name the same file ({}): give each its own", o.trace_file));
  if (!o.metrics_file.empty()) io::output_file probe(o.metrics_file);  // removed unwritten; throws naming the file
}

int run(const run_options& o) {
  check_outputs(o);
  // The case: from a case file (a shrunk counterexample), or the scenario with --seed and no faults.
  properties::case_spec c;
  if (!o.case_file.empty()) {
    // The case file carries its scenario (and an external handler's command): these flags
    // would be silently ignored, and the run would not be the one asked for.
    if (!o.scenario.scenario_file.empty() || !o.scenario.settings.empty() || o.scenario.shim ||
        !o.scenario.handler_cmd.empty())
      throw std::invalid_argument(
          "--case runs the case file's own scenario: --scenario, --set, --shim and --handler-cmd do not apply to "
          "it (edit the case file's \"scenario\" instead)");
    c = properties::read_case_file(o.case_file);
  } else {
    c.seed = o.seed;
    c.scenario = o.scenario.load();
    c.handler = o.scenario.handler;
  }
  const std::string handler_name =
      o.handler_given || o.case_file.empty() ? o.scenario.handler : recorded_handler(c.handler, o.case_file);
  const handler_definition& handler = resolve_handler(handler_name);
  const pipeline::scenario s = pipeline::load_scenario(c.scenario, o.case_file.empty() ? "scenario" : o.case_file);
  c.handler = handler_name;
  // The handler runs in a child (crash isolation, docs/architecture.md §6): a crash, an
  // exit() or a spin in handler code is a verdict here, never a dead or stuck command.
  worker_options options;
  options.deadline_s = [&](std::uint64_t) { return s.bounds.wall_seconds; };
  const auto r =
      run_in_workers(
          {0}, [&](std::uint64_t, breadcrumb& crumb) { return run_in_child(o, c, handler_name, handler, s, crumb); },
          options)
          .results[0];
  return report_isolated_run(r, {"run", c.seed, handler_name, o.trace_file, o.json});
}
}  // namespace

void add_run_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("run", "Run one case and print its summary and verdict");
  auto o = std::make_shared<run_options>();
  o->scenario.add_to(*cmd);
  cmd->add_option("--seed", o->seed, "seed of the case")->check(whole_number())->capture_default_str();
  cmd->add_option("--case", o->case_file, "re-run a case file (e.g. a shrunk counterexample from `slsim check`)");
  cmd->add_option("--trace", o->trace_file, "write the run's trace (JSON Lines) to this file");
  cmd->add_option("--metrics", o->metrics_file, "write the run's metric series (CSV if FILE ends in .csv, else JSON)");
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([o, cmd, &result] {
    o->handler_given = cmd->count("--handler") > 0;
    result = guarded([&] { return run(*o); });
  });
}

}  // namespace slsim::cli
