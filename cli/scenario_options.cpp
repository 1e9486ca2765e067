#include "scenario_options.hpp"

#include "handler_resolution.hpp"

#include <fstream>
#include <sstream>

namespace slsim::cli {

void scenario_options::add_to(CLI::App& cmd) {
  cmd.add_option("--scenario", scenario_file, "scenario file (JSON); default: the built-in scenario");
  cmd.add_option("--handler", handler, "built-in handler name (see `slsim handlers`) or handler plugin path")
      ->capture_default_str()
      ->transform([](const std::string& given) { return handler_reference(given); }, "", "handler");
  cmd.add_option("--set", settings, "override a scenario field: PATH=VALUE (e.g. queue.visibility_timeout_s=60)");
}

nlohmann::json scenario_options::document() const {
  nlohmann::json doc = nlohmann::json::object();
  if (!scenario_file.empty()) {
    std::ifstream in(scenario_file);
    if (!in) throw pipeline::scenario_error(scenario_file, {{"", "cannot open the file"}});
    std::stringstream text;
    text << in.rdbuf();
    try {
      doc = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
      throw pipeline::scenario_error(scenario_file, {{"", std::string("not valid JSON: ") + e.what()}});
    }
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
