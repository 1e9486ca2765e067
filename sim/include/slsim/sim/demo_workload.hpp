#pragma once
// A small self-contained workload for the kernel: `workers` coroutines each sleep
// `steps` random virtual durations and trace every wake-up. Used by `slsim demo`,
// the determinism tests (also across processes) and bench_kernel.
#include <cstdint>

#include "slsim/sim/run_result.hpp"

namespace slsim::sim {

struct demo_options {
  std::uint64_t seed = 1;
  int workers = 100;
  int steps = 100;
  bool trace = true;  ///< emit a trace record per wake-up (off: pure scheduling cost)
};

run_result run_demo(const demo_options& options);

}  // namespace slsim::sim
