#include "case_eval.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "slsim/version.hpp"

namespace slsim::cli {

std::string guard_detail(const sim::run_result& run) {
  for (const auto& f : run.failures)
    if (f.kind == run.status) return f.message;
  return "";
}

bool case_report::violates(const std::string& property) const {
  return std::find(violated.begin(), violated.end(), property) != violated.end();
}

void to_json(nlohmann::json& j, const reported_violation& v) {
  j = {{"property", v.property},
       {"request_id", v.client_request_id},
       {"message_id", v.message_id},
       {"detail", v.detail}};
}

void from_json(const nlohmann::json& j, reported_violation& v) {
  v.property = j.value("property", "");
  v.client_request_id = j.value("request_id", "");
  v.message_id = j.value("message_id", "");
  v.detail = j.value("detail", "");
}

// The keys each kind of report has (a hang: no verdict fields; otherwise no guard fields),
// as results.json has always carried them.
void to_json(nlohmann::json& j, const case_report& r) {
  j = {{"hash", r.hash}, {"hang", r.hang}, {"ok", r.ok}, {"violated", r.violated}, {"probes", r.probes}};
  if (r.hang) {
    j["guard"] = r.guard;
    j["guard_detail"] = r.guard_detail;
    j["last_event"] = r.last_event;
    return;
  }
  j["vacuous"] = r.vacuous;
  if (r.primary) j["primary"] = *r.primary;
  if (r.global_state)
    j["global_state"] = {{"object", r.global_state->object},
                         {"bytes", r.global_state->bytes},
                         {"invocation", r.global_state->invocation}};
}

void from_json(const nlohmann::json& j, case_report& r) {
  r.hash = j.value("hash", "");
  r.ok = j.value("ok", false);
  r.hang = j.value("hang", false);
  r.guard = j.value("guard", "");
  r.guard_detail = j.value("guard_detail", "");
  r.last_event = j.value("last_event", "");
  r.vacuous = j.value("vacuous", false);
  r.violated = j.value("violated", std::vector<std::string>{});
  r.probes = j.value("probes", std::vector<std::string>{});
  r.primary.reset();
  if (j.contains("primary") && j["primary"].is_object()) r.primary = j["primary"].get<reported_violation>();
  r.global_state.reset();
  if (const auto g = j.find("global_state"); g != j.end() && g->is_object())
    r.global_state = reported_global_state{g->value("object", ""), g->value("bytes", std::uint64_t{0}),
                                           g->value("invocation", std::uint64_t{0})};
}

void to_json(nlohmann::json& j, const traced_case& t) { j = {{"hash", t.hash}, {"violations", t.violations}}; }

void from_json(const nlohmann::json& j, traced_case& t) {
  t.hash = j.value("hash", "");
  t.violations = j.value("violations", std::vector<reported_violation>{});
}

case_report evaluate_case(const properties::case_spec& c, const handler_definition& handler, breadcrumb& crumb) {
  breadcrumb_listener listener(crumb, nullptr);
  const auto r = properties::run_and_check(c, handler, &listener);
  case_report out;
  out.hash = fmt::format("{:016x}", r.trace_hash);
  out.hang = r.outcome.run.hang();
  if (out.hang) {
    // A guard that fires is exit 4 with the guard named, and no property verdict.
    out.guard = properties::guard_name(r.outcome.run);
    out.guard_detail = guard_detail(r.outcome.run);
    out.last_event = describe(crumb);
    return out;
  }
  // `vacuous` is judged over the whole check, not per case: a generated one-request case
  // whose request the gateway rejects still checks the boundary property.
  const auto kinds = r.result.violated();
  out.vacuous = kinds.count(properties::property::vacuous) > 0;
  out.ok = kinds.size() == (out.vacuous ? 1u : 0u);
  for (auto p : kinds)
    if (p != properties::property::vacuous) out.violated.emplace_back(properties::to_string(p));
  if (const auto* v = r.result.primary(); v && v->what != properties::property::vacuous)
    out.primary = reported_violation{properties::to_string(v->what), v->client_request_id, v->message_id, v->detail};
  if (const auto& g = r.outcome.global_state)
    out.global_state = reported_global_state{g->object, g->bytes, g->invocation};
  const auto probes = properties::probes_of(r, c);
  for (std::size_t i = 0; i < probes.size(); ++i)
    if (probes[i]) out.probes.emplace_back(properties::k_probe_names[i]);
  return out;
}

traced_case write_case_trace(const properties::case_spec& c, const handler_definition& handler, const std::string& path,
                             breadcrumb& crumb) {
  traces::trace_writer writer(path, properties::trace_header_of(c));
  breadcrumb_listener listener(crumb, &writer);
  const auto r = properties::run_and_check(c, handler, &listener);
  writer.finish({r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
  traced_case out{fmt::format("{:016x}", r.trace_hash), {}};
  for (const auto& v : r.result.violations)
    out.violations.push_back({properties::to_string(v.what), v.client_request_id, v.message_id, v.detail});
  return out;
}

double wall_seconds_of(const nlohmann::json& scenario) {
  const nlohmann::json::json_pointer field("/bounds/wall_seconds");
  if (scenario.contains(field) && scenario.at(field).is_number()) return scenario.at(field).get<double>();
  return pipeline::run_bounds{}.wall_seconds;
}

}  // namespace slsim::cli
