// `slsim check`: property-check a handler over many generated cases (docs/architecture.md §6, §10).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "handler_resolution.hpp"
#include "scenario_options.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "version.hpp"
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
  // `vacuous` is judged over the whole check, not per case: a generated one-request case
  // whose request the gateway rejects still checks the boundary property.
  const auto kinds = r.result.violated();
  const bool vacuous = kinds.count(properties::property::vacuous) > 0;
  nlohmann::json out{{"ok", kinds.size() == (vacuous ? 1u : 0u)},
                     {"vacuous", vacuous},
                     {"hash", fmt::format("{:016x}", r.trace_hash)},
                     {"hang", r.outcome.run.hang()}};
  nlohmann::json violated = nlohmann::json::array();
  for (auto p : kinds)
    if (p != properties::property::vacuous) violated.push_back(properties::to_string(p));
  out["violated"] = violated;
  if (const auto* v = r.result.primary(); v && v->what != properties::property::vacuous)
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

std::string trace_of(const case_spec& c, const handler_definition& handler) {
  std::string memory;
  traces::trace_writer writer(memory, {k_version, c.handler, nlohmann::json(c)});
  const auto r = properties::run_and_check(c, handler, &writer);
  writer.finish({r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
  return memory;
}

void write_junit(const std::string& path, const std::vector<std::pair<std::string, worker_result>>& cases) {
  std::ofstream out(path);
  std::size_t failures = 0;
  for (const auto& [name, r] : cases) failures += (r.crashed || !r.payload.value("ok", false)) ? 1 : 0;
  out << R"x(<?xml version="1.0" encoding="UTF-8"?>)x"
      << "\n"
      << fmt::format(R"x(<testsuite name="slsim.check" tests="{}" failures="{}">)x", cases.size(), failures) << "\n";
  for (const auto& [name, r] : cases) {
    out << fmt::format(R"x(  <testcase classname="slsim.check" name="{}")x", name);
    if (r.crashed) {
      out << fmt::format(R"x(><failure message="no_crash: handler crashed ({})"/></testcase>)x", signal_name(r.signal))
          << "\n";
    } else if (!r.payload.value("ok", false)) {
      std::string detail =
          r.payload.contains("primary") ? r.payload["primary"].value("detail", "") : r.payload.value("error", "");
      for (auto& ch : detail)
        if (ch == '"' || ch == '<' || ch == '>' || ch == '&') ch = '\'';
      out << fmt::format(R"x(><failure message="{}: {}"/></testcase>)x",
                         r.payload.contains("primary") ? r.payload["primary"].value("property", "?") : "error", detail)
          << "\n";
    } else {
      out << "/>\n";
    }
  }
  out << "</testsuite>\n";
}

int check(const check_options& o) {
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  nlohmann::json base = o.scenario.load();  // the effective scenario, validated
  properties::generation_options gen;
  gen.faults = !o.no_faults;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();

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
  if (!o.junit.empty()) write_junit(o.junit, report);
  nlohmann::json summary{
      {"format", "slsim-check"},       {"version", 1},        {"shard", o.shard}, {"cases", case_count},
      {"handler", o.scenario.handler}, {"probes", probe_hits}};
  nlohmann::json per_case = nlohmann::json::array();
  for (const auto& [name, r] : report)
    per_case.push_back({{"name", name}, {"crashed", r.crashed}, {"result", r.payload}});
  summary["results"] = per_case;

  const std::size_t failed = static_cast<std::size_t>(std::count_if(report.begin(), report.end(), [](const auto& r) {
    return r.second.crashed || !r.second.payload.value("ok", false);
  }));
  fmt::print("checked {} case(s) of handler {} ({} job(s)): {} passed, {} failed\n", case_count, o.scenario.handler,
             jobs, case_count - failed, failed);
  std::string coverage;
  for (const auto& name : properties::k_probe_names)
    coverage += fmt::format(" {}={}", name, probe_hits.count(std::string(name)) ? probe_hits[std::string(name)] : 0);
  fmt::print("coverage:{}\n", coverage);

  if (nondeterministic) {
    const auto c = case_at(*nondeterministic);
    const auto a = traces::parse_trace(trace_of(c, handler), "first run");
    const auto b = traces::parse_trace(trace_of(c, handler), "second run");
    fmt::print("nondeterminism: case {} gave two different trace hashes\n", names[*nondeterministic]);
    if (const auto d = traces::first_divergence(a, b)) fmt::print("{}", d->describe("first run", "second run"));
    std::ofstream(o.out_dir + "/results.json") << summary.dump(2) << "\n";
    return k_nondeterminism;
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
    if (!crash) {
      std::ofstream(trace_path) << trace_of(shrunk, handler);
    }
    fmt::print("\nFAILED {}: property {} violated", names[i], property);
    if (crash)
      fmt::print(" (handler crashed ({}))", signal_name(r.signal));
    else if (r.payload.contains("primary"))
      fmt::print(": {} {} {}", r.payload["primary"].value("request_id", ""),
                 r.payload["primary"].value("message_id", ""), r.payload["primary"].value("detail", ""));
    fmt::print("\nshrunk in {} run(s) to: {}\n", runs, properties::describe_case(shrunk));
    fmt::print("case file: {}\n", case_path);
    if (!crash) fmt::print("trace: {}\n", trace_path);
    fmt::print("replay: slsim run --case {} --handler {}\n", case_path, o.scenario.handler);
    summary["failure"] = {{"case", names[i]}, {"property", property}, {"case_file", case_path}, {"shrink_runs", runs}};
    code = k_violation;
  }
  // docs/architecture.md §6: a green check must have checked something.
  const bool all_vacuous = !report.empty() && std::all_of(report.begin(), report.end(), [](const auto& r) {
    return !r.second.crashed && r.second.payload.value("vacuous", false);
  });
  if (code == k_ok && all_vacuous) {
    fmt::print(
        "\nFAILED: property vacuous violated: in none of the {} case(s) was a request accepted and a message "
        "handled; declare \"expect\": {{\"vacuous\": true}} in the scenario if that is intended\n",
        report.size());
    summary["failure"] = {{"property", "vacuous"}};
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
        fmt::print("coverage: probe {} never fired\n", name);
        code = k_violation;
      }
  }
  if (code == k_ok && hang) code = k_hang;
  std::ofstream(o.out_dir + "/results.json") << summary.dump(2) << "\n";
  if (o.json) fmt::print("{}\n", summary.dump());
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
