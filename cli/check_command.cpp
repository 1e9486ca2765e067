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
#include "progress.hpp"
#include "scenario_options.hpp"
#include "slsim/io/output_file.hpp"
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
  bool no_faults = false;
  bool json = false;
  int max_shrink_runs = 400;
};

bool chosen_for_determinism(std::uint64_t seed, double ratio) {
  if (ratio <= 0) return false;
  std::uint64_t mix = seed * 0x9e3779b97f4a7c15ULL;
  return static_cast<double>(sim::splitmix64(mix) >> 11) * 0x1.0p-53 < ratio;
}

int check(const check_options& o) {
  interruption_scope interruption;  // SIGINT/SIGTERM: stop the workers, write what finished, exit 130/143
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  nlohmann::json base = o.scenario.load();  // the effective scenario, validated
  properties::generation_options gen;
  gen.faults = !o.no_faults;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  // The output directories exist (or fail, exit 2) before any case runs.
  fs::create_directories(o.out_dir);
  const std::string trace_dir = o.trace_dir.empty() ? o.out_dir : o.trace_dir;
  fs::create_directories(trace_dir);

  // Which cases: a case file, or generated seeds (sharded), after the regression corpus.
  std::vector<case_spec> cases;
  std::vector<std::string> names;
  if (!o.corpus.empty() && fs::is_directory(o.corpus)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(o.corpus))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      cases.push_back(properties::read_case_file(f.string()));
      names.push_back("corpus/" + f.filename().string());
    }
  }
  std::vector<std::uint64_t> generated_seeds;
  if (!o.case_file.empty()) {
    cases.push_back(properties::read_case_file(o.case_file));
    names.push_back(o.case_file);
  } else {
    const auto [shard_index, shard_count] =
        o.shard.empty() ? std::pair<std::uint64_t, std::uint64_t>{0, 1} : parse_shard(o.shard);
    if (o.seed) {
      generated_seeds.push_back(*o.seed);
    } else {
      for (int i = 0; i < o.seeds; ++i)
        if (static_cast<std::uint64_t>(i) % shard_count == shard_index)
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
  options.deadline_s = [&](std::uint64_t key) { return wall_at(case_of_key(key)); };
  options.progress = [&](std::size_t finished, std::uint64_t) { progress.update(finished); };
  const auto batch = run_in_workers(
      keys,
      [&](std::uint64_t key, breadcrumb& crumb) { return evaluate_case(case_at(case_of_key(key)), handler, crumb); },
      options);
  progress.finish();

  // Aggregate.
  std::vector<checked_case> report;
  std::map<std::string, std::size_t> probe_hits;
  for (std::size_t i = 0; i < case_count; ++i) {
    report.push_back(classify(names[i], batch.results[i]));
    if (report.back().outcome == case_outcome::pass || report.back().outcome == case_outcome::violation)
      for (const auto& p : report.back().run.payload.value("probes", nlohmann::json::array()))
        ++probe_hits[p.get<std::string>()];
  }
  std::optional<std::size_t> nondeterministic;
  for (std::size_t j = 0; j < rerun_of.size() && !nondeterministic; ++j) {
    const auto& first = batch.results[rerun_of[j]];
    const auto& second = batch.results[case_count + j];
    if (first.reported() && second.reported() && !first.payload.value("hang", false) &&
        !second.payload.value("hang", false) && first.payload.value("hash", "") != second.payload.value("hash", ""))
      nondeterministic = rerun_of[j];
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

  nlohmann::json summary{
      {"format", "slsim-check"},       {"version", 1},         {"shard", o.shard},  {"cases", case_count},
      {"handler", o.scenario.handler}, {"probes", probe_hits}, {"partial", partial}};
  if (partial) summary["interrupted_by"] = signal_name(batch.interrupted_by);
  summary["not_run"] = not_run;
  summary["results"] = results_json(report);

  std::string counts = fmt::format("{} passed, {} failed", passed, failed);
  if (hung > 0) counts += fmt::format(", {} stopped by a hang guard", hung);
  if (model_bugs > 0) counts += fmt::format(", {} hit a model bug", model_bugs);
  if (not_run > 0) counts += fmt::format(", {} not run", not_run);
  fmt::print("checked {} case(s) of handler {} ({} job(s)): {}\n", case_count, o.scenario.handler, jobs, counts);
  std::string coverage;
  for (const auto& name : properties::k_probe_names)
    coverage += fmt::format(" {}={}", name, probe_hits.count(std::string(name)) ? probe_hits[std::string(name)] : 0);
  fmt::print("coverage:{}\n", coverage);
  if (partial)
    fmt::print("INTERRUPTED by {}: {} of {} case(s) finished; the outputs below are partial\n",
               signal_name(batch.interrupted_by), case_count - not_run, case_count);
  else if (batch.stopped_after_timeout)
    fmt::print("stopped after a hang guard fired: {} case(s) not run\n", not_run);

  // One worker runs `c` with its trace written to `path` (up to a crash, if it crashes).
  auto trace_in_worker = [&](const case_spec& c, const std::string& path) {
    worker_options one;
    one.deadline_s = [&](std::uint64_t) { return wall_seconds_of(c.scenario); };
    return run_in_workers(
               {0}, [&](std::uint64_t, breadcrumb& crumb) { return write_case_trace(c, handler, path, crumb); }, one)
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
            const auto r = classify(
                "candidate",
                run_in_workers(
                    {0}, [&](std::uint64_t, breadcrumb& crumb) { return evaluate_case(named, handler, crumb); }, one)
                    .results[0]);
            if (crash) return r.outcome == case_outcome::crash;
            return r.outcome == case_outcome::violation && r.run.payload.contains("violated") &&
                   std::find(r.run.payload["violated"].begin(), r.run.payload["violated"].end(), property) !=
                       r.run.payload["violated"].end();
          },
          o.max_shrink_runs, &runs);
      shrunk.handler = o.scenario.handler;
    }
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, shrunk.seed);
    properties::write_case_file(case_path, shrunk);
    const std::string trace_path = fmt::format("{}/case-{}.trace.jsonl", trace_dir, shrunk.seed);
    const bool traced = interrupted() == 0 && trace_in_worker(shrunk, trace_path).end != worker_end::not_run;
    fmt::print("\nFAILED {}: property {} violated", failure.name, property);
    if (crash)
      fmt::print(" ({})", failure.message);
    else if (!failure.message.empty())
      fmt::print(": {}", failure.message);
    fmt::print("\nshrunk in {} run(s) to: {}\n", runs, properties::describe_case(shrunk));
    fmt::print("case file: {}\n", case_path);
    if (traced) fmt::print("trace: {}\n", trace_path);
    fmt::print("replay: slsim run --case {} --handler {}\n", case_path, o.scenario.handler);
    summary["failure"] = {
        {"case", failure.name}, {"property", property}, {"case_file", case_path}, {"shrink_runs", runs}};
  }
  if (const auto i = first_of({case_outcome::hang})) {
    const auto& hang = report[*i];
    const case_spec c = case_at(*i);
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(case_path, c);
    fmt::print("\nHANG {}: {}\nno property verdict for this case (a guard stopped it before it finished)\n", hang.name,
               hang.message);
    fmt::print("case file: {}\nreplay: slsim run --case {} --handler {}\n", case_path, case_path, o.scenario.handler);
    summary["hang"] = {
        {"case", hang.name}, {"guard", hang.property}, {"message", hang.message}, {"case_file", case_path}};
  }
  if (const auto i = first_of({case_outcome::model_bug})) {
    const case_spec c = case_at(*i);
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(case_path, c);
    fmt::print("\nMODEL BUG {}: {}\ncase file: {}\nreplay: slsim run --case {} --handler {}\n", report[*i].name,
               report[*i].message, case_path, case_path, o.scenario.handler);
    summary["model_bug"] = {{"case", report[*i].name}, {"case_file", case_path}};
  }
  if (nondeterministic && interrupted() == 0) {
    // Both traces from fresh workers, then compared as files (bounded memory).
    const auto c = case_at(*nondeterministic);
    const std::string first = fmt::format("{}/case-{}.run1.trace.jsonl", trace_dir, c.seed);
    const std::string second = fmt::format("{}/case-{}.run2.trace.jsonl", trace_dir, c.seed);
    trace_in_worker(c, first);
    trace_in_worker(c, second);
    fmt::print("\nnondeterminism: case {} gave two different trace hashes in two fresh processes\n",
               names[*nondeterministic]);
    traces::trace_stream a(first, false), b(second, false);
    if (const auto d = traces::first_divergence(a, b)) fmt::print("{}", d->describe("first run", "second run"));
    fmt::print("traces: {} {}\n", first, second);
    summary["nondeterminism"] = {{"case", names[*nondeterministic]}, {"traces", {first, second}}};
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
  if (!o.require_coverage.empty() && code == k_ok) {
    std::vector<std::string> required;
    if (o.require_coverage == "all") {
      for (auto n : properties::k_probe_names) required.emplace_back(n);
    } else {
      std::stringstream list(o.require_coverage);
      for (std::string item; std::getline(list, item, ',');) {
        if (std::find(properties::k_probe_names.begin(), properties::k_probe_names.end(), item) ==
            properties::k_probe_names.end())
          throw std::invalid_argument("--require-coverage: unknown probe \"" + item + "\"");
        required.push_back(item);
      }
    }
    for (const auto& name : required)
      if (!probe_hits.count(name)) {
        fmt::print("coverage: probe {} never fired\n", name);
        code = k_violation;
      }
  }
  if (!o.junit.empty()) io::write_file(o.junit, junit_xml(report, partial));
  io::write_file(o.out_dir + "/results.json", summary.dump(2) + "\n");
  if (partial) fmt::print("partial results: {}/results.json{}\n", o.out_dir, o.junit.empty() ? "" : " " + o.junit);
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
  cmd->add_option("--shard", o->shard, "I/N: run the cases with index = I mod N (I from 0)");
  cmd->add_option("--out", o->out_dir, "directory for results.json and case files")->capture_default_str();
  cmd->add_option("--trace-dir", o->trace_dir, "directory for traces of failing cases (default: --out)");
  cmd->add_option("--junit", o->junit, "write a JUnit XML report");
  cmd->add_option("--corpus", o->corpus, "re-run the case files in this directory first");
  cmd->add_option("--case", o->case_file, "check this case file only");
  cmd->add_option("--require-coverage", o->require_coverage, "comma-separated probes, or all");
  cmd->add_option("--determinism-check", o->determinism_ratio, "share of cases run twice and compared")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-faults", o->no_faults, "generate cases without faults");
  cmd->add_option("--max-shrink-runs", o->max_shrink_runs, "bound on shrinking runs")->capture_default_str();
  cmd->add_flag("--json", o->json, "print the results as one JSON object");
  cmd->callback([o, &result] { result = guarded([&] { return check(*o); }); });
}

}  // namespace slsim::cli
