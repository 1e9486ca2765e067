// `slsim diff A B`: the first divergent event of two traces (DESIGN.md §10).
#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::cli {

void add_diff_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("diff", "Show the first divergent event of two traces");
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  cmd->add_option("A", files->first, "first trace file")->required();
  cmd->add_option("B", files->second, "second trace file")->required();
  cmd->callback([files, &result] {
    try {
      const auto a = traces::read_trace(files->first, /*require_end=*/false);
      const auto b = traces::read_trace(files->second, /*require_end=*/false);
      const auto d = traces::first_divergence(a, b);
      if (!d) {
        fmt::print("identical: {} lines\n", a.lines.size());
        result = k_ok;
        return;
      }
      fmt::print("{}", d->describe(files->first, files->second));
      result = k_nondeterminism;  // the traces differ
    } catch (const traces::trace_format_error& e) {
      fmt::print(stderr, "slsim diff: {}\n", e.what());
      result = k_bad_input;
    }
  });
}

}  // namespace slsim::cli
