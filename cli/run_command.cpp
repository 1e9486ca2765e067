// `slsim run`: one case, its summary and verdict (DESIGN.md §10).
#include <fmt/format.h>

#include <fstream>
#include <optional>

#include "commands.hpp"
#include "handler_resolution.hpp"
#include "scenario_options.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/oracles.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "version.hpp"

namespace slsim::cli {
namespace {
struct run_options {
  scenario_options scenario;
  std::uint64_t seed = 1;
  std::string case_file;
  std::string trace_file;
  bool json = false;
};

int run(const run_options& o) {
  const pipeline::scenario s = o.scenario.load();
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  std::optional<traces::trace_writer> writer;
  if (!o.trace_file.empty()) {
    traces::trace_header header{k_version, o.scenario.handler,
                                {{"seed", o.seed}, {"handler", o.scenario.handler}, {"scenario", nlohmann::json(s)}}};
    writer.emplace(o.trace_file, header);
  }
  pipeline::run_options options;
  options.seed = o.seed;
  options.trace = writer ? &*writer : nullptr;
  const auto outcome = pipeline::run_case(s, handler, options);
  if (writer)
    writer->finish({outcome.run.records, outcome.run.trace_hash, sim::to_string(outcome.run.status), outcome.run.end_time});
  const auto sum = pipeline::summarize(outcome, s);
  const auto verdict = properties::check(outcome, s);
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
    for (const auto& c : outcome.changes)
      if (c.table == s.effects.result_table && c.new_image) ++writes[pipeline::result_request_id(*c.new_image, s.effects)];
    for (const auto& [id, n] : writes) results.push_back({{"request_id", id}, {"writes", n}});
    nlohmann::json dlq = nlohmann::json::array();
    for (const auto& m : outcome.dlq) dlq.push_back({{"message_id", m.message_id}, {"receive_count", m.receive_count}});
    fmt::print("{}\n", nlohmann::json{{"seed", o.seed},
                                       {"handler", o.scenario.handler},
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
    fmt::print("seed {}  handler {}  status {}  trace_hash {}\n{}", o.seed, o.scenario.handler,
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
  cmd->add_option("--trace", o->trace_file, "write the run's trace (JSON Lines) to this file");
  cmd->add_flag("--json", o->json, "print one JSON object");
  cmd->callback([o, &result] { result = guarded([&] { return run(*o); }); });
}

}  // namespace slsim::cli
