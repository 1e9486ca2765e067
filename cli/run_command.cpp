// `slsim run`: one case, its summary and verdict (docs/architecture.md §10).
#include <fmt/format.h>

#include <fstream>
#include <optional>

#include "commands.hpp"
#include "handler_resolution.hpp"
#include "scenario_options.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/oracles.hpp"
#include "slsim/traces/trace_writer.hpp"

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

int run(const run_options& o) {
  // The case: from a case file (a shrunk counterexample), or the scenario with --seed and no faults.
  properties::case_spec c;
  if (!o.case_file.empty()) {
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
  std::optional<traces::trace_writer> writer;
  c.handler = handler_name;
  if (!o.trace_file.empty()) writer.emplace(o.trace_file, properties::trace_header_of(c));
  const auto checked = properties::run_and_check(c, handler, writer ? &*writer : nullptr, o.metrics_file);
  const auto& outcome = checked.outcome;
  if (writer)
    writer->finish(
        {outcome.run.records, outcome.run.trace_hash, sim::to_string(outcome.run.status), outcome.run.end_time});
  const auto sum = pipeline::summarize(outcome, s);
  const auto& verdict = checked.result;
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : verdict.violations)
    violations.push_back({{"property", properties::to_string(v.what)},
                          {"request_id", v.request_id},
                          {"message_id", v.message_id},
                          {"detail", v.detail}});
  const auto hash = fmt::format("{:016x}", outcome.run.trace_hash);
  if (o.json) {
    nlohmann::json results = nlohmann::json::array();
    std::map<std::string, int> writes;
    for (const auto& change : outcome.changes)
      if (change.table == s.effects.result_table && change.new_image)
        ++writes[pipeline::result_request_id(*change.new_image, s.effects)];
    for (const auto& [id, n] : writes) results.push_back({{"request_id", id}, {"writes", n}});
    nlohmann::json dlq = nlohmann::json::array();
    for (const auto& m : outcome.dlq) dlq.push_back({{"message_id", m.message_id}, {"receive_count", m.receive_count}});
    fmt::print("{}\n", nlohmann::json{{"seed", c.seed},
                                      {"handler", handler_name},
                                      {"status", sim::to_string(outcome.run.status)},
                                      {"trace_hash", hash},
                                      {"accepted", sum.accepted},
                                      {"results", results},
                                      {"dlq", dlq},
                                      {"drained", outcome.drained},
                                      {"verdict", verdict.ok() ? "pass" : "fail"},
                                      {"violations", violations},
                                      {"virtual_seconds", sum.virtual_seconds},
                                      {"summary", sum}}
                           .dump());
  } else {
    fmt::print("seed {}  handler {}  status {}  trace_hash {}\n{}", c.seed, handler_name,
               sim::to_string(outcome.run.status), hash, pipeline::format_summary(sum));
    if (verdict.ok()) {
      fmt::print("verdict      pass (every property holds)\n");
    } else {
      fmt::print("verdict      FAIL: {} violation(s)\n", verdict.violations.size());
      std::size_t shown = 0;
      for (const auto& v : verdict.violations) {
        if (++shown > 10) break;
        fmt::print("  {:<13} {} {} {}\n", properties::to_string(v.what), v.request_id, v.message_id, v.detail);
      }
    }
  }
  if (outcome.run.hang()) return k_hang;
  return verdict.ok() ? k_ok : k_violation;
}
}  // namespace

void add_run_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("run", "Run one case and print its summary and verdict");
  auto o = std::make_shared<run_options>();
  o->scenario.add_to(*cmd);
  cmd->add_option("--seed", o->seed, "seed of the case")->capture_default_str();
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
