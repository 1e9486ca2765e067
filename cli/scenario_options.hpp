#pragma once
// The options every command that runs the pipeline shares: which scenario, which
// handler, and `--set PATH=VALUE` overrides (precedence CLI > file > built-in).
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::cli {

struct scenario_options {
  std::string scenario_file;
  std::string handler = "reference";
  /// An external handler process instead (function.runtime.command, docs/other-languages.md).
  std::string handler_cmd;
  /// --shim: function.runtime.shim (the external handler's clock, randomness and sleeps
  /// come from the simulation).
  bool shim = false;
  std::vector<std::string> settings;

  /// The flags that select this handler again: "--handler NAME" or "--handler-cmd 'CMD'".
  std::string handler_flags() const;
  /// The replay command of a case file written by this run: an external handler's case
  /// carries its command and working directory, so it needs no handler flag.
  std::string replay_command(const std::string& case_path) const;

  void add_to(CLI::App& cmd);
  /// The effective scenario; throws pipeline::scenario_error (exit 2).
  pipeline::scenario load() const;
  /// The effective scenario as a JSON document.
  nlohmann::json document() const;
  /// True when the user chose a schedule: the scenario file (or the handler's own scenario)
  /// has a `schedule`, or a --set writes under /schedule.
  bool sets_schedule() const;

 private:
  /// The scenario as the user gave it (file, handler's scenario, --handler-cmd, --shim),
  /// before --set and the built-in defaults.
  nlohmann::json user_document() const;
};

}  // namespace slsim::cli
