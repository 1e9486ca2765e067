// slsim::check: `slsim check` in-process, for a user's own test suite (docs/architecture.md §6, §10):
// the one check driver (properties::run_check) with cases run in the calling process.
#include "slsim/check.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "slsim/properties/generate.hpp"
#include "slsim/properties/probes.hpp"

namespace slsim {

namespace {
// As `slsim check --explore`: the strategy's schedules, by default varied tie orders unless
// the scenario's schedule is not the default one (a struct cannot tell "set to fifo" apart).
std::vector<nlohmann::json> schedules_of(const check_options& o) {
  std::string problem;
  const auto& own = o.scenario.schedule;
  const bool sets_schedule = own.tie_order != "fifo" || own.pct.depth != 0;
  auto schedules = properties::exploration_schedules(o.explore, sets_schedule, &problem);
  if (!schedules) throw std::invalid_argument("check_options::explore: " + problem);
  return *schedules;
}
}  // namespace

check_result check(const handler_definition& handler, const check_options& o) {
  properties::check_plan plan;
  plan.base = o.scenario;
  plan.gen.faults = o.faults;
  plan.gen.schedules = schedules_of(o);
  plan.handler_label = handler.name;
  plan.required_probes = properties::required_probes(o.require_coverage, plan.base, "check_options::require_coverage");
  if (!o.case_file.empty()) {
    auto c = properties::read_case_file(o.case_file);
    c.handler = handler.name;  // the case file's handler name is informational: the argument runs
    plan.given.push_back({o.case_file, std::move(c)});
  } else {
    pipeline::check_vary_values(o.scenario);  // a range the models reject fails here, once
    for (int i = 0; i < o.seeds; ++i) plan.seeds.push_back(o.first_seed + static_cast<std::uint64_t>(i));
  }
  plan.counted = o.properties;
  plan.shrink = o.shrink;
  plan.max_shrink_runs = o.max_shrink_runs;
  plan.out_dir = o.out_dir;
  plan.replay = [name = handler.name](const std::string& path) {
    return fmt::format("slsim run --case {} --handler {}", path, name);
  };
  properties::in_process_runner runner(handler, o.properties, o.stop_at_first_failure);
  return properties::run_check(plan, runner);
}

}  // namespace slsim
