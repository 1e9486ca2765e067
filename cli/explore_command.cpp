// `slsim explore`: bounded-exhaustive fault placement over one case, ending in the first
// counterexample or a certificate (docs/exploration.md).
//
// The case runs once without faults, logging every trigger point a keyed fault can address
// (faults::point_log). Every placement of every chosen kind at those points then runs as a
// case of its own (level 1); every placement that passed is extended by every placement its
// own run offers after it (level 2), and so on up to --max-faults. Levels run in order, so
// the first counterexample has the fewest faults any counterexample of this case has.
// Placements run in check's forked workers (cli/workers.cpp): a crashing or hanging
// handler is a verdict, never the end of explore.
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <sstream>

#include "case_eval.hpp"
#include "check_report.hpp"
#include "commands.hpp"
#include "handler_resolution.hpp"
#include "interruption.hpp"
#include "number_options.hpp"
#include "progress.hpp"
#include "shard.hpp"
#include "slsim/faults/placements.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/properties/probes.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {
namespace fs = std::filesystem;
using faults::fault_kind;
using faults::placement;
using properties::case_spec;

struct explore_options {
  std::string case_file;
  std::string handler;
  std::string handler_cmd;  // an external handler process (issue: docs/other-languages.md)
  int max_faults = 2;
  std::uint64_t max_placements = 0;  // 0: no bound
  std::string shard;
  std::string out_dir = "slsim-out";
  std::string kinds = "all";
  bool no_prune = false;
  int jobs = 0;
  int worker_reuse = 200;
};

// --kinds: fault kind names (fault_plan.hpp) or the short groups below.
std::vector<fault_kind> parse_kinds(const std::string& text) {
  static const std::vector<std::pair<std::string, std::vector<fault_kind>>> groups{
      {"crash", {fault_kind::handler_crash}},
      {"throttle", {fault_kind::store_throttle}},
      {"timeout", {fault_kind::store_timeout_applied, fault_kind::store_timeout_lost}},
      {"spike", {fault_kind::store_latency_spike}},
      {"error", {fault_kind::store_error}},
      {"duplicate", {fault_kind::duplicate_delivery}},
      {"delete", {fault_kind::delete_failure}},
      {"recycle", {fault_kind::environment_recycle}},
      {"gateway", {fault_kind::gateway_lost_response, fault_kind::gateway_slow}},
  };
  std::vector<fault_kind> out;
  auto add = [&](fault_kind k) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    if (item == "all") {
      for (std::size_t k = 0; k < faults::k_fault_kinds; ++k) add(static_cast<fault_kind>(k));
      continue;
    }
    fault_kind k{};
    if (faults::parse_fault_kind(item, k)) {
      add(k);
      continue;
    }
    const auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == item; });
    if (g == groups.end())
      throw models::input_error("--kinds", "",
                                fmt::format("unknown fault kind \"{}\" (expected all, crash, throttle, "
                                            "timeout, spike, error, duplicate, delete, recycle, "
                                            "gateway, or a kind name such as store_timeout_lost)",
                                            item));
    for (const auto k2 : g->second) add(k2);
  }
  if (out.empty()) throw models::input_error("--kinds", "", "no fault kind given");
  std::sort(out.begin(), out.end());
  return out;
}

std::string kinds_text(const std::vector<fault_kind>& kinds) {
  std::string out;
  for (const auto k : kinds) out += (out.empty() ? "" : ",") + std::string(faults::to_string(k));
  return out;
}

// What a worker returns for one placement: check's case report (the same oracles, the same
// fields: properties::evaluate_case) and, when the placement is to be extended, its trigger points.
nlohmann::json evaluate_placement(const case_spec& c, const handler_definition& handler, breadcrumb& crumb,
                                  bool log_points) {
  breadcrumb_listener listener(crumb, nullptr);
  faults::point_log points;
  case_report out = properties::evaluate_case(c, handler, &listener, {}, log_points ? &points : nullptr);
  if (out.hang) {
    out.last_event = describe(crumb);
    return out;
  }
  nlohmann::json j = out;
  if (log_points) j["points"] = points;
  return j;
}

case_spec with_plan(const case_spec& base, const std::vector<placement>& plan) {
  case_spec c = base;
  for (const auto& p : plan) c.plan.faults.push_back(p.f);
  return c;
}

struct level_counts {
  std::uint64_t enumerated = 0, run = 0;
  std::array<std::uint64_t, faults::k_prune_rules> pruned{};
};

nlohmann::json counts_json(const level_counts& c) {
  return {{"enumerated", c.enumerated},
          {"pruned",
           {{"state", c.pruned[1]},
            {"lineage", c.pruned[2]},
            {"equivalent", c.pruned[3]},
            {"total", c.pruned[1] + c.pruned[2] + c.pruned[3]}}},
          {"run", c.run}};
}

// A plan that passed, with the points of its run: the parent of the next level.
struct explored {
  std::vector<placement> plan;
  faults::point_log log;
};

int explore(const explore_options& o) {
  interruption_scope interruption;
  const auto started = std::chrono::steady_clock::now();
  const case_spec original = properties::read_case_file(o.case_file);
  const std::string handler_name =
      o.handler.empty() ? recorded_handler(original.handler, o.case_file) : handler_reference(o.handler);
  const handler_definition& handler = resolve_handler(handler_name);
  const auto kinds = parse_kinds(o.kinds);
  case_spec base = original;
  if (!o.handler_cmd.empty()) {
    // As `check --handler-cmd`: the command runs as the handler; its directory is recorded
    // absolute, so the counterexample replays from anywhere.
    auto& runtime = base.scenario["function"]["runtime"];
    runtime["command"] = o.handler_cmd;
    if (!runtime.contains("cwd")) runtime["cwd"] = fs::current_path().string();
  }
  const bool external = base.scenario.contains("function") && base.scenario["function"].contains("runtime");
  const pipeline::scenario s = pipeline::load_scenario(base.scenario, o.case_file);
  // What ran as the handler, in the certificate and summary.
  const std::string handler_label =
      s.function.runtime ? fmt::format("process '{}'", s.function.runtime->command) : handler_name;
  const shard_spec shard = resolve_shard(o.shard);
  fs::create_directories(o.out_dir);
  // The case without its own faults (buggify sites are a fault source too).
  base.plan = {};
  base.handler = handler_name;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  const double wall = wall_seconds_of(base.scenario);

  faults::placement_options popt;
  popt.kinds = kinds;
  popt.spike_seconds = {s.function.timeout_s + 1.0, 60.0};  // just past the function timeout (L5), and far past

  std::vector<level_counts> levels;
  std::uint64_t runs = 0, unaddressable = 0, unaddressable_invocations = 0;
  bool bounded = false;
  std::optional<std::pair<std::vector<placement>, checked_case>> failure, hang, model_bug;

  // Runs plans in workers, in order; a level below --max-faults logs its points.
  auto run_plans = [&](const std::vector<std::vector<placement>>& plans, bool log, const std::string& what) {
    std::vector<std::uint64_t> keys(plans.size());
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = i;
    progress_line progress(plans.size(), "placements");
    worker_options options;
    options.jobs = jobs;
    options.reuse = o.worker_reuse;
    options.deadline_s = [&](std::uint64_t) { return wall; };
    options.confirm = [](const worker_result& r) {
      const auto report = report_of(r);
      return !report || !report->ok;
    };
    options.progress = [&](std::size_t finished, std::uint64_t) { progress.update(finished, what); };
    auto batch = run_in_workers(
        keys,
        [&](std::uint64_t key, breadcrumb& crumb) {
          return evaluate_placement(with_plan(base, plans[key]), handler, crumb, log);
        },
        options);
    progress.finish();
    return batch;
  };

  // Level 0: the case without faults; its points are where level 1 places faults.
  std::vector<explored> frontier;
  {
    auto batch = run_plans({{}}, o.max_faults > 0, "without faults");
    ++runs;
    auto c = classify("no faults", batch.results[0]);
    if (batch.interrupted_by != 0) return 128 + batch.interrupted_by;
    if (c.outcome == case_outcome::pass) {
      explored none;
      if (o.max_faults > 0) none.log = batch.results[0].payload.at("points").get<faults::point_log>();
      frontier.push_back(std::move(none));
    } else if (c.outcome == case_outcome::hang) {
      hang.emplace(std::vector<placement>{}, std::move(c));
    } else if (c.outcome == case_outcome::model_bug) {
      model_bug.emplace(std::vector<placement>{}, std::move(c));
    } else {
      failure.emplace(std::vector<placement>{}, std::move(c));
    }
  }

  for (int level = 1; level <= o.max_faults && !failure && !model_bug && !frontier.empty() && !bounded; ++level) {
    level_counts counts;
    std::vector<std::vector<placement>> plans;
    std::uint64_t index = 0;  // level 1: the placement's index, for --shard
    for (const auto& parent : frontier) {
      auto options = popt;
      if (!parent.plan.empty()) options.after = parent.plan.back();
      faults::placement_stats stats;
      for (auto& p : faults::enumerate_placements(parent.log, options, !o.no_prune, &stats)) {
        if (level == 1 && index++ % shard.count != shard.index) continue;
        ++counts.enumerated;
        if (p.pruned != faults::prune_rule::none) {
          ++counts.pruned[static_cast<std::size_t>(p.pruned)];
          continue;
        }
        auto plan = parent.plan;
        plan.push_back(std::move(p));
        plans.push_back(std::move(plan));
      }
      unaddressable += stats.unaddressable_calls;
      unaddressable_invocations += stats.unaddressable_invocations;
    }
    if (o.max_placements > 0 && runs + plans.size() > o.max_placements) {
      plans.resize(static_cast<std::size_t>(o.max_placements > runs ? o.max_placements - runs : 0));
      bounded = true;
    }
    counts.run = plans.size();
    levels.push_back(counts);
    const bool extend = level < o.max_faults;
    auto batch = run_plans(plans, extend, fmt::format("{} fault(s)", level));
    runs += plans.size();
    if (batch.interrupted_by != 0) return 128 + batch.interrupted_by;
    std::vector<explored> next;
    for (std::size_t i = 0; i < plans.size(); ++i) {
      auto c = classify(fmt::format("placement {}", i), batch.results[i]);
      switch (c.outcome) {
        case case_outcome::pass:
          if (extend) next.push_back({plans[i], batch.results[i].payload.at("points").get<faults::point_log>()});
          break;
        case case_outcome::violation:
        case case_outcome::crash:
        case case_outcome::error:
          if (!failure) failure.emplace(plans[i], std::move(c));
          break;
        case case_outcome::hang:
          if (!hang) hang.emplace(plans[i], std::move(c));
          break;
        case case_outcome::not_run:  // the batch stopped after a hang
          break;
        case case_outcome::model_bug:
          if (!model_bug) model_bug.emplace(plans[i], std::move(c));
          break;
      }
    }
    frontier = std::move(next);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  level_counts total;
  nlohmann::json by_level = nlohmann::json::array();
  for (const auto& l : levels) {
    total.enumerated += l.enumerated;
    total.run += l.run;
    for (std::size_t r = 0; r < l.pruned.size(); ++r) total.pruned[r] += l.pruned[r];
    by_level.push_back(counts_json(l));
  }
  nlohmann::json summary{{"format", "slsim-explore"},
                         {"version", 1},
                         {"case", o.case_file},
                         {"handler", handler_label},
                         {"max_faults", o.max_faults},
                         {"kinds", kinds_text(kinds)},
                         {"prune", !o.no_prune},
                         {"shard", shard.text()},
                         {"placements", counts_json(total)},
                         {"levels", by_level},
                         {"runs", runs},
                         {"unaddressable_invocations", unaddressable_invocations},
                         {"unaddressable_calls", unaddressable},
                         {"wall_seconds", seconds}};
  const std::string counts_line = fmt::format(
      "placements: {} enumerated, {} pruned (state {}, lineage {}, equivalent {}), {} run (+1 without faults), "
      "{:.2f} s",
      total.enumerated, total.pruned[1] + total.pruned[2] + total.pruned[3], total.pruned[1], total.pruned[2],
      total.pruned[3], total.run, seconds);
  auto write_case = [&](const std::vector<placement>& plan) {
    case_spec c = with_plan(base, plan);
    const std::string path = fmt::format("{}/explore-case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(path, c);
    return std::make_pair(c, path);
  };
  // An external handler's command is in the case itself.
  const std::string replay_flags = external ? std::string() : fmt::format(" --handler {}", handler_name);

  if (failure) {
    const auto& [plan, c] = *failure;
    const auto [cs, path] = write_case(plan);
    std::string violation = c.message;
    if (c.outcome == case_outcome::violation && c.report.primary) {
      const auto& v = *c.report.primary;
      violation = (v.client_request_id.empty() ? "" : "request " + v.client_request_id + " ") +
                  (v.message_id.empty() ? "" : "message " + v.message_id + " ") + "— " + v.detail;
    }
    fmt::print("FAILED: property {} violated: {}\n", c.property, violation);
    fmt::print("with {} fault(s){}\n", plan.size(),
               plan.empty() ? " (the case fails as it is)" : ", the fewest any counterexample of this case needs:");
    for (const auto& p : plan) fmt::print("  {}\n", faults::describe(p.f));
    fmt::print("{}\ncase file: {}\nreplay: slsim run --case {}{}\n", counts_line, path, path, replay_flags);
    summary["counterexample"] = {{"property", c.property},
                                 {"violation", violation},
                                 {"faults", cs.plan.faults},
                                 {"case_file", path},
                                 {"replay", fmt::format("slsim run --case {}{}", path, replay_flags)}};
    io::write_file(o.out_dir + "/explore.json", summary.dump(2) + "\n");
    return k_violation;
  }
  if (model_bug) {
    const auto [cs, path] = write_case(model_bug->first);
    fmt::print("MODEL BUG: {}\ncase file: {}\nreplay: slsim run --case {}{}\n", model_bug->second.message, path, path,
               replay_flags);
    summary["model_bug"] = {{"case_file", path}};
    io::write_file(o.out_dir + "/explore.json", summary.dump(2) + "\n");
    return k_model_bug;
  }
  if (hang) {
    const auto [cs, path] = write_case(hang->first);
    fmt::print(
        "HANG: {}\nno certificate: a placement has no verdict (a guard stopped it)\n{}\ncase file: {}\n"
        "replay: slsim run --case {}{}\n",
        hang->second.message, counts_line, path, path, replay_flags);
    summary["hang"] = {{"message", hang->second.message}, {"case_file", path}};
    io::write_file(o.out_dir + "/explore.json", summary.dump(2) + "\n");
    return k_hang;
  }
  const std::string scope = fmt::format("<= {} fault(s) of kinds {}", o.max_faults, kinds_text(kinds));
  if (bounded) {
    fmt::print("no counterexample in {} run(s), but no certificate: stopped at --max-placements {}\n{}\n", runs,
               o.max_placements, counts_line);
    summary["certificate"] = {{"complete", false}, {"statement", "stopped at --max-placements: no claim"}};
  } else {
    const std::string statement =
        fmt::format("no counterexample with {} for this case{}", scope,
                    shard.given ? fmt::format(" (shard {}: the placements with level-1 index = {} mod {})",
                                              shard.text(), shard.index, shard.count)
                                : "");
    fmt::print("certificate: {}\n  case {}, handler {}{}\n{}\n", statement, o.case_file, handler_label,
               o.no_prune ? ", no pruning" : "", counts_line);
    if (unaddressable_invocations > 0)
      fmt::print(
          "  not covered: {} invocation(s) with {} store call(s), summed over the runs explored, that no keyed "
          "trigger addresses (a client's resent copy of a request, received at a count its first copy had)\n",
          unaddressable_invocations, unaddressable);
    summary["certificate"] = {{"complete", true}, {"statement", statement}};
  }
  io::write_file(o.out_dir + "/certificate.json", summary.dump(2) + "\n");
  fmt::print("certificate file: {}/certificate.json\n", o.out_dir);
  return k_ok;
}
}  // namespace

void add_explore_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand(
      "explore", "Place up to N faults at every trigger point of one case: a counterexample or a certificate");
  auto o = std::make_shared<explore_options>();
  cmd->add_option("--case", o->case_file, "the case file to explore (its own faults are removed)")->required();
  auto* named = cmd->add_option("--handler", o->handler, "built-in handler name or plugin file (default: the case's)");
  cmd->add_option("--handler-cmd", o->handler_cmd,
                  "run this shell command as the handler instead (an unmodified process speaking the Lambda Runtime "
                  "API, as `check --handler-cmd`); sets function.runtime.command, cwd the current directory")
      ->excludes(named);
  cmd->add_option("--max-faults", o->max_faults, "faults per placement, at most")
      ->check(CLI::Range(0, 3))
      ->capture_default_str();
  cmd->add_option("--max-placements", o->max_placements, "stop after this many runs (0: no bound; no certificate)")
      ->check(whole_number())
      ->capture_default_str();
  cmd->add_option("--kinds", o->kinds,
                  "fault kinds: all, or a comma-separated list of crash, throttle, timeout, spike, error, duplicate, "
                  "delete, recycle, gateway and kind names")
      ->capture_default_str();
  cmd->add_flag("--no-prune", o->no_prune, "run every placement (no pruning rule applies)");
  cmd->add_option("--shard", o->shard, "I/N: explore the level-1 placements with index = I mod N and their extensions");
  cmd->add_option("--out,-o", o->out_dir, "directory for certificate.json or the counterexample")
      ->capture_default_str();
  cmd->add_option("--jobs", o->jobs, "worker processes (default: cores)")->check(CLI::Range(1, 4096));
  cmd->add_option("--worker-reuse", o->worker_reuse, "placements one worker process runs before it is replaced")
      ->check(CLI::Range(1, 1000000));
  cmd->callback([o, &result] { result = guarded([&] { return explore(*o); }); });
}

}  // namespace slsim::cli
