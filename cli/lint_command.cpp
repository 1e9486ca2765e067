// `slsim lint --scenario FILE [--strict]`: warnings for known pitfalls (exit 0; 1 with --strict),
// then the inferred behaviours the scenario depends on (never a warning).
#include <fmt/format.h>

#include "commands.hpp"
#include "scenario_options.hpp"
#include "slsim/pipeline/assumptions.hpp"
#include "slsim/pipeline/lint.hpp"

namespace slsim::cli {

void add_lint_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("lint", "Warn about a scenario's known pitfalls");
  auto o = std::make_shared<std::pair<scenario_options, bool>>();
  o->first.add_to(*cmd);
  cmd->add_flag("--strict", o->second, "exit 1 when there is any warning");
  cmd->callback([o, &result] {
    result = guarded([&] {
      const pipeline::scenario s = o->first.load();
      const auto warnings = pipeline::lint(s);
      for (const auto& w : warnings) fmt::print("warning [{}] {} ({}): {}\n", w.facts, w.path, w.rule, w.message);
      fmt::print("{} warning(s)\n", warnings.size());
      // Not warnings: the inferred behaviours (docs/aws-facts.md) this scenario's results rest on.
      const auto assumed = pipeline::inferred_assumptions(s);
      for (const auto& a : assumed)
        fmt::print("assumes [{}] {}{}: {}\n", a.fact, a.feature, a.path.empty() ? "" : " (" + a.path + ")", a.assumed);
      fmt::print("{} inferred behaviour(s): {}\n", assumed.size(), pipeline::fact_list(assumed));
      return o->second && !warnings.empty() ? int{k_violation} : int{k_ok};
    });
  });
}

}  // namespace slsim::cli
