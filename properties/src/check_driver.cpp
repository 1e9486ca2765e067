// The one check driver (docs/architecture.md §6, §10): `slsim::check` and `slsim check` both
// come here with their case_runner; cases are generated and shrunk from the same seeds, so
// a seed or case file reproduces across both.
#include "slsim/properties/check_driver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "slsim/properties/probes.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::properties {

const char* to_string(case_outcome o) noexcept {
  switch (o) {
    case case_outcome::pass:
      return "pass";
    case case_outcome::violation:
      return "violation";
    case case_outcome::crash:
      return "crash";
    case case_outcome::hang:
      return "hang";
    case case_outcome::model_bug:
      return "model_bug";
    case case_outcome::error:
      return "error";
    case case_outcome::not_run:
      return "not_run";
  }
  return "?";
}

checked_case checked_from(case_report report, nlohmann::json result) {
  checked_case c;
  c.reported = true;
  c.report = std::move(report);
  c.result = std::move(result);
  const auto& rep = c.report;
  if (rep.hang) {
    c.outcome = case_outcome::hang;
    c.property = rep.guard;
    c.message = fmt::format("guard {}: {}{}", c.property, rep.guard_detail,
                            rep.last_event.empty() ? "" : "; last event: " + rep.last_event);
  } else if (!rep.ok) {
    c.outcome = case_outcome::violation;
    if (rep.primary) {
      const auto& v = *rep.primary;
      c.property = v.property;
      c.message = fmt::format("{} {} {}", v.client_request_id, v.message_id, v.detail);
    }
  } else {
    c.outcome = case_outcome::pass;
  }
  return c;
}

case_spec check_plan::case_at(std::size_t index) const {
  if (index < given.size()) return given[index].spec;
  case_spec c = generate_case(base, seeds[index - given.size()], gen);
  c.handler = handler_label;
  return c;
}

std::string check_plan::name_at(std::size_t index) const {
  return index < given.size() ? given[index].name : fmt::format("seed_{}", seeds[index - given.size()]);
}

bool chosen_for_determinism(std::uint64_t seed, double ratio) {
  if (ratio <= 0) return false;
  std::uint64_t mix = seed * 0x9e3779b97f4a7c15ULL;
  return static_cast<double>(sim::splitmix64(mix) >> 11) * 0x1.0p-53 < ratio;
}

std::size_t check_report::count(case_outcome o) const {
  return static_cast<std::size_t>(
      std::count_if(cases.begin(), cases.end(), [&](const auto& c) { return c.outcome == o; }));
}

namespace {
bool counts(const check_plan& p, property what) {
  return p.counted.empty() || std::find(p.counted.begin(), p.counted.end(), what) != p.counted.end();
}

std::optional<std::size_t> first_of(const std::vector<checked_case>& cases, std::initializer_list<case_outcome> kinds) {
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (std::find(kinds.begin(), kinds.end(), cases[i].outcome) != kinds.end()) return i;
  return std::nullopt;
}

std::string write_case(const check_plan& p, const case_spec& c) {
  if (p.out_dir.empty()) return "";
  std::filesystem::create_directories(p.out_dir);
  const std::string path = fmt::format("{}/case-{}.json", p.out_dir, c.seed);
  write_case_file(path, c);
  return path;
}

std::string trace_dir_of(const check_plan& p) { return p.trace_dir.empty() ? p.out_dir : p.trace_dir; }

// Shrinks the first failure (a generated case: given cases are checked as they are), writes
// it with its trace and fills in the failure part of the report.
void report_failure(const check_plan& p, case_runner& runner, std::size_t index, check_report& out) {
  const auto& failure = out.cases[index];
  const bool crash = failure.outcome == case_outcome::crash;
  const std::string property = failure.property;
  out.failure = index;
  out.failure_property = property;
  out.failing_case = failure.name;
  out.violated = parse_property(property);
  case_spec shrunk = p.case_at(index);
  const bool generated = index >= p.given.size();
  if (generated) out.failing_seed = p.seeds[index - p.given.size()];
  if (generated && p.shrink && runner.interrupted() == 0) {
    // Keep the way it failed: a crash stays a crash, a property the same property; a
    // candidate the models reject (an error) does not fail the same way.
    shrunk = shrink_case(
        p.base, *out.failing_seed, p.gen,
        [&](const case_spec& candidate) {
          case_spec named = candidate;
          named.handler = p.handler_label;
          const auto r = runner.run_alone(named);
          if (crash) return r.outcome == case_outcome::crash;
          return r.outcome == case_outcome::violation && r.report.violates(property);
        },
        p.max_shrink_runs, &out.shrink_runs);
    shrunk.handler = p.handler_label;
  }
  out.description = describe_case(shrunk);
  out.case_file = write_case(p, shrunk);
  const std::string trace_path =
      p.out_dir.empty() ? "" : fmt::format("{}/case-{}.trace.jsonl", trace_dir_of(p), shrunk.seed);
  const auto traced = runner.interrupted() == 0 ? runner.trace(shrunk, trace_path) : trace_run{};
  if (traced.ran && !trace_path.empty()) out.trace_file = trace_path;
  // What is reported is the saved (shrunk) case's violation, so the ids printed are the
  // ones `slsim timeline` finds in the saved trace.
  if (!crash && traced.traced)
    for (const auto& v : traced.traced->violations)
      if (v.property == property) {
        out.detail = violation{*parse_property(v.property), v.client_request_id, v.message_id, v.detail};
        break;
      }
  if (!out.case_file.empty() && p.replay) out.replay = p.replay(out.case_file);
  out.shrunk = std::move(shrunk);
}

// Both runs' traces, each from a pristine process, compared as files (bounded memory).
void report_nondeterminism(const check_plan& p, case_runner& runner, std::size_t index, check_report& out) {
  out.nondeterministic = index;
  const auto c = p.case_at(index);
  const std::string first = fmt::format("{}/case-{}.run1.trace.jsonl", trace_dir_of(p), c.seed);
  const std::string second = fmt::format("{}/case-{}.run2.trace.jsonl", trace_dir_of(p), c.seed);
  runner.trace(c, first);
  runner.trace(c, second);
  traces::trace_stream a(first, false), b(second, false);
  if (const auto d = traces::first_divergence(a, b)) {
    out.divergence = d->describe("first run", "second run");
    out.divergent_request = d->request;
  }
  out.nondeterminism_traces = {first, second};
}
}  // namespace

check_report run_check(const check_plan& p, case_runner& runner) {
  check_report out;
  out.handler = p.handler_label;
  const std::size_t case_count = p.case_count();
  // Every case once; the cases chosen for the determinism check once more, both runs from
  // pristine processes: process-global handler state cannot leak from one into the other.
  std::vector<case_job> jobs(case_count);
  std::vector<std::size_t> rerun_of;
  for (std::size_t i = 0; i < case_count; ++i) {
    const std::uint64_t seed = i < p.given.size() ? p.given[i].spec.seed : p.seeds[i - p.given.size()];
    jobs[i] = {i, chosen_for_determinism(seed, p.determinism_ratio)};
    if (jobs[i].fresh) rerun_of.push_back(i);
  }
  for (auto i : rerun_of) jobs.push_back({i, true});
  const double base_wall = wall_seconds_of(p.base);
  case_source source{
      [&](std::size_t i) { return p.case_at(i); },
      [&](std::size_t i) { return i < p.given.size() ? wall_seconds_of(p.given[i].spec.scenario) : base_wall; }};
  auto batch = runner.run(jobs, source);
  out.interrupted_by = batch.interrupted_by;
  out.stopped_after_timeout = batch.stopped_after_timeout;

  // Aggregate.
  for (std::size_t i = 0; i < case_count; ++i) {
    out.cases.push_back(std::move(batch.results[i]));
    auto& c = out.cases.back();
    c.name = p.name_at(i);
    if (c.outcome != case_outcome::not_run) ++out.cases_run;
    if (c.outcome != case_outcome::pass && c.outcome != case_outcome::violation) continue;
    for (const auto& probe : c.report.probes) ++out.probe_hits[probe];
    if (c.report.vacuous) ++out.vacuous_cases;
    if (c.report.global_state && !out.global_state) out.global_state = i;
  }
  std::optional<std::size_t> nondeterministic;
  for (std::size_t j = 0; j < rerun_of.size() && !nondeterministic; ++j) {
    const auto& first = out.cases[rerun_of[j]];
    const auto& second = batch.results[case_count + j];
    if (first.reported && second.reported && !first.report.hang && !second.report.hang &&
        first.report.hash != second.report.hash)
      nondeterministic = rerun_of[j];
  }

  // Property failures first, with their replay line: no other verdict may hide them.
  if (const auto i = first_of(out.cases, {case_outcome::violation, case_outcome::crash, case_outcome::error}))
    report_failure(p, runner, *i, out);
  if (const auto i = first_of(out.cases, {case_outcome::hang})) {
    out.hang = *i;
    const auto& h = out.cases[*i];
    out.guard = h.property;
    out.guard_detail = h.reported ? h.report.guard_detail : h.message;
    if (!out.failure) {
      out.failing_case = h.name;
      if (*i >= p.given.size()) out.failing_seed = p.seeds[*i - p.given.size()];
    }
    out.hang_case_file = write_case(p, p.case_at(*i));
  }
  if (const auto i = first_of(out.cases, {case_outcome::model_bug})) {
    out.model_bug = *i;
    out.model_bug_case_file = write_case(p, p.case_at(*i));
  }
  if (nondeterministic && runner.interrupted() == 0) report_nondeterminism(p, runner, *nondeterministic, out);

  // docs/architecture.md §6: a green check must have checked something.
  out.all_vacuous = !out.cases.empty() && std::all_of(out.cases.begin(), out.cases.end(), [](const checked_case& c) {
    return c.outcome == case_outcome::pass && c.report.vacuous;
  });
  const bool failed = out.failure || out.hang || out.model_bug || out.nondeterministic || out.interrupted_by != 0 ||
                      out.count(case_outcome::not_run) > 0;
  if (!failed)
    for (const auto& name : p.required_probes)
      if (!out.probe_hits.count(name)) out.missing_coverage.push_back(name);
  out.passed = !failed && out.missing_coverage.empty();
  if (!failed && out.all_vacuous && counts(p, property::vacuous)) {
    out.passed = false;
    out.violated = property::vacuous;
    out.description = "no case accepted a request and reached the handler";
  }
  return out;
}

std::string check_report::describe() const {
  std::string s = fmt::format("checked {} case(s) of handler {}: {}\n", cases_run, handler,
                              !guard.empty() && !failure ? "1 stopped by a hang guard (no verdict for it)"
                              : violated                 ? "1 failed (stopped at the first failure)"
                                                         : "all passed");
  std::string coverage;
  for (const auto& name : k_probe_names) {
    const auto it = probe_hits.find(std::string(name));
    coverage += fmt::format(" {}={}", name, it == probe_hits.end() ? 0 : it->second);
  }
  s += fmt::format("coverage:{}\n", coverage);
  for (const auto& name : missing_coverage) s += fmt::format("coverage: probe {} never fired\n", name);
  if (!guard.empty() && !failure)
    return s + fmt::format(
                   "\nHANG {}: guard {} fired: {}\nno property verdict for this case (a guard stopped it "
                   "before it finished)\n",
                   failing_case, guard, guard_detail);
  if (!violated) return s;
  s += fmt::format("\nFAILED {}: property {} violated", failing_case, properties::to_string(*violated));
  if (detail) s += fmt::format(": {} {} {}", detail->client_request_id, detail->message_id, detail->detail);
  s += fmt::format("\nshrunk in {} run(s) to: {}\n", shrink_runs, description);
  if (failing_seed) s += fmt::format("unshrunk case: check_options first_seed = {}, seeds = 1\n", *failing_seed);
  if (!case_file.empty()) {
    s += fmt::format("case file: {}\n", case_file);
    if (!trace_file.empty()) s += fmt::format("trace: {}\n", trace_file);
    s += fmt::format("replay: {}\n", replay);
    s += fmt::format("reproduce in a test: check_options::case_file = \"{}\"\n", case_file);
  } else if (shrunk) {
    s += fmt::format("case (set check_options::out_dir to write it as a file): {}\n", nlohmann::json(*shrunk).dump());
  }
  return s;
}

std::ostream& operator<<(std::ostream& os, const check_report& r) { return os << r.describe(); }

in_process_runner::in_process_runner(const handler_definition& handler, std::vector<property> only,
                                     bool stop_at_first_failure)
    : handler_(handler), only_(std::move(only)), stop_at_first_failure_(stop_at_first_failure) {}

batch_run in_process_runner::run(const std::vector<case_job>& jobs, const case_source& cases) {
  batch_run out;
  out.results.resize(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    auto report = evaluate_case(cases.at(jobs[j].index), handler_, nullptr, only_);
    nlohmann::json result = report;
    out.results[j] = checked_from(std::move(report), std::move(result));
    if (stop_at_first_failure_ && out.results[j].outcome != case_outcome::pass) break;
  }
  return out;
}

checked_case in_process_runner::run_alone(const case_spec& c) {
  try {
    auto report = evaluate_case(c, handler_, nullptr, only_);
    nlohmann::json result = report;
    return checked_from(std::move(report), std::move(result));
  } catch (const std::exception& e) {
    checked_case out;
    out.outcome = case_outcome::error;
    out.property = "error";
    out.message = e.what();
    out.result = {{"error", e.what()}};
    return out;
  }
}

trace_run in_process_runner::trace(const case_spec& c, const std::string& path) {
  return {true, write_case_trace(c, handler_, path)};
}

}  // namespace slsim::properties
