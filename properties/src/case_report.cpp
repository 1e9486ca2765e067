#include "slsim/properties/case_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/properties/probes.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::properties {
namespace {
// Every record to the caller's listener first (a worker's breadcrumb), then to the file.
class tee_listener final : public sim::trace_listener {
 public:
  tee_listener(sim::trace_listener* first, sim::trace_listener& second) : first_(first), second_(second) {}
  void on_record(const sim::trace_record& r) override {
    if (first_) first_->on_record(r);
    second_.on_record(r);
  }

 private:
  sim::trace_listener* first_;
  sim::trace_listener& second_;
};

bool counted(const std::vector<property>& only, property p) {
  return only.empty() || std::find(only.begin(), only.end(), p) != only.end();
}
}  // namespace

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

case_report evaluate_case(const case_spec& c, const handler_definition& handler, sim::trace_listener* listener,
                          const std::vector<property>& only, faults::point_log* points) {
  const auto r = run_and_check(c, handler, listener, {}, points);
  case_report out;
  out.hash = fmt::format("{:016x}", r.trace_hash);
  out.hang = r.outcome.run.hang();
  if (out.hang) {
    // A guard that fires is exit 4 with the guard named, and no property verdict.
    out.guard = guard_name(r.outcome.run);
    out.guard_detail = guard_detail(r.outcome.run);
    return out;
  }
  // `vacuous` is judged over the whole check, not per case: a generated one-request case
  // whose request the gateway rejects still checks the boundary property.
  const auto kinds = r.result.violated();
  out.vacuous = kinds.count(property::vacuous) > 0;
  for (auto p : kinds)
    if (p != property::vacuous && counted(only, p)) out.violated.emplace_back(to_string(p));
  out.ok = out.violated.empty();
  // The first violation of the most important counted property (k_all_properties order).
  for (auto p : k_all_properties) {
    if (p == property::vacuous || !counted(only, p) || out.primary) continue;
    for (const auto& v : r.result.violations)
      if (v.what == p) {
        out.primary = reported_violation{to_string(v.what), v.client_request_id, v.message_id, v.detail};
        break;
      }
  }
  if (const auto& g = r.outcome.global_state)
    out.global_state = reported_global_state{g->object, g->bytes, g->invocation};
  const auto probes = probes_of(r, c);
  for (std::size_t i = 0; i < probes.size(); ++i)
    if (probes[i]) out.probes.emplace_back(k_probe_names[i]);
  return out;
}

traced_case write_case_trace(const case_spec& c, const handler_definition& handler, const std::string& path,
                             sim::trace_listener* listener) {
  case_result r;
  if (path.empty()) {
    r = run_and_check(c, handler, listener);
  } else {
    traces::trace_writer writer(path, trace_header_of(c));
    tee_listener both(listener, writer);
    r = run_and_check(c, handler, listener ? static_cast<sim::trace_listener*>(&both) : &writer);
    writer.finish({r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
  }
  traced_case out{fmt::format("{:016x}", r.trace_hash), {}};
  for (const auto& v : r.result.violations)
    out.violations.push_back({to_string(v.what), v.client_request_id, v.message_id, v.detail});
  return out;
}

double wall_seconds_of(const nlohmann::json& scenario) {
  const nlohmann::json::json_pointer field("/bounds/wall_seconds");
  if (scenario.contains(field) && scenario.at(field).is_number()) return scenario.at(field).get<double>();
  return pipeline::run_bounds{}.wall_seconds;
}

}  // namespace slsim::properties
