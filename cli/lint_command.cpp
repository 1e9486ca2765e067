// `slsim lint --scenario FILE [--strict]`: warnings for known pitfalls (exit 0; 1 with --strict).
#include <fmt/format.h>

#include "commands.hpp"
#include "scenario_options.hpp"
#include "slsim/pipeline/lint.hpp"

namespace slsim::cli {

void add_lint_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("lint", "Warn about a scenario's known pitfalls");
  auto o = std::make_shared<std::pair<scenario_options, bool>>();
  o->first.add_to(*cmd);
  cmd->add_flag("--strict", o->second, "exit 1 when there is any warning");
  cmd->callback([o, &result] {
    result = guarded([&] {
      const auto warnings = pipeline::lint(o->first.load());
      for (const auto& w : warnings) fmt::print("warning [{}] {} ({}): {}\n", w.facts, w.path, w.rule, w.message);
      fmt::print("{} warning(s)\n", warnings.size());
      return o->second && !warnings.empty() ? int{k_violation} : int{k_ok};
    });
  });
}

}  // namespace slsim::cli
