// `slsim check`: property-check a handler over many generated cases (docs/architecture.md §6, §10).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "handler_resolution.hpp"
#include "junit_report.hpp"
#include "scenario_options.hpp"
#include "shard.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"
#include "slsim/traces/trace_writer.hpp"
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

// The outcome of one case as a worker reports it.
nlohmann::json evaluate(const case_spec& c, const handler_definition& handler, bool determinism) {
  const auto r = properties::run_and_check(c, handler);
  nlohmann::json out{
      {"ok", r.result.ok()}, {"hash", fmt::format("{:016x}", r.trace_hash)}, {"hang", r.outcome.run.hang()}};
  nlohmann::json violated = nlohmann::json::array();
  for (auto p : r.result.violated()) violated.push_back(properties::to_string(p));
  out["violated"] = violated;
  if (const auto* v = r.result.primary())
    out["primary"] = {{"property", properties::to_string(v->what)},
                      {"request_id", v->request_id},
                      {"message_id", v->message_id},
                      {"detail", v->detail}};
  const auto probes = properties::probes_of(r, c);
  nlohmann::json p = nlohmann::json::array();
  for (std::size_t i = 0; i < probes.size(); ++i)
    if (probes[i]) p.push_back(properties::k_probe_names[i]);
  out["probes"] = p;
  if (determinism) out["rerun_hash"] = fmt::format("{:016x}", properties::run_and_check(c, handler).trace_hash);
  return out;
}

bool chosen_for_determinism(std::uint64_t seed, double ratio) {
  if (ratio <= 0) return false;
  std::uint64_t mix = seed * 0x9e3779b97f4a7c15ULL;
  return static_cast<double>(sim::splitmix64(mix) >> 11) * 0x1.0p-53 < ratio;
}

// Runs `c` in this process with a trace; `verdict` (if given) receives the run's result.
std::string trace_of(const case_spec& c, const handler_definition& handler, properties::verdict* verdict = nullptr) {
  std::string memory;
  traces::trace_writer writer(memory, properties::trace_header_of(c));
  const auto r = properties::run_and_check(c, handler, &writer);
  writer.finish({r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
  if (verdict) *verdict = r.result;
  return memory;
}

// "req-… m-…: detail" of a violation, skipping the ids it does not name.
std::string violation_text(const std::string& request_id, const std::string& message_id, const std::string& detail) {
  std::string out;
  if (!request_id.empty()) out += "request " + request_id + " ";
  if (!message_id.empty()) out += "message " + message_id + " ";
  return out + (out.empty() ? "" : "— ") + detail;
}

std::string violation_text(const nlohmann::json& primary) {
  return violation_text(primary.value("request_id", ""), primary.value("message_id", ""), primary.value("detail", ""));
}

// The command line that re-runs one generated case of this check exactly (unshrunk).
std::string reproduce_seed(const check_options& o, std::uint64_t seed) {
  std::string line = fmt::format("slsim check --seed {} --handler {}", seed, o.scenario.handler);
  if (!o.scenario.scenario_file.empty()) line += " --scenario " + o.scenario.scenario_file;
  for (const auto& s : o.scenario.settings) line += " --set " + s;
  if (o.no_faults) line += " --no-faults";
  return line;
}

int check(const check_options& o) {
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  nlohmann::json base = o.scenario.load();  // the effective scenario, validated
  properties::generation_options gen;
  gen.faults = !o.no_faults;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  std::FILE* human = o.json ? stderr : stdout;  // --json: stdout carries the JSON document only
  const shard_spec shard = resolve_shard(o.shard);
  if (!shard.source.empty()) fmt::print(stderr, "slsim check: shard {} from {}\n", shard.text(), shard.source);

  // Which cases: a case file, or generated seeds (sharded), after the regression corpus
  // (whose files are sharded the same way, so merged shards hold each exactly once).
  std::vector<case_spec> cases;
  std::vector<std::string> names;
  if (!o.corpus.empty() && fs::is_directory(o.corpus)) {
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
  std::vector<std::uint64_t> keys(case_count);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = i;
  const auto results = run_in_workers(keys, jobs, [&](std::uint64_t i) {
    const auto c = case_at(i);
    return evaluate(c, handler, chosen_for_determinism(c.seed, o.determinism_ratio));
  });

  // Aggregate.
  std::map<std::string, std::size_t> probe_hits;
  std::optional<std::size_t> first_failure, nondeterministic;
  bool hang = false;
  std::vector<std::pair<std::string, worker_result>> report;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    report.emplace_back(names[i], r);
    if (r.crashed || !r.payload.value("ok", false)) {
      if (!first_failure) first_failure = i;
    }
    if (!r.crashed) {
      hang |= r.payload.value("hang", false);
      for (const auto& p : r.payload.value("probes", nlohmann::json::array())) ++probe_hits[p.get<std::string>()];
      if (r.payload.contains("rerun_hash") && r.payload["rerun_hash"] != r.payload["hash"] && !nondeterministic)
        nondeterministic = i;
    }
  }
  fs::create_directories(o.out_dir);
  const std::string trace_dir = o.trace_dir.empty() ? o.out_dir : o.trace_dir;
  fs::create_directories(trace_dir);
  nlohmann::json summary{{"format", "slsim-check"}, {"version", k_check_results_version}, {"shard", shard.text()},
                         {"cases", case_count},     {"handler", o.scenario.handler},      {"probes", probe_hits}};
  nlohmann::json per_case = nlohmann::json::array();
  for (const auto& [name, r] : report)
    per_case.push_back({{"name", name}, {"crashed", r.crashed}, {"result", r.payload}});
  summary["results"] = per_case;

  // The JUnit entry of every case; the first failure's is replaced by its shrunk form below.
  std::vector<junit_case> junit;
  for (std::size_t i = 0; i < report.size(); ++i) {
    const auto& [name, r] = report[i];
    junit_case j{name, junit_case::outcome::passed, "", "", ""};
    if (r.crashed) {
      j.result = junit_case::outcome::failed;
      j.property = "no_crash";
      j.violation = "the handler crashed the worker (" + signal_name(r.signal) + ")";
    } else if (r.payload.contains("error")) {
      j.result = junit_case::outcome::error;
      j.violation = r.payload["error"].get<std::string>();
    } else if (!r.payload.value("ok", false)) {
      j.result = junit_case::outcome::failed;
      j.property = r.payload.contains("primary") ? r.payload["primary"].value("property", "") : "error";
      j.violation = r.payload.contains("primary") ? violation_text(r.payload["primary"]) : "";
    }
    if (j.result != junit_case::outcome::passed && !o.junit.empty()) {
      const bool generated = i >= given;
      j.details = fmt::format("case: {}\nreplay: {}\n", properties::describe_case(case_at(i)),
                              generated ? reproduce_seed(o, generated_seeds[i - given])
                                        : "slsim run --case " +
                                              (name.rfind("corpus/", 0) == 0 ? o.corpus + "/" + name.substr(7) : name) +
                                              " --handler " + o.scenario.handler);
      if (generated) j.details = "not shrunk (check shrinks the first failure only)\n" + j.details;
    }
    junit.push_back(std::move(j));
  }

  const std::size_t failed = static_cast<std::size_t>(std::count_if(report.begin(), report.end(), [](const auto& r) {
    return r.second.crashed || !r.second.payload.value("ok", false);
  }));
  fmt::print(human, "checked {} case(s) of handler {} ({} job(s)): {} passed, {} failed\n", case_count,
             o.scenario.handler, jobs, case_count - failed, failed);
  std::string coverage;
  for (const auto& name : properties::k_probe_names)
    coverage += fmt::format(" {}={}", name, probe_hits.count(std::string(name)) ? probe_hits[std::string(name)] : 0);
  fmt::print(human, "coverage:{}\n", coverage);

  auto finish = [&](int code) {
    std::ofstream(o.out_dir + "/results.json") << summary.dump(2) << "\n";
    if (!o.junit.empty()) write_junit(o.junit, "slsim.check", junit);
    if (o.json) fmt::print("{}\n", summary.dump());
    return code;
  };
  if (nondeterministic) {
    const auto c = case_at(*nondeterministic);
    const auto a = traces::parse_trace(trace_of(c, handler), "first run");
    const auto b = traces::parse_trace(trace_of(c, handler), "second run");
    fmt::print(human, "nondeterminism: case {} gave two different trace hashes\n", names[*nondeterministic]);
    if (const auto d = traces::first_divergence(a, b)) fmt::print(human, "{}", d->describe("first run", "second run"));
    summary["nondeterministic"] = names[*nondeterministic];
    return finish(k_nondeterminism);
  }
  int code = k_ok;
  if (first_failure) {
    const std::size_t i = *first_failure;
    const auto& r = results[i];
    const bool crash = r.crashed;
    const std::string property = crash                           ? "no_crash"
                                 : r.payload.contains("primary") ? r.payload["primary"].value("property", "")
                                                                 : "error";
    case_spec shrunk = case_at(i);
    int runs = 0;
    if (i >= given) {
      const std::uint64_t seed = generated_seeds[i - given];
      shrunk = properties::shrink_case(
          base, seed, gen,
          [&](const case_spec& candidate) {
            case_spec named = candidate;
            named.handler = o.scenario.handler;
            const auto one = run_in_workers({0}, 1, [&](std::uint64_t) { return evaluate(named, handler, false); });
            if (crash) return one[0].crashed;
            return !one[0].crashed && one[0].payload.contains("violated") &&
                   std::find(one[0].payload["violated"].begin(), one[0].payload["violated"].end(), property) !=
                       one[0].payload["violated"].end();
          },
          o.max_shrink_runs, &runs);
      shrunk.handler = o.scenario.handler;
    }
    const std::string case_path = fmt::format("{}/case-{}.json", o.out_dir, shrunk.seed);
    properties::write_case_file(case_path, shrunk);
    const std::string trace_path = fmt::format("{}/case-{}.trace.jsonl", trace_dir, shrunk.seed);
    // What is reported is the saved (shrunk) case's violation, so the ids printed are the
    // ones `slsim timeline` finds in the saved trace.
    std::string violation;
    if (crash) {
      violation = "handler crashed (" + signal_name(r.signal) + ")";
    } else {
      properties::verdict shrunk_verdict;
      std::ofstream(trace_path) << trace_of(shrunk, handler, &shrunk_verdict);
      for (const auto& v : shrunk_verdict.violations)
        if (properties::to_string(v.what) == property) {
          violation = violation_text(v.request_id, v.message_id, v.detail);
          break;
        }
    }
    const std::string replay = fmt::format("slsim run --case {} --handler {}", case_path, o.scenario.handler);
    if (crash)
      fmt::print(human, "\nFAILED {}: property {} violated ({})", names[i], property, violation);
    else
      fmt::print(human, "\nFAILED {}: property {} violated{}{}", names[i], property, violation.empty() ? "" : ": ",
                 violation);
    fmt::print(human, "\nshrunk in {} run(s) to: {}\n", runs, properties::describe_case(shrunk));
    fmt::print(human, "case file: {}\n", case_path);
    if (!crash) fmt::print(human, "trace: {}\n", trace_path);
    fmt::print(human, "replay: {}\n", replay);
    summary["failure"] = {
        {"case", names[i]},    {"property", property}, {"violation", violation},          {"case_file", case_path},
        {"shrink_runs", runs}, {"replay", replay},     {"trace", crash ? "" : trace_path}};
    auto& j = junit[i];
    j.violation = violation;
    j.details = fmt::format("property {} violated: {}\nshrunk in {} run(s) to: {}\ncase file: {}\nreplay: {}\n",
                            property, violation, runs, properties::describe_case(shrunk), case_path, replay);
    code = k_violation;
  }
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
        fmt::print(human, "coverage: probe {} never fired\n", name);
        code = k_violation;
      }
  }
  if (code == k_ok && hang) code = k_hang;
  return finish(code);
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
  cmd->add_option("--determinism-check", o->determinism_ratio, "share of cases run twice and compared")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-faults", o->no_faults, "generate cases without faults");
  cmd->add_option("--max-shrink-runs", o->max_shrink_runs, "bound on shrinking runs")->capture_default_str();
  cmd->add_flag("--json", o->json, "print the results as one JSON object on stdout (the report goes to stderr)");
  cmd->callback([o, &result] { result = guarded([&] { return check(*o); }); });
}

}  // namespace slsim::cli
