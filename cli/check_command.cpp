// `slsim check`: property-check a handler over many generated cases (docs/architecture.md §6, §10).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "case_eval.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "handler_resolution.hpp"
#include "interruption.hpp"
#include "junit_report.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"
#include "shard.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"
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
};

bool chosen_for_determinism(std::uint64_t seed, double ratio) {
  if (ratio <= 0) return false;
  std::uint64_t mix = seed * 0x9e3779b97f4a7c15ULL;
  return static_cast<double>(sim::splitmix64(mix) >> 11) * 0x1.0p-53 < ratio;
}

// "request … message … — detail" of a violation, skipping the ids it does not name.
std::string violation_text(const std::string& request_id, const std::string& message_id, const std::string& detail) {
  std::string out;
  if (!request_id.empty()) out += "request " + request_id + " ";
  if (!message_id.empty()) out += "message " + message_id + " ";
  return out + (out.empty() ? "" : "— ") + detail;
}

std::string violation_text(const reported_violation& v) {
  return violation_text(v.client_request_id, v.message_id, v.detail);
}

// The command line that re-runs one generated case of this check exactly (unshrunk).
std::string reproduce_seed(const check_options& o, std::uint64_t seed) {
  std::string line = fmt::format("slsim check --seed {} {}", seed, o.scenario.handler_flags());
  if (!o.scenario.scenario_file.empty()) line += " --scenario " + o.scenario.scenario_file;
  for (const auto& s : o.scenario.settings) line += " --set " + s;
  if (o.no_faults) line += " --no-faults";
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

int check(const check_options& o) {
  interruption_scope interruption;  // SIGINT/SIGTERM: stop the workers, write what finished, exit 130/143
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  nlohmann::json base = o.scenario.load();  // the effective scenario, validated
  properties::generation_options gen;
  gen.faults = !o.no_faults;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  std::FILE* human = o.json ? stderr : stdout;  // --json: stdout carries the JSON document only
  const shard_spec shard = resolve_shard(o.shard);
  if (!shard.source.empty()) fmt::print(stderr, "slsim check: shard {} from {}\n", shard.text(), shard.source);
  // The output directories exist (or fail, exit 2) before any case runs.
  fs::create_directories(o.out_dir);
  const std::string trace_dir = o.trace_dir.empty() ? o.out_dir : o.trace_dir;
  fs::create_directories(trace_dir);

  // Which cases: a case file, or generated seeds (sharded), after the regression corpus
  // (whose files are sharded the same way, so merged shards hold each exactly once).
  std::vector<case_spec> cases;
  std::vector<std::string> names;
  if (!o.corpus.empty() && !fs::is_directory(o.corpus))  // a typo must not skip the regression cases
    throw models::input_error("--corpus " + o.corpus, "", "no such directory (expected a directory of case files)");
  if (!o.corpus.empty()) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(o.corpus))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (std::size_t j = 0; j < files.size(); ++j) {
      if (j % shard.count != shard.index) continue;
      const auto& f = files[j];
      cases.push_back(properties::read_case_file(f.string()));
      names.push_back("corpus/" + f.filename().string());
    }
  }
  std::vector<std::uint64_t> generated_seeds;
  if (!o.case_file.empty()) {
    cases.push_back(properties::read_case_file(o.case_file));
    names.push_back(o.case_file);
  } else {
    if (o.seed) {
      generated_seeds.push_back(*o.seed);
    } else {
      for (int i = 0; i < o.seeds; ++i)
        if (static_cast<std::uint64_t>(i) % shard.count == shard.index)
          generated_seeds.push_back(o.base_seed + static_cast<std::uint64_t>(i));
    }
    for (auto s : generated_seeds) names.push_back(fmt::format("seed_{}", s));
  }
  // Generated cases are made where they run (in the worker) and again on demand here: a
  // parent holding thousands of scenario documents makes every fork slower.
  const std::size_t given = cases.size();
  const std::size_t case_count = given + generated_seeds.size();
  auto case_at = [&](std::size_t i) {
    if (i < given) return cases[i];
    case_spec c = properties::generate_case(base, generated_seeds[i - given], gen);
    c.handler = o.scenario.handler;
    return c;
  };
  auto seed_at = [&](std::size_t i) { return i < given ? cases[i].seed : generated_seeds[i - given]; };
  const double base_wall = wall_seconds_of(base);
  auto wall_at = [&](std::size_t i) { return i < given ? wall_seconds_of(cases[i].scenario) : base_wall; };

  // Every case once; the cases chosen for the determinism check once more, each run in a
  // fresh worker: process-global handler state cannot leak from one run into the other.
  std::vector<std::uint64_t> keys(case_count);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = i;
  std::vector<std::size_t> rerun_of;
  for (std::size_t i = 0; i < case_count; ++i)
    if (chosen_for_determinism(seed_at(i), o.determinism_ratio)) {
      keys.push_back(case_count + rerun_of.size());
      rerun_of.push_back(i);
    }
  auto case_of_key = [&](std::uint64_t key) { return key < case_count ? key : rerun_of[key - case_count]; };
  progress_line progress(keys.size(), "runs");
  worker_options options;
  options.jobs = jobs;
  options.reuse = o.worker_reuse;
  // Both runs of a case chosen for the determinism check start from pristine processes.
  std::vector<bool> rerun(case_count, false);
  for (auto i : rerun_of) rerun[i] = true;
  options.fresh = [&](std::uint64_t key) { return key >= case_count || rerun[key]; };
  // Anything but a clean pass from a shared worker is confirmed alone (as a replay runs it).
  options.confirm = [](const worker_result& r) {
    const auto report = report_of(r);
    return !report || !report->ok;
  };
  options.deadline_s = [&](std::uint64_t key) { return wall_at(case_of_key(key)); };
  options.progress = [&](std::size_t finished, std::uint64_t) { progress.update(finished); };
  const auto batch = run_in_workers(
      keys,
      [&](std::uint64_t key, breadcrumb& crumb) {
        return nlohmann::json(evaluate_case(case_at(case_of_key(key)), handler, crumb));
      },
      options);
  progress.finish();

  // Aggregate.
  std::vector<checked_case> report;
  std::map<std::string, std::size_t> probe_hits;
  for (std::size_t i = 0; i < case_count; ++i) {
    report.push_back(classify(names[i], batch.results[i]));
    if (report.back().outcome == case_outcome::pass || report.back().outcome == case_outcome::violation)
      for (const auto& p : report.back().report.probes) ++probe_hits[p];
  }
  std::optional<std::size_t> nondeterministic;
  for (std::size_t j = 0; j < rerun_of.size() && !nondeterministic; ++j) {
    const auto first = report_of(batch.results[rerun_of[j]]);
    const auto second = report_of(batch.results[case_count + j]);
    if (first && second && !first->hang && !second->hang && first->hash != second->hash) nondeterministic = rerun_of[j];
  }
  auto first_of = [&](std::initializer_list<case_outcome> kinds) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < report.size(); ++i)
      if (std::find(kinds.begin(), kinds.end(), report[i].outcome) != kinds.end()) return i;
    return std::nullopt;
  };
  auto count_of = [&](case_outcome k) {
    return static_cast<std::size_t>(
        std::count_if(report.begin(), report.end(), [&](const auto& c) { return c.outcome == k; }));
  };
  const std::size_t passed = count_of(case_outcome::pass), not_run = count_of(case_outcome::not_run);
  const std::size_t hung = count_of(case_outcome::hang), model_bugs = count_of(case_outcome::model_bug);
  const std::size_t failed = case_count - passed - not_run - hung - model_bugs;
  const bool partial = batch.interrupted_by != 0;

  nlohmann::json summary{{"format", "slsim-check"}, {"version", k_check_results_version}, {"shard", shard.text()},
                         {"cases", case_count},     {"handler", o.scenario.handler},      {"probes", probe_hits},
                         {"partial", partial}};
  if (partial) summary["interrupted_by"] = signal_name(batch.interrupted_by);
  summary["not_run"] = not_run;
  summary["results"] = results_json(report);
  // A finding, not a property failure: the first case whose handler changed its
  // process-global memory during a warm invocation (api::handler_function).
  std::string global_state_warning;
  for (std::size_t i = 0; i < case_count && global_state_warning.empty(); ++i) {
    if (!batch.results[i].reported()) continue;
    const auto g = batch.results[i].payload.find("global_state");
    if (g == batch.results[i].payload.end()) continue;
    global_state_warning = fmt::format(
        "the handler changed process-global state during an invocation ({} bytes in {}): state outside "
        "ctx.state() is shared between environments here and lost on cold starts in AWS (first seen in {})",
        g->value("bytes", 0), g->value("object", ""), names[i]);
    summary["warnings"] = nlohmann::json::array(
        {{{"finding", "process_global_state"}, {"case", names[i]}, {"message", global_state_warning}}});
  }
  std::vector<junit_case> junit;
  for (std::size_t i = 0; i < report.size(); ++i) {
    junit.push_back(junit_entry(report[i]));
    auto& j = junit.back();
    if (j.result == junit_case::outcome::passed || j.result == junit_case::outcome::skipped || o.junit.empty())
      continue;
    const bool generated = i >= given;
    const std::string& name = report[i].name;
    j.details = fmt::format(
        "case: {}\nreplay: {}\n", properties::describe_case(case_at(i)),
        generated ? reproduce_seed(o, generated_seeds[i - given])
                  : o.scenario.replay_command(name.rfind("corpus/", 0) == 0 ? o.corpus + "/" + name.substr(7) : name));
    if (generated) j.details = "not shrunk (check shrinks the first failure only)\n" + j.details;
  }

  std::string counts = fmt::format("{} passed, {} failed", passed, failed);
  if (hung > 0) counts += fmt::format(", {} stopped by a hang guard", hung);
  if (model_bugs > 0) counts += fmt::format(", {} hit a model bug", model_bugs);
  if (not_run > 0) counts += fmt::format(", {} not run", not_run);
  fmt::print(human, "checked {} case(s) of handler {} ({} job(s)): {}\n", case_count,
             o.scenario.handler_cmd.empty() ? o.scenario.handler : "process '" + o.scenario.handler_cmd + "'", jobs,
             counts);
  std::string coverage;
  for (const auto& name : properties::k_probe_names)
    coverage += fmt::format(" {}={}", name, probe_hits.count(std::string(name)) ? probe_hits[std::string(name)] : 0);
  fmt::print(human, "coverage:{}\n", coverage);
  if (!global_state_warning.empty()) fmt::print(human, "warning: {}\n", global_state_warning);
  if (partial)
    fmt::print(human, "INTERRUPTED by {}: {} of {} case(s) finished; the outputs below are partial\n",
               signal_name(batch.interrupted_by), case_count - not_run, case_count);
  else if (batch.stopped_after_timeout)
    fmt::print(human, "stopped after a hang guard fired: {} case(s) not run\n", not_run);

  // One worker runs `c` with its trace written to `path` (up to a crash, if it crashes).
  auto trace_in_worker = [&](const case_spec& c, const std::string& path) {
    worker_options one;
    one.deadline_s = [&](std::uint64_t) { return wall_seconds_of(c.scenario); };
    return run_in_workers(
               {0},
               [&](std::uint64_t, breadcrumb& crumb) {
                 return nlohmann::json(write_case_trace(c, handler, path, crumb));
               },
               one)
        .results[0];
  };

  // Property failures first, with their replay line: no other verdict may hide them.
  if (const auto i = first_of({case_outcome::violation, case_outcome::crash, case_outcome::error})) {
    const auto& failure = report[*i];
    const bool crash = failure.outcome == case_outcome::crash;
    const std::string property = failure.property;
    case_spec shrunk = case_at(*i);
    int runs = 0;
    if (*i >= given && interrupted() == 0) {
      const std::uint64_t seed = generated_seeds[*i - given];
      shrunk = properties::shrink_case(
          base, seed, gen,
          [&](const case_spec& candidate) {
            case_spec named = candidate;
            named.handler = o.scenario.handler;
            worker_options one;
            one.deadline_s = [&](std::uint64_t) { return wall_seconds_of(named.scenario); };
            const auto r = classify("candidate", run_in_workers(
                                                     {0},
                                                     [&](std::uint64_t, breadcrumb& crumb) {
                                                       return nlohmann::json(evaluate_case(named, handler, crumb));
                                                     },
                                                     one)
                                                     .results[0]);
            if (crash) return r.outcome == case_outcome::crash;
            return r.outcome == case_outcome::violation && r.report.violates(property);
          },
          o.max_shrink_runs, &runs);
      shrunk.handler = o.scenario.handler;
    }
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, shrunk.seed);
    properties::write_case_file(case_path, shrunk);
    const std::string trace_path = fmt::format("{}/case-{}.trace.jsonl", trace_dir, shrunk.seed);
    const auto traced_run = interrupted() == 0 ? trace_in_worker(shrunk, trace_path) : worker_result{};
    const bool traced = interrupted() == 0 && traced_run.end != worker_end::not_run;
    // What is reported is the saved (shrunk) case's violation, so the ids printed are the
    // ones `slsim timeline` finds in the saved trace.
    std::string violation = failure.message;
    if (!crash && traced_run.reported() && traced_run.payload.is_object() && !traced_run.payload.contains("error"))
      for (const auto& v : traced_run.payload.get<traced_case>().violations)
        if (v.property == property) {
          violation = violation_text(v);
          break;
        }
    const std::string replay = o.scenario.replay_command(case_path);
    fmt::print(human, "\nFAILED {}: property {} violated", failure.name, property);
    if (crash)
      fmt::print(human, " ({})", violation);
    else if (!violation.empty())
      fmt::print(human, ": {}", violation);
    fmt::print(human, "\nshrunk in {} run(s) to: {}\n", runs, properties::describe_case(shrunk));
    fmt::print(human, "case file: {}\n", case_path);
    if (traced) fmt::print(human, "trace: {}\n", trace_path);
    fmt::print(human, "replay: {}\n", replay);
    summary["failure"] = {
        {"case", failure.name}, {"property", property}, {"violation", violation},           {"case_file", case_path},
        {"shrink_runs", runs},  {"replay", replay},     {"trace", traced ? trace_path : ""}};
    auto& j = junit[*i];
    j.violation = violation;
    j.details = fmt::format("property {} violated: {}\nshrunk in {} run(s) to: {}\ncase file: {}\nreplay: {}\n",
                            property, violation, runs, properties::describe_case(shrunk), case_path, replay);
  }
  if (const auto i = first_of({case_outcome::hang})) {
    const auto& hang = report[*i];
    const case_spec c = case_at(*i);
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(case_path, c);
    fmt::print(human, "\nHANG {}: {}\nno property verdict for this case (a guard stopped it before it finished)\n",
               hang.name, hang.message);
    fmt::print(human, "case file: {}\nreplay: {}\n", case_path, o.scenario.replay_command(case_path));
    summary["hang"] = {
        {"case", hang.name}, {"guard", hang.property}, {"message", hang.message}, {"case_file", case_path}};
  }
  if (const auto i = first_of({case_outcome::model_bug})) {
    const case_spec c = case_at(*i);
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(case_path, c);
    fmt::print(human, "\nMODEL BUG {}: {}\ncase file: {}\nreplay: {}\n", report[*i].name, report[*i].message, case_path,
               o.scenario.replay_command(case_path));
    summary["model_bug"] = {{"case", report[*i].name}, {"case_file", case_path}};
  }
  if (nondeterministic && interrupted() == 0) {
    // Both traces from fresh workers, then compared as files (bounded memory).
    const auto c = case_at(*nondeterministic);
    const std::string first = fmt::format("{}/case-{}.run1.trace.jsonl", trace_dir, c.seed);
    const std::string second = fmt::format("{}/case-{}.run2.trace.jsonl", trace_dir, c.seed);
    trace_in_worker(c, first);
    trace_in_worker(c, second);
    fmt::print(human, "\nnondeterminism: case {} gave two different trace hashes in two fresh processes\n",
               names[*nondeterministic]);
    traces::trace_stream a(first, false), b(second, false);
    if (const auto d = traces::first_divergence(a, b)) fmt::print(human, "{}", d->describe("first run", "second run"));
    fmt::print(human, "traces: {} {}\n", first, second);
    summary["nondeterminism"] = {{"case", names[*nondeterministic]}, {"traces", {first, second}}};
    summary["nondeterministic"] = names[*nondeterministic];
  }

  int code = k_ok;
  if (partial)
    code = 128 + batch.interrupted_by;
  else if (model_bugs > 0)
    code = k_model_bug;
  else if (failed > 0)
    code = k_violation;
  else if (hung > 0)
    code = k_hang;
  else if (nondeterministic)
    code = k_nondeterminism;
  // docs/architecture.md §6: a green check must have checked something.
  const bool all_vacuous = !report.empty() && std::all_of(report.begin(), report.end(), [](const checked_case& r) {
    return r.outcome == case_outcome::pass && r.report.vacuous;
  });
  if (code == k_ok && all_vacuous) {
    fmt::print(human,
               "\nFAILED: property vacuous violated: in none of the {} case(s) was a request accepted and a message "
               "handled; declare \"expect\": {{\"vacuous\": true}} in the scenario if that is intended\n",
               report.size());
    summary["failure"] = {{"property", "vacuous"}};
    code = k_violation;
  }
  if (!o.require_coverage.empty() && code == k_ok) {
    std::vector<std::string> probe_names;
    std::stringstream list(o.require_coverage);
    for (std::string item; std::getline(list, item, ',');) probe_names.push_back(item);
    for (const auto& name : properties::required_probes(probe_names, base, "--require-coverage"))
      if (!probe_hits.count(name)) {
        fmt::print(human, "coverage: probe {} never fired\n", name);
        code = k_violation;
      }
  }
  if (!o.junit.empty()) io::write_file(o.junit, junit_xml("slsim.check", junit, partial));
  io::write_file(o.out_dir + "/results.json", summary.dump(2) + "\n");
  if (partial)
    fmt::print(human, "partial results: {}/results.json{}\n", o.out_dir, o.junit.empty() ? "" : " " + o.junit);
  if (o.json) fmt::print("{}\n", summary.dump());
  // A signal that came after the last case still ends the command as interrupted.
  if (code != 128 + batch.interrupted_by && interrupted() != 0) code = interrupted_exit_code();
  return code;
}
}  // namespace

void add_check_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("check", "Property-check a handler over many generated cases");
  auto o = std::make_shared<check_options>();
  o->scenario.add_to(*cmd);
  cmd->add_option("--seeds", o->seeds, "number of cases")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  cmd->add_option("--seed", o->seed, "check exactly this one case seed");
  cmd->add_option("--base-seed", o->base_seed, "first case seed")->capture_default_str();
  cmd->add_option("--jobs", o->jobs, "worker processes (default: cores)");
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
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-faults", o->no_faults, "generate cases without faults");
  cmd->add_option("--max-shrink-runs", o->max_shrink_runs, "bound on shrinking runs")->capture_default_str();
  cmd->add_flag("--json", o->json, "print the results as one JSON object on stdout (the report goes to stderr)");
  cmd->callback([o, &result] { result = guarded([&] { return check(*o); }); });
}

}  // namespace slsim::cli
