// `slsim check`: property-check a handler over many generated cases (docs/architecture.md §6, §10).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>

#include "check_report.hpp"
#include "commands.hpp"
#include "handler_resolution.hpp"
#include "interruption.hpp"
#include "junit_report.hpp"
#include "number_options.hpp"
#include "scenario_options.hpp"
#include "shard.hpp"
#include "slsim/api/handler_function.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/probes.hpp"
#include "slsim/sim/random.hpp"
#include "worker_runner.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {
namespace fs = std::filesystem;
using properties::case_spec;

struct check_options {
  scenario_options scenario;
  int seeds = 100;
  std::optional<std::uint64_t> seed;
  std::uint64_t base_seed = 1;
  int jobs = 0;
  std::string shard;
  std::string out_dir = "slsim-out";
  std::string trace_dir;
  std::string junit;
  std::string corpus;
  std::string case_file;
  std::string require_coverage;
  double determinism_ratio = 0.05;
  int worker_reuse = 200;
  bool no_faults = false;
  bool json = false;
  int max_shrink_runs = 1000;
  std::string explore;  ///< exploration strategy ("": ties, or the scenario's own schedule)
};

// What makes shards parts of one check: `slsim merge` refuses shards whose commands differ
// here (other seeds, another scenario, another schedule), which would otherwise merge into
// a result no single command produces.
nlohmann::json command_identity(const check_options& o) {
  nlohmann::json scenario = o.scenario.document();
  // An external handler's directory is where each shard's machine has the checkout.
  if (const auto runtime = scenario.find("function"); runtime != scenario.end() && runtime->is_object() &&
                                                      runtime->contains("runtime") && (*runtime)["runtime"].is_object())
    (*runtime)["runtime"].erase("cwd");
  return {{"handler", o.scenario.handler_flags()},
          {"scenario", fmt::format("{:016x}", sim::fnv1a64(scenario.dump()))},
          {"seeds", o.seeds},
          {"seed", o.seed ? nlohmann::json(*o.seed) : nlohmann::json(nullptr)},
          {"base_seed", o.base_seed},
          {"explore", o.explore},
          {"no_faults", o.no_faults},
          {"corpus", o.corpus},
          {"case", o.case_file}};
}

// "request … message … — detail" of a violation, skipping the ids it does not name.
std::string violation_text(const std::string& request_id, const std::string& message_id, const std::string& detail) {
  std::string out;
  if (!request_id.empty()) out += "request " + request_id + " ";
  if (!message_id.empty()) out += "message " + message_id + " ";
  return out + (out.empty() ? "" : "— ") + detail;
}

std::string violation_text(const properties::reported_violation& v) {
  return violation_text(v.client_request_id, v.message_id, v.detail);
}

// The command line that re-runs one generated case of this check exactly (unshrunk).
std::string reproduce_seed(const check_options& o, std::uint64_t seed) {
  std::string line = fmt::format("slsim check --seed {} {}", seed, o.scenario.handler_flags());
  if (!o.scenario.scenario_file.empty()) line += " --scenario " + o.scenario.scenario_file;
  for (const auto& s : o.scenario.settings) line += " --set " + s;
  if (o.no_faults) line += " --no-faults";
  if (!o.explore.empty()) line += " --explore " + o.explore;
  return line;
}

// The JUnit entry of one case (the first failure's details are replaced by its shrunk form).
junit_case junit_entry(const checked_case& c) {
  junit_case j{c.name, junit_case::outcome::passed, "", "", ""};
  switch (c.outcome) {
    case case_outcome::pass:
      break;
    case case_outcome::violation:
    case case_outcome::crash:
      j.result = junit_case::outcome::failed;
      j.property = c.property;
      j.violation =
          c.outcome == case_outcome::violation && c.report.primary ? violation_text(*c.report.primary) : c.message;
      break;
    case case_outcome::hang:
    case case_outcome::model_bug:
    case case_outcome::error:
      j.result = junit_case::outcome::error;
      j.property = to_string(c.outcome);
      j.violation = c.message;
      break;
    case case_outcome::not_run:
      j.result = junit_case::outcome::skipped;
      j.violation = "not run: interrupted or stopped after a hang";
      break;
  }
  return j;
}

// The schedules generated cases draw from: --explore's, else varied tie orders, unless the
// scenario (its file or a --set) has a `schedule` of its own (docs/exploration.md).
std::vector<nlohmann::json> schedules_of(const check_options& o) {
  std::string problem;
  auto schedules = properties::exploration_schedules(o.explore, o.scenario.sets_schedule(), &problem);
  if (!schedules) throw models::input_error("--explore " + o.explore, "", problem);
  return *schedules;
}

// The cases of this check: the regression corpus (whose files are sharded the same way as the
// seeds, so merged shards hold each exactly once), then a case file or generated seeds.
properties::check_plan plan_of(const check_options& o, const shard_spec& shard) {
  properties::check_plan plan;
  plan.base = o.scenario.load();  // the effective scenario, validated
  plan.gen.faults = !o.no_faults;
  plan.gen.schedules = schedules_of(o);
  plan.handler_label = o.scenario.handler;
  if (!o.corpus.empty() && !fs::is_directory(o.corpus))  // a typo must not skip the regression cases
    throw models::input_error("--corpus " + o.corpus, "",
                              std::filesystem::exists(o.corpus)
                                  ? "not a directory (expected a directory of case files)"
                                  : "no such directory (expected a directory of case files)");
  if (!o.corpus.empty()) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(o.corpus))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (std::size_t j = 0; j < files.size(); ++j) {
      if (j % shard.count != shard.index) continue;
      plan.given.push_back({"corpus/" + files[j].filename().string(), properties::read_case_file(files[j].string())});
    }
  }
  if (!o.case_file.empty()) {
    plan.given.push_back({o.case_file, properties::read_case_file(o.case_file)});
  } else if (o.seed) {
    plan.seeds.push_back(*o.seed);
  } else {
    for (int i = 0; i < o.seeds; ++i)
      if (static_cast<std::uint64_t>(i) % shard.count == shard.index)
        plan.seeds.push_back(o.base_seed + static_cast<std::uint64_t>(i));
  }
  plan.determinism_ratio = o.determinism_ratio;
  plan.max_shrink_runs = o.max_shrink_runs;
  plan.out_dir = o.out_dir;
  plan.trace_dir = o.trace_dir.empty() ? o.out_dir : o.trace_dir;
  if (!o.require_coverage.empty()) {
    std::vector<std::string> probe_names;
    std::stringstream list(o.require_coverage);
    for (std::string item; std::getline(list, item, ',');) probe_names.push_back(item);
    plan.required_probes = properties::required_probes(probe_names, plan.base, "--require-coverage");
  }
  plan.replay = [scenario = o.scenario](const std::string& path) { return scenario.replay_command(path); };
  return plan;
}

// The JUnit report: one entry per case; failures carry the case in words and a replay line
// (the first failure: its shrunk case).
std::vector<junit_case> junit_of(const check_options& o, const properties::check_plan& plan,
                                 const properties::check_report& r, const std::string& violation) {
  std::vector<junit_case> junit;
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    junit.push_back(junit_entry(r.cases[i]));
    auto& j = junit.back();
    if (j.result == junit_case::outcome::passed || j.result == junit_case::outcome::skipped) continue;
    if (r.failure == i) {
      j.violation = violation;
      j.details = fmt::format("property {} violated: {}\nshrunk in {} run(s) to: {}\ncase file: {}\nreplay: {}\n",
                              r.failure_property, violation, r.shrink_runs, r.description, r.case_file, r.replay);
      continue;
    }
    const bool generated = i >= plan.given.size();
    const std::string& name = r.cases[i].name;
    j.details = fmt::format(
        "case: {}\nreplay: {}\n", properties::describe_case(plan.case_at(i)),
        generated ? reproduce_seed(o, plan.seeds[i - plan.given.size()])
                  : o.scenario.replay_command(name.rfind("corpus/", 0) == 0 ? o.corpus + "/" + name.substr(7) : name));
    if (generated) j.details = "not shrunk (check shrinks the first failure only)\n" + j.details;
  }
  return junit;
}

int check(const check_options& o) {
  interruption_scope interruption;  // SIGINT/SIGTERM: stop the workers, write what finished, exit 130/143
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  std::FILE* human = o.json ? stderr : stdout;  // --json: stdout carries the JSON document only
  const shard_spec shard = resolve_shard(o.shard);
  if (!shard.source.empty()) fmt::print(stderr, "slsim check: shard {} from {}\n", shard.text(), shard.source);
  const auto plan = plan_of(o, shard);
  // The output directories exist (or fail, exit 2) before any case runs.
  fs::create_directories(plan.out_dir);
  fs::create_directories(plan.trace_dir);

  worker_runner runner(handler, jobs, o.worker_reuse);
  const auto r = properties::run_check(plan, runner);

  const std::size_t case_count = r.cases.size();
  const std::size_t passed = r.count(case_outcome::pass), not_run = r.count(case_outcome::not_run);
  const std::size_t hung = r.count(case_outcome::hang), model_bugs = r.count(case_outcome::model_bug);
  const std::size_t failed = case_count - passed - not_run - hung - model_bugs;
  const bool partial = r.interrupted_by != 0;

  nlohmann::json summary{{"format", "slsim-check"}, {"version", k_check_results_version}, {"shard", shard.text()},
                         {"cases", case_count},     {"handler", o.scenario.handler},      {"probes", r.probe_hits},
                         {"partial", partial},      {"command", command_identity(o)}};
  if (partial) summary["interrupted_by"] = signal_name(r.interrupted_by);
  summary["not_run"] = not_run;
  summary["results"] = results_json(r.cases);
  // A finding, not a property failure: the first case whose handler changed its
  // process-global memory during a warm invocation (api::handler_function).
  std::string global_state_warning;
  if (r.global_state) {
    const auto& c = r.cases[*r.global_state];
    global_state_warning = fmt::format(
        "the handler changed process-global state during an invocation ({} bytes in {}): state outside "
        "ctx.state() is shared between environments here and lost on cold starts in AWS (first seen in {})",
        c.report.global_state->bytes, c.report.global_state->object, c.name);
    summary["warnings"] = nlohmann::json::array(
        {{{"finding", "process_global_state"}, {"case", c.name}, {"message", global_state_warning}}});
  }

  std::string counts = fmt::format("{} passed, {} failed", passed, failed);
  if (hung > 0) counts += fmt::format(", {} stopped by a hang guard", hung);
  if (model_bugs > 0) counts += fmt::format(", {} hit a model bug", model_bugs);
  if (not_run > 0) counts += fmt::format(", {} not run", not_run);
  fmt::print(human, "checked {} case(s) of handler {} ({} job(s)): {}\n", case_count,
             o.scenario.handler_cmd.empty() ? o.scenario.handler : "process '" + o.scenario.handler_cmd + "'", jobs,
             counts);
  std::string coverage;
  for (const auto& name : properties::k_probe_names) {
    const auto it = r.probe_hits.find(std::string(name));
    coverage += fmt::format(" {}={}", name, it == r.probe_hits.end() ? 0 : it->second);
  }
  fmt::print(human, "coverage:{}\n", coverage);
  if (!global_state_warning.empty()) fmt::print(human, "warning: {}\n", global_state_warning);
  if (partial)
    fmt::print(human, "INTERRUPTED by {}: {} of {} case(s) finished; the outputs below are partial\n",
               signal_name(r.interrupted_by), case_count - not_run, case_count);
  else if (r.stopped_after_timeout)
    fmt::print(human, "stopped after a hang guard fired: {} case(s) not run\n", not_run);

  // Property failures first, with their replay line: no other verdict may hide them.
  std::string violation;
  if (r.failure) {
    const auto& failure = r.cases[*r.failure];
    const bool crash = failure.outcome == case_outcome::crash;
    violation = r.detail ? violation_text(r.detail->client_request_id, r.detail->message_id, r.detail->detail)
                         : failure.message;
    fmt::print(human, "\nFAILED {}: property {} violated", failure.name, r.failure_property);
    if (crash)
      fmt::print(human, " ({})", violation);
    else if (!violation.empty())
      fmt::print(human, ": {}", violation);
    fmt::print(human, "\nshrunk in {} run(s) to: {}\n", r.shrink_runs, r.description);
    fmt::print(human, "case file: {}\n", r.case_file);
    if (!r.trace_file.empty()) fmt::print(human, "trace: {}\n", r.trace_file);
    fmt::print(human, "replay: {}\n", r.replay);
    summary["failure"] = {{"case", failure.name},     {"property", r.failure_property}, {"violation", violation},
                          {"case_file", r.case_file}, {"shrink_runs", r.shrink_runs},   {"replay", r.replay},
                          {"trace", r.trace_file}};
  }
  if (r.hang) {
    const auto& hang = r.cases[*r.hang];
    fmt::print(human, "\nHANG {}: {}\nno property verdict for this case (a guard stopped it before it finished)\n",
               hang.name, hang.message);
    fmt::print(human, "case file: {}\nreplay: {}\n", r.hang_case_file, o.scenario.replay_command(r.hang_case_file));
    summary["hang"] = {
        {"case", hang.name}, {"guard", hang.property}, {"message", hang.message}, {"case_file", r.hang_case_file}};
  }
  if (r.model_bug) {
    const auto& bug = r.cases[*r.model_bug];
    fmt::print(human, "\nMODEL BUG {}: {}\ncase file: {}\nreplay: {}\n", bug.name, bug.message, r.model_bug_case_file,
               o.scenario.replay_command(r.model_bug_case_file));
    summary["model_bug"] = {{"case", bug.name}, {"case_file", r.model_bug_case_file}};
  }
  if (r.nondeterministic) {
    const std::string& name = r.cases[*r.nondeterministic].name;
    fmt::print(human, "\nnondeterminism: case {} gave two different trace hashes in two fresh processes\n", name);
    fmt::print(human, "{}", r.divergence);
    fmt::print(human, "traces: {} {}\n", r.nondeterminism_traces[0], r.nondeterminism_traces[1]);
    summary["nondeterminism"] = {{"case", name}, {"traces", r.nondeterminism_traces}};
    if (const auto& q = r.divergent_request) {
      nlohmann::json request = {{"field", q->field}, {"id", q->id}, {"on_line", q->on_line}};
      if (q->field == "invocation") {
        request["aws_request_id"] = api::aws_request_id(q->id);
        fmt::print(human, "the first differing request is Lambda request {} (invocation {})\n",
                   api::aws_request_id(q->id), q->id);
      }
      summary["nondeterminism"]["request"] = std::move(request);
    }
    summary["nondeterministic"] = name;
  }

  int code = k_ok;
  if (partial)
    code = 128 + r.interrupted_by;
  else if (model_bugs > 0)
    code = k_model_bug;
  else if (failed > 0)
    code = k_violation;
  else if (hung > 0)
    code = k_hang;
  else if (r.nondeterministic)
    code = k_nondeterminism;
  // docs/architecture.md §6: a green check must have checked something.
  if (code == k_ok && r.all_vacuous) {
    fmt::print(human,
               "\nFAILED: property vacuous violated: in none of the {} case(s) was a request accepted and a message "
               "handled; declare \"expect\": {{\"vacuous\": true}} in the scenario if that is intended\n",
               case_count);
    summary["failure"] = {{"property", "vacuous"}};
    code = k_violation;
  }
  if (code == k_ok)
    for (const auto& name : r.missing_coverage) {
      fmt::print(human, "coverage: probe {} never fired\n", name);
      code = k_violation;
    }
  if (!o.junit.empty()) io::write_file(o.junit, junit_xml("slsim.check", junit_of(o, plan, r, violation), partial));
  io::write_file(o.out_dir + "/results.json", summary.dump(2) + "\n");
  if (partial)
    fmt::print(human, "partial results: {}/results.json{}\n", o.out_dir, o.junit.empty() ? "" : " " + o.junit);
  if (o.json) fmt::print("{}\n", summary.dump());
  // A signal that came after the last case still ends the command as interrupted.
  if (code != 128 + r.interrupted_by && interrupted() != 0) code = interrupted_exit_code();
  return code;
}
}  // namespace

void add_check_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("check", "Property-check a handler over many generated cases");
  auto o = std::make_shared<check_options>();
  o->scenario.add_to(*cmd);
  cmd->add_option("--seeds", o->seeds, "number of cases")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  cmd->add_option("--seed", o->seed, "check exactly this one case seed")->check(whole_number());
  cmd->add_option("--base-seed", o->base_seed, "first case seed")->check(whole_number())->capture_default_str();
  cmd->add_option("--jobs", o->jobs, "worker processes (default: cores)")->check(CLI::Range(1, 4096));
  cmd->add_option("--shard", o->shard,
                  "I/N: run the cases with index = I mod N (I from 0); auto: read I and N from the CI or batch "
                  "engine (docs/scale-out.md)");
  cmd->add_option("--out", o->out_dir, "directory for results.json and case files")->capture_default_str();
  cmd->add_option("--trace-dir", o->trace_dir, "directory for traces of failing cases (default: --out)");
  cmd->add_option("--junit", o->junit, "write a JUnit XML report");
  cmd->add_option("--corpus", o->corpus, "re-run the case files in this directory first");
  cmd->add_option("--case", o->case_file, "check this case file only");
  cmd->add_option("--require-coverage", o->require_coverage, "comma-separated probes, or all");
  cmd->add_option("--worker-reuse", o->worker_reuse,
                  "cases one worker process runs before it is replaced (1: a fresh process per case; failures and "
                  "determinism re-runs always run in a fresh process)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--determinism-check", o->determinism_ratio, "share of cases run twice and compared")
      ->check(finite_in(0, 1))
      ->capture_default_str();
  cmd->add_option("--explore", o->explore,
                  "how cases order concurrent events (default: ties, unless the scenario sets another schedule): ties "
                  "(fifo, reverse or "
                  "random tie order per case), delays (ties, with rare heavy-tailed extra latency on network hops), "
                  "fifo, reverse, random, pct:d=D[,w=MS][,k=STEPS] (PCT over concurrent "
                  "invocations), portfolio (docs/exploration.md); recorded in each case file");
  cmd->add_flag("--no-faults", o->no_faults, "generate cases without faults");
  cmd->add_option("--max-shrink-runs", o->max_shrink_runs, "bound on shrinking runs")
      ->check(CLI::Range(0, 100'000'000))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "print the results as one JSON object on stdout (the report goes to stderr)");
  cmd->callback([o, &result] { result = guarded([&] { return check(*o); }); });
}

}  // namespace slsim::cli
