#include "scenario_options.hpp"

#include "slsim/models/json_input.hpp"

namespace slsim::cli {

void scenario_options::add_to(CLI::App& cmd) {
  cmd.add_option("--scenario", scenario_file, "scenario file (JSON); default: the built-in scenario");
  cmd.add_option("--handler", handler, "built-in handler name (see `slsim handlers`) or handler plugin path")
      ->capture_default_str();
  cmd.add_option("--set", settings, "override a scenario field: PATH=VALUE (e.g. queue.visibility_timeout_s=60)");
}

nlohmann::json scenario_options::document() const {
  nlohmann::json doc = nlohmann::json::object();
  if (!scenario_file.empty()) {
    doc = models::read_json_file(scenario_file, "scenario");
  }
  if (!settings.empty()) {
    nlohmann::json full = pipeline::builtin_scenario();
    full.merge_patch(doc);
    doc = pipeline::apply_settings(full, settings);
  }
  return doc;
}

pipeline::scenario scenario_options::load() const {
  return pipeline::load_scenario(document(), scenario_file.empty() ? "scenario" : scenario_file);
}

}  // namespace slsim::cli
