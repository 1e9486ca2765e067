// `slsim handlers` and `slsim scenario`: what is built in, and the effective scenario.
#include <fmt/format.h>

#include "commands.hpp"
#include "scenario_options.hpp"
#include "slsim/alloc/allocator.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/sweep/results.hpp"
#include "slsim/traces/format.hpp"
#include "slsim/version.hpp"

namespace slsim::cli {

std::string version_text() {
  return fmt::format(
      "slsim {}\nformats: trace {}, case {}, scenario {}, sweep results {}, check results {}\nallocator: {}", k_version,
      traces::k_format_version, properties::k_case_version, pipeline::k_scenario_version, sweep::k_results_version,
      k_check_results_version, alloc::allocator_name());
}

void add_handlers_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("handlers", "List the built-in handlers (name first)");
  cmd->callback([&result] {
    for (const auto& h : examples::builtin_handlers())
      fmt::print("{:<32} {}{}\n", h.name, h.summary,
                 h.must_violate.empty() ? "" : " [caught by " + h.must_violate + "]");
    result = k_ok;
  });
}

void add_scenario_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("scenario", "Print the effective scenario (or its JSON Schema)");
  auto o = std::make_shared<std::pair<scenario_options, bool>>();
  o->first.add_to(*cmd);
  cmd->add_flag("--schema", o->second, "print the JSON Schema of scenario files instead");
  cmd->callback([o, &result] {
    result = guarded([&] {
      if (o->second) {
        fmt::print("{}\n", pipeline::scenario_schema().dump(2));
        return int{k_ok};
      }
      fmt::print("{}\n", nlohmann::json(o->first.load()).dump(2));
      return int{k_ok};
    });
  });
}

}  // namespace slsim::cli
