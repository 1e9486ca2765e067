#include "slsim/properties/case.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "slsim/faults/injector.hpp"
#include "slsim/io/output_file.hpp"

namespace slsim::properties {

void to_json(nlohmann::json& j, const case_spec& c) {
  j = {{"format", "slsim-case"}, {"version", k_case_version}, {"handler", c.handler},
       {"seed", c.seed},         {"faults", c.plan},          {"scenario", c.scenario}};
}

case_spec case_from_json(const nlohmann::json& j, const std::string& source) {
  using pipeline::scenario_error;
  if (!j.is_object() || j.value("format", "") != "slsim-case")
    throw scenario_error(source, {{"/format", "expected \"slsim-case\""}});
  if (j.value("version", 0) != k_case_version)
    throw scenario_error(source, {{"/version", fmt::format("expected {}", k_case_version)}});
  case_spec c;
  try {
    c.seed = j.at("seed").get<std::uint64_t>();
  } catch (const std::exception&) {
    throw scenario_error(source, {{"/seed", "expected an unsigned integer"}});
  }
  try {
    c.plan = j.value("faults", nlohmann::json::object()).get<faults::fault_plan>();
  } catch (const std::exception& e) {
    throw scenario_error(source, {{"/faults", e.what()}});
  }
  c.handler = j.value("handler", std::string("reference"));
  c.scenario = j.value("scenario", nlohmann::json::object());
  pipeline::load_scenario(c.scenario, source);  // validate now, with paths under the case's scenario
  return c;
}

case_spec read_case_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw pipeline::scenario_error(path, {{"", "cannot open the file"}});
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) throw pipeline::scenario_error(path, {{"", "not valid JSON"}});
  return case_from_json(j, path);
}

void write_case_file(const std::string& path, const case_spec& c) {
  io::write_file(path, nlohmann::json(c).dump(2) + "\n");
}

case_result run_and_check(const case_spec& c, const handler_definition& handler, sim::trace_listener* trace,
                          const std::string& metrics_file) {
  const pipeline::scenario s = pipeline::load_scenario(c.scenario, "case");
  faults::injector inject(c.plan);
  pipeline::run_options options;
  options.seed = c.seed;
  options.trace = trace;
  options.metrics_file = metrics_file;
  options.buggify = c.plan.buggify;
  options.on_assembled = [&](pipeline::world& w) { inject.attach(w); };
  options.on_liveness = [&](pipeline::world&) { inject.stop(); };
  case_result r;
  r.outcome = pipeline::run_case(s, handler, options);
  r.outcome.faulted_invocations = inject.faulted_invocations();
  r.fired = inject.fired();
  r.result = check(r.outcome, s);
  r.trace_hash = r.outcome.run.trace_hash;
  return r;
}

std::string describe_case(const case_spec& c) {
  const auto& sc = c.scenario;
  std::string out =
      fmt::format("seed {}; {} client(s) x {} request(s)", c.seed, sc.at("clients").at("clients").get<int>(),
                  sc.at("clients").at("arrival").at("requests").get<int>());
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
