#include "scenario_options.hpp"

#include <algorithm>
#include <filesystem>

#include "handler_resolution.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::cli {
void scenario_options::add_to(CLI::App& cmd) {
  cmd.add_option("--scenario", scenario_file, "scenario file (JSON); default: the built-in scenario");
  auto* named =
      cmd.add_option("--handler", handler, "built-in handler name (see `slsim handlers`) or handler plugin path")
          ->capture_default_str()
          ->transform([](const std::string& given) { return handler_reference(given); }, "", "handler");
  // One handler per run: with both, one of them would be silently ignored.
  cmd.add_option("--handler-cmd", handler_cmd,
                 "run this shell command as the handler instead: an unmodified process per execution environment "
                 "speaking the Lambda Runtime API (e.g. 'node examples/node/bootstrap.mjs index.handler'); sets "
                 "function.runtime.command, with function.runtime.cwd the current directory")
      ->excludes(named);
  cmd.add_flag("--shim", shim,
               "preload libslsim_shim.so into the external handler processes: their clocks, random bytes and sleeps "
               "come from the simulation (sets function.runtime.shim; needs an external handler)");
  cmd.add_option("--set", settings, "override a scenario field: PATH=VALUE (e.g. queue.visibility_timeout_s=60)");
}

nlohmann::json scenario_options::user_document() const {
  nlohmann::json doc = nlohmann::json::object();
  if (scenario_file.empty()) {
    // A handler written for another pipeline (a FIFO queue) brings its scenario along.
    const handler_definition* h = nullptr;
    try {
      h = &resolve_handler(handler);
    } catch (const std::exception&) {
      // the command reports an unknown handler itself
    }
    if (h != nullptr && !h->scenario.empty()) {
      doc = models::parse_or_discarded(h->scenario);
      if (doc.is_discarded())
        throw pipeline::scenario_error(handler, {{"", "its built-in scenario is not valid JSON"}});
    }
  }
  if (!scenario_file.empty()) {
    doc = models::read_json_file(scenario_file, "scenario");
  }
  if (!handler_cmd.empty()) {
    // The working directory is recorded absolute, so a case file replays from anywhere.
    auto& runtime = doc["function"]["runtime"];
    runtime["command"] = handler_cmd;
    if (!runtime.contains("cwd")) runtime["cwd"] = std::filesystem::current_path().string();
  }
  if (shim) {
    if (!doc.contains("function") || !doc["function"].is_object() || !doc["function"].contains("runtime"))
      throw pipeline::scenario_error(
          scenario_file.empty() ? "scenario" : scenario_file,
          {{"/function/runtime/shim", "--shim needs an external handler: give --handler-cmd or function.runtime"}});
    doc["function"]["runtime"]["shim"] = true;
  }
  return doc;
}

bool scenario_options::sets_schedule() const {
  for (const auto& s : settings) {
    const std::string_view path(s.data(), std::min(s.find('='), s.size()));
    if (path.rfind("/schedule", 0) == 0 || path.rfind("schedule", 0) == 0) return true;
  }
  const nlohmann::json doc = user_document();
  return doc.is_object() && doc.contains("schedule");
}

nlohmann::json scenario_options::document() const {
  nlohmann::json doc = user_document();
  if (!settings.empty()) {
    nlohmann::json full = pipeline::builtin_scenario();
    full.merge_patch(doc);
    if (doc.contains("vary")) full["vary"] = doc["vary"];  // a scenario's `vary` replaces the built-in one
    doc = pipeline::apply_settings(full, settings);
  }
  return doc;
}

std::string scenario_options::handler_flags() const {
  if (handler_cmd.empty()) return "--handler " + handler;
  std::string quoted = "'";
  for (char c : handler_cmd) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return "--handler-cmd " + quoted + "'" + (shim ? " --shim" : "");
}

std::string scenario_options::replay_command(const std::string& case_path) const {
  return "slsim run --case " + case_path + (handler_cmd.empty() ? " --handler " + handler : std::string());
}

pipeline::scenario scenario_options::load() const {
  const std::string source = scenario_file.empty() ? "scenario" : scenario_file;
  pipeline::scenario s = pipeline::load_scenario(document(), source);
  pipeline::check_vary_values(s, source);
  return s;
}

}  // namespace slsim::cli
