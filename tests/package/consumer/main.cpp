// Runs a seeded kernel demo through the installed package and prints its trace hash.
#include <cstdio>
#include <slsim/sim/demo_workload.hpp>

int main() {
  const auto result = slsim::sim::run_demo({.seed = 5, .workers = 10, .steps = 10});
  std::printf("trace_hash %016llx\n", static_cast<unsigned long long>(result.trace_hash));
  return result.ok() ? 0 : 1;
}
