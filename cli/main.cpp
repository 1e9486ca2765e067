// The `slsim` program: one CLI11 app, one file per subcommand (docs/architecture.md §10).
#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <string>

#include "allocator_tuning.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  slsim::cli::tune_allocator();
  // A file size limit (ulimit -f) makes a write fail with EFBIG, answered as exit 2 naming
  // the file, instead of killing the process with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"slsim: deterministic simulation and fault injection for queue-driven serverless pipelines"};
  app.set_version_flag("--version", slsim::cli::version_text());
  app.require_subcommand(1);
  int result = slsim::cli::k_ok;
  slsim::cli::add_check_command(app, result);
  slsim::cli::add_run_command(app, result);
  slsim::cli::add_explore_command(app, result);
  slsim::cli::add_handlers_command(app, result);
  slsim::cli::add_scenario_command(app, result);
  slsim::cli::add_demo_command(app, result);
  slsim::cli::add_replay_command(app, result);
  slsim::cli::add_diff_command(app, result);
  slsim::cli::add_export_command(app, result);
  slsim::cli::add_lint_command(app, result);
  slsim::cli::add_timeline_command(app, result);
  slsim::cli::add_sweep_command(app, result);
  slsim::cli::add_merge_command(app, result);
  // CLI11 would answer "A subcommand is required" for a mistyped command: name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    const std::string first = argv[1];
    const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
    if (std::none_of(commands.begin(), commands.end(), [&](const CLI::App* c) { return c->get_name() == first; })) {
      fmt::print(stderr, "slsim: error: unknown command \"{}\" (see slsim --help)\n", first);
      return slsim::cli::k_bad_input;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : slsim::cli::k_bad_input;  // --help is success; bad usage is exit 2
  } catch (const std::exception& e) {
    fmt::print(stderr, "slsim: error: {}\n", e.what());
    return slsim::cli::k_bad_input;
  }
  return result;
}
