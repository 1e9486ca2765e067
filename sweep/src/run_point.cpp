#include <stdexcept>

#include "slsim/sweep/run_point.hpp"

#include "slsim/properties/case.hpp"

namespace slsim::sweep {

nlohmann::json point_document(const sweep_spec& spec, std::size_t point) {
  return pipeline::apply_settings(spec.scenario, spec.points().settings(point), "sweep point");
}

std::vector<point_status> check_points(const sweep_spec& spec, const std::function<void(std::size_t)>& on_point) {
  const grid g = spec.points();
  std::vector<point_status> out;
  for (std::size_t p = 0; p < g.size(); ++p) {
    try {
      (void)pipeline::load_scenario(point_document(spec, p), g.describe(p));
      out.push_back({true, ""});
    } catch (const pipeline::scenario_error& e) {
      std::string reason;
      for (const auto& issue : e.issues()) reason += (reason.empty() ? "" : "; ") + issue.path + ": " + issue.message;
      out.push_back({false, reason});
    }
    if (on_point) on_point(p + 1);
  }
  return out;
}

case_metrics run_sweep_case(const sweep_spec& spec, std::size_t point, std::uint64_t seed,
                            const handler_definition& handler) {
  properties::case_spec c;
  c.seed = seed;
  c.scenario = point_document(spec, point);
  c.handler = spec.handler;
  const auto scenario = pipeline::load_scenario(c.scenario);
  const auto r = properties::run_and_check(c, handler);
  // A hang guard that stopped the run leaves no figures (and no verdict): what the run did
  // not finish would count as lost, held or slow.
  if (r.outcome.run.hang())
    throw std::runtime_error("a hang guard stopped the run (" + r.outcome.run.describe() + "): no figures");
  return measure(r, scenario, spec.prices);
}

}  // namespace slsim::sweep
