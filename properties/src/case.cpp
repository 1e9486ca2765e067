#include "slsim/properties/case.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "slsim/api/handler_plugin.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/faults/injector.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::properties {

void to_json(nlohmann::json& j, const case_spec& c) {
  j = {{"format", "slsim-case"}, {"version", k_case_version}, {"handler", c.handler},
       {"seed", c.seed},         {"faults", c.plan},          {"scenario", c.scenario}};
}

namespace {
// The fault plan entry by entry, so a problem names its JSON pointer (/faults/faults/2/nth).
faults::fault_plan plan_from_json(const nlohmann::json& j, const std::string& source) {
  using pipeline::scenario_error;
  if (!j.is_object())
    throw scenario_error(source, {{"/faults", fmt::format("expected an object, found {}", models::json_type_word(j))}});
  for (const auto& [key, value] : j.items())
    if (key != "faults" && key != "buggify")
      throw scenario_error(source, {{"/faults/" + key, "unknown field (a fault plan has faults and buggify)"}});
  faults::fault_plan plan;
  if (const auto it = j.find("buggify"); it != j.end()) {
    if (!it->is_boolean())
      throw scenario_error(
          source, {{"/faults/buggify", fmt::format("expected a boolean, found {}", models::json_type_word(*it))}});
    plan.buggify = it->get<bool>();
  }
  const auto list = j.find("faults");
  if (list == j.end()) return plan;
  if (!list->is_array())
    throw scenario_error(
        source,
        {{"/faults/faults", fmt::format("expected an array of faults, found {}", models::json_type_word(*list))}});
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto where = fmt::format("/faults/faults/{}", i);
    if (!(*list)[i].is_object())
      throw scenario_error(
          source, {{where, fmt::format("expected an object (a fault), found {}", models::json_type_word((*list)[i]))}});
    try {
      plan.faults.push_back((*list)[i].get<faults::fault>());
    } catch (const std::exception& e) {
      throw scenario_error(source,
                           {{where, models::describe_json_error(e) +
                                        " (a fault has kind, nth ≥ 1 and optional request, point, count, seconds)"}});
    }
  }
  return plan;
}
}  // namespace

case_spec case_from_json(const nlohmann::json& j, const std::string& source) {
  using pipeline::scenario_error;
  if (!j.is_object()) throw scenario_error(source, {{"", "expected a JSON object (a case file)"}});
  if (!j.contains("format") || j["format"] != "slsim-case")
    throw scenario_error(source, {{"/format", "expected \"slsim-case\""}});
  if (!j.contains("version") || j["version"] != k_case_version)
    throw scenario_error(source, {{"/version", fmt::format("expected {}", k_case_version)}});
  for (const auto& [key, value] : j.items())
    if (key != "format" && key != "version" && key != "handler" && key != "seed" && key != "faults" &&
        key != "scenario")
      throw scenario_error(source, {{"/" + key,
                                     "unknown field (a case file has format, version, handler, seed, "
                                     "faults and scenario)"}});
  if (j.contains("handler") && !j["handler"].is_string())
    throw scenario_error(
        source, {{"/handler", fmt::format("expected a string, found {}", models::json_type_word(j["handler"]))}});
  if (j.contains("scenario") && !j["scenario"].is_object())
    throw scenario_error(source, {{"/scenario", fmt::format("expected an object (a scenario), found {}",
                                                            models::json_type_word(j["scenario"]))}});
  case_spec c;
  try {
    c.seed = j.at("seed").get<std::uint64_t>();
  } catch (const std::exception&) {
    throw scenario_error(source, {{"/seed", "expected an unsigned integer"}});
  }
  c.plan = plan_from_json(j.contains("faults") ? j["faults"] : nlohmann::json::object(), source);
  c.handler = j.value("handler", std::string("reference"));
  c.scenario = j.value("scenario", nlohmann::json::object());
  pipeline::load_scenario(c.scenario, source);  // validate now, with paths under the case's scenario
  return c;
}

case_spec read_case_file(const std::string& path) {
  return case_from_json(models::read_json_file(path, "case file"), path);
}

void write_case_file(const std::string& path, const case_spec& c) {
  io::write_file(path, nlohmann::json(c).dump(2) + "\n");
}

namespace {
pipeline::run_options faulted_run(const case_spec& c, faults::injector& inject) {
  pipeline::run_options options;
  options.seed = c.seed;
  options.on_assembled = [&inject](pipeline::world& w) { inject.attach(w); };
  options.on_liveness = [&inject](pipeline::world&) { inject.stop(); };
  return options;
}
}  // namespace

case_result run_and_check(const case_spec& c, const handler_definition& handler, sim::trace_listener* trace,
                          const std::string& metrics_file, faults::point_log* points, pipeline::record_mode records) {
  const pipeline::scenario s = pipeline::load_scenario(c.scenario, "case");
  faults::injector inject(c.plan);
  inject.log_points(points);
  pipeline::run_options options = faulted_run(c, inject);
  options.trace = trace;
  options.metrics_file = metrics_file;
  // Folding needs expected(payload) to judge a body as it is sent; the FIFO order oracle and
  // the explorer's send points read every message's record.
  if (records == pipeline::record_mode::folded && s.queue.type == queue::queue_type::standard && !points)
    options.expected = find_expected(s.effects.expected);
  options.records = options.expected ? pipeline::record_mode::folded : pipeline::record_mode::full;
  options.attribute_failures = !c.plan.faults.empty() || c.plan.buggify;  // nothing injected: no failure is a fault's
  case_result r;
  r.outcome = pipeline::run_case(s, handler, options);
  r.outcome.faulted_invocations = inject.faulted_invocations();
  r.fired = inject.fired();
  r.result = check(r.outcome, s);
  if (points)  // a duplicate of a message never deleted never comes back (MD4)
    for (auto& send : points->sends)
      for (const auto& m : r.outcome.messages)
        if (m.message_id == send.message_id) send.deleted = m.deleted_at >= 0;
  r.trace_hash = r.outcome.run.trace_hash;
  return r;
}

pipeline::run_outcome run_for_trace(const case_spec& c, const handler_definition& handler, sim::trace_listener& trace) {
  const pipeline::scenario s = pipeline::load_scenario(c.scenario, "case");
  faults::injector inject(c.plan);
  pipeline::run_options options = faulted_run(c, inject);
  options.trace = &trace;
  options.records = pipeline::record_mode::ids;
  return pipeline::run_case(s, handler, options);
}

traces::trace_header trace_header_of(const case_spec& c) {
  traces::trace_header h;
  h.handler = c.handler;
  h.run_case = c;
  const bool plugin_file = !examples::find_builtin(c.handler) && c.handler.find('/') != std::string::npos &&
                           std::filesystem::is_regular_file(c.handler);
  if (plugin_file) h.handler_build = api::plugin_build_id(c.handler);
  return h;
}

std::string describe_case(const case_spec& c) {
  // The effective scenario: a case file may hold only the fields it overrides.
  const nlohmann::json sc = pipeline::load_scenario(c.scenario, "case");
  std::string out =
      fmt::format("seed {}; {} client(s) x {} request(s)", c.seed, sc.at("clients").at("clients").get<int>(),
                  sc.at("clients").at("arrival").at("requests").get<int>());
  if (const auto& only = sc.at("clients").at("arrival").value("only_requests", nlohmann::json::array());
      !only.empty()) {
    std::string ids;
    for (const auto& each : only) ids += (ids.empty() ? "#" : ", #") + each.dump();
    out += fmt::format(", {} of them sent ({})", only.size(), ids);
  }
  out += fmt::format("; batch size {}, visibility {}s, maxReceiveCount {}, function timeout {}s",
                     sc.at("esm").at("batch_size").get<int>(), sc.at("queue").at("visibility_timeout_s").get<int>(),
                     sc.at("queue").at("redrive_policy").at("max_receive_count").get<int>(),
                     sc.at("function").at("timeout_s").get<int>());
  // The generated settings (`vary`), e.g. the batching window and reserved concurrency.
  if (const auto vary = sc.find("vary"); vary != sc.end() && vary->is_object())
    for (const auto& [path, range] : vary->items()) {
      if (path.empty() || path.front() != '/') continue;
      const nlohmann::json::json_pointer field(path);
      if (sc.contains(field)) out += fmt::format("; {}={}", path.substr(1), sc.at(field).dump());
    }
  if (sc.at("clients").at("retry").at("late_retry_probability").get<double>() > 0) out += "; late client retries on";
  if (c.plan.faults.empty()) out += "; no faults";
  for (const auto& f : c.plan.faults) out += "\n    fault: " + faults::describe(f);
  return out;
}

}  // namespace slsim::properties
