// slsim::check: `slsim check` in-process, for a user's own test suite (docs/architecture.md §6, §10).
// Cases are generated and shrunk exactly as the command does (generate_case /
// shrink_case from the same seeds), so a seed or case file reproduces across both.
#include "slsim/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim {
namespace {
using properties::case_result;
using properties::case_spec;
using properties::property;

bool counts(const check_options& o, property p) {
  return o.properties.empty() || std::find(o.properties.begin(), o.properties.end(), p) != o.properties.end();
}

// The first violation of the most important property the options count, or nullptr.
const properties::violation* counted_violation(const check_options& o, const properties::verdict& v) {
  for (auto p : properties::k_all_properties) {
    if (!counts(o, p) || p == property::vacuous) continue;  // judged over the whole check
    for (const auto& each : v.violations)
      if (each.what == p) return &each;
  }
  return nullptr;
}

void count_probes(const case_result& r, const case_spec& c, std::map<std::string, int>& hits) {
  const auto fired = properties::probes_of(r, c);
  for (std::size_t i = 0; i < fired.size(); ++i)
    if (fired[i]) ++hits[std::string(properties::k_probe_names[i])];
}

// Re-runs the reported case (with its trace when a directory is given) and fills in the
// failure part of the result.
void report_failure(const handler_definition& handler, const check_options& o, case_spec c, property violated,
                    check_result& out) {
  c.handler = handler.name;
  out.passed = false;
  out.violated = violated;
  out.description = properties::describe_case(c);
  case_result rerun;
  if (o.out_dir.empty()) {
    rerun = properties::run_and_check(c, handler);
  } else {
    std::filesystem::create_directories(o.out_dir);
    out.case_file = fmt::format("{}/case-{}.json", o.out_dir, c.seed);
    properties::write_case_file(out.case_file, c);
    out.trace_file = fmt::format("{}/case-{}.trace.jsonl", o.out_dir, c.seed);
    const std::string& trace_path = out.trace_file;  // const: the file overload, not the in-memory one
    traces::trace_writer writer(trace_path, properties::trace_header_of(c));
    rerun = properties::run_and_check(c, handler, &writer);
    writer.finish({rerun.outcome.run.records, rerun.trace_hash, sim::to_string(rerun.outcome.run.status),
                   rerun.outcome.run.end_time});
    out.replay = fmt::format("slsim run --case {} --handler {}", out.case_file, handler.name);
  }
  for (const auto& v : rerun.result.violations)
    if (v.what == violated) {
      out.detail = v;
      break;
    }
  out.shrunk = std::move(c);
}

// A case a hang guard stopped has no verdict: the check stops there, names the guard, and
// neither shrinks nor reports a property (its unfinished requests are not losses).
bool stopped_by_guard(const case_result& r, const std::string& failing_case, check_result& out) {
  if (!r.result.hang()) return false;
  out.passed = false;
  out.failing_case = failing_case;
  out.guard = r.result.guard;
  out.guard_detail = r.result.guard_detail;
  return true;
}
}  // namespace

check_result check(const handler_definition& handler, const check_options& o) {
  check_result out;
  out.handler = handler.name;
  const auto required =
      properties::required_probes(o.require_coverage, nlohmann::json(o.scenario), "check_options::require_coverage");
  if (!o.case_file.empty()) {
    case_spec c = properties::read_case_file(o.case_file);
    c.handler = handler.name;  // the case file's handler name is informational: the argument runs
    const auto r = properties::run_and_check(c, handler);
    out.cases_run = 1;
    if (stopped_by_guard(r, o.case_file, out)) return out;
    out.vacuous_cases = r.result.violated().count(property::vacuous) > 0 ? 1 : 0;
    count_probes(r, c, out.probe_hits);
    if (const auto* v = counted_violation(o, r.result)) {
      out.failing_case = o.case_file;
      report_failure(handler, o, std::move(c), v->what, out);
      return out;
    }
  } else {
    pipeline::check_vary_values(o.scenario);  // a range the models reject fails here, once
    const nlohmann::json base = o.scenario;
    properties::generation_options gen;
    gen.faults = o.faults;
    for (int i = 0; i < o.seeds; ++i) {
      const std::uint64_t seed = o.first_seed + static_cast<std::uint64_t>(i);
      case_spec c = properties::generate_case(base, seed, gen);
      c.handler = handler.name;
      const auto r = properties::run_and_check(c, handler);
      ++out.cases_run;
      if (stopped_by_guard(r, fmt::format("seed_{}", seed), out)) {
        out.failing_seed = seed;
        return out;
      }
      out.vacuous_cases += r.result.violated().count(property::vacuous) > 0 ? 1 : 0;
      count_probes(r, c, out.probe_hits);
      const auto* v = counted_violation(o, r.result);
      if (!v) continue;
      const property violated = v->what;
      out.failing_case = fmt::format("seed_{}", seed);
      out.failing_seed = seed;
      if (o.shrink) {
        // Keep the property that failed; a candidate that throws (a configuration the
        // models reject) does not fail the same way.
        const auto still_fails = [&](const case_spec& candidate) {
          try {
            return properties::run_and_check(candidate, handler).result.violated().count(violated) > 0;
          } catch (const std::exception&) {
            return false;
          }
        };
        c = properties::shrink_case(base, seed, gen, still_fails, o.max_shrink_runs, &out.shrink_runs);
      }
      report_failure(handler, o, std::move(c), violated, out);
      return out;
    }
  }
  for (const auto& name : required)
    if (!out.probe_hits.count(name)) out.missing_coverage.push_back(name);
  out.passed = out.missing_coverage.empty();
  if (out.cases_run > 0 && out.vacuous_cases == out.cases_run && counts(o, property::vacuous)) {
    out.passed = false;  // docs/architecture.md §6: nothing was checked
    out.violated = property::vacuous;
    out.description = "no case accepted a request and reached the handler";
  }
  return out;
}

std::string check_result::describe() const {
  std::string s = fmt::format("checked {} case(s) of handler {}: {}\n", cases_run, handler,
                              !guard.empty() ? "1 stopped by a hang guard (no verdict for it)"
                              : violated     ? "1 failed (stopped at the first failure)"
                                             : "all passed");
  std::string coverage;
  for (const auto& name : properties::k_probe_names) {
    const auto it = probe_hits.find(std::string(name));
    coverage += fmt::format(" {}={}", name, it == probe_hits.end() ? 0 : it->second);
  }
  s += fmt::format("coverage:{}\n", coverage);
  for (const auto& name : missing_coverage) s += fmt::format("coverage: probe {} never fired\n", name);
  if (!guard.empty())
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

std::ostream& operator<<(std::ostream& os, const check_result& r) { return os << r.describe(); }

}  // namespace slsim
