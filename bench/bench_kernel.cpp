// Kernel throughput against a bare event loop, measured in one run (docs/architecture.md §8).
// Prints both absolute rates; the last line is `ratio R` (kernel / bare).
#include <fmt/format.h>

#include <cstdlib>

#include "kernel_rates.hpp"

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 2000;
  const auto r = slsim::bench::measure_kernel(steps);
  fmt::print("kernel {:.2f} M events/s ({} coroutines x {} sleeps)\n", r.kernel / 1e6, slsim::bench::k_pending, steps);
  fmt::print("bare   {:.2f} M events/s (priority_queue of POD, {} pending)\n", r.bare / 1e6, slsim::bench::k_pending);
  fmt::print("ratio {:.3f}\n", r.ratio());
}
