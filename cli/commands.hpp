#pragma once
// Each `slsim` subcommand registers itself on the CLI11 app and returns the exit code
// through `result` (DESIGN.md §11: 0 ok, 1 violation, 2 bad input, 3 nondeterminism, 4 hang).
#include <CLI/CLI.hpp>

namespace slsim::cli {

enum exit_code : int { k_ok = 0, k_violation = 1, k_bad_input = 2, k_nondeterminism = 3, k_hang = 4 };

/// `slsim demo`: runs the kernel's self-contained workload for a seed.
void add_demo_command(CLI::App& app, int& result);
/// `slsim diff A B`: first divergent event of two traces; exit 3 when they differ.
void add_diff_command(CLI::App& app, int& result);

}  // namespace slsim::cli
