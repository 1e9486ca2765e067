#include "case_eval.hpp"

#include <fmt/format.h>

#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "slsim/version.hpp"

namespace slsim::cli {

std::string guard_detail(const sim::run_result& run) {
  for (const auto& f : run.failures)
    if (f.kind == run.status) return f.message;
  return "";
}

nlohmann::json evaluate_case(const properties::case_spec& c, const handler_definition& handler, breadcrumb& crumb) {
  breadcrumb_listener listener(crumb, nullptr);
  const auto r = properties::run_and_check(c, handler, &listener);
  nlohmann::json out{{"hash", fmt::format("{:016x}", r.trace_hash)}, {"hang", r.outcome.run.hang()}};
  if (r.outcome.run.hang()) {
    // A guard that fires is exit 4 with the guard named, and no property verdict.
    out["ok"] = false;
    out["guard"] = properties::guard_name(r.outcome.run);
    out["guard_detail"] = guard_detail(r.outcome.run);
    out["last_event"] = describe(crumb);
    out["violated"] = nlohmann::json::array();
    out["probes"] = nlohmann::json::array();
    return out;
  }
  // `vacuous` is judged over the whole check, not per case: a generated one-request case
  // whose request the gateway rejects still checks the boundary property.
  const auto kinds = r.result.violated();
  const bool vacuous = kinds.count(properties::property::vacuous) > 0;
  out["ok"] = kinds.size() == (vacuous ? 1u : 0u);
  out["vacuous"] = vacuous;
  nlohmann::json violated = nlohmann::json::array();
  for (auto p : kinds)
    if (p != properties::property::vacuous) violated.push_back(properties::to_string(p));
  out["violated"] = violated;
  if (const auto* v = r.result.primary(); v && v->what != properties::property::vacuous)
    out["primary"] = {{"property", properties::to_string(v->what)},
                      {"request_id", v->client_request_id},
                      {"message_id", v->message_id},
                      {"detail", v->detail}};
  const auto probes = properties::probes_of(r, c);
  nlohmann::json p = nlohmann::json::array();
  for (std::size_t i = 0; i < probes.size(); ++i)
    if (probes[i]) p.push_back(properties::k_probe_names[i]);
  out["probes"] = p;
  return out;
}

nlohmann::json write_case_trace(const properties::case_spec& c, const handler_definition& handler,
                                const std::string& path, breadcrumb& crumb) {
  traces::trace_writer writer(path, properties::trace_header_of(c));
  breadcrumb_listener listener(crumb, &writer);
  const auto r = properties::run_and_check(c, handler, &listener);
  writer.finish({r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : r.result.violations)
    violations.push_back({{"property", properties::to_string(v.what)},
                          {"request_id", v.client_request_id},
                          {"message_id", v.message_id},
                          {"detail", v.detail}});
  return {{"hash", fmt::format("{:016x}", r.trace_hash)}, {"violations", std::move(violations)}};
}

double wall_seconds_of(const nlohmann::json& scenario) {
  const nlohmann::json::json_pointer field("/bounds/wall_seconds");
  if (scenario.contains(field) && scenario.at(field).is_number()) return scenario.at(field).get<double>();
  return pipeline::run_bounds{}.wall_seconds;
}

}  // namespace slsim::cli
