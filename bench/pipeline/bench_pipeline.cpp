// End to end: accepted requests fully processed per CPU-second (and per wall-second),
// reference handler, tracing off, with the kernel's events per second and, measured in the
// same run, the kernel's ratio to a bare event loop (docs/architecture.md §8).
// Usage: bench_pipeline [requests] [batch_window_s]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "../kernel_rates.hpp"

#include "slsim/alloc/allocator.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/summary.hpp"

int main(int argc, char** argv) {
  using namespace slsim;
  const long requests = argc > 1 ? std::atol(argv[1]) : 50'000;
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.clients = 10;
  s.clients.arrival.requests = requests / 10;
  s.clients.arrival.rate_per_s = 500;
  s.clients.retry.late_retry_probability = 0;
  // Valid requests only: oversized ones (1.1 MB bodies) would measure JSON parsing.
  s.clients.mix = {.valid = 1, .poison = 0, .invalid = 0, .oversized = 0, .unauthenticated = 0};
  s.esm.maximum_batching_window_s = argc > 2 ? std::atoi(argv[2]) : 1;
  s.bounds.max_events = 2'000'000'000;
  s.bounds.wall_seconds = 600;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();  // CPU time: robust to a busy machine
  const auto o = pipeline::run_case(s, examples::reference_handler(), {.seed = 1});
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const auto sum = pipeline::summarize(o, s);
  fmt::print("allocator: {}\n", alloc::allocator_name());
  fmt::print("requests {}  accepted {}  processed {}  events {}  virtual {:.1f}s  wall {:.2f}s  cpu {:.2f}s\n",
             sum.requests, sum.accepted, sum.messages_processed, o.run.events, sum.virtual_seconds, wall.count(), cpu);
  fmt::print("accepted requests fully processed per CPU-second: {:.0f}\n", sum.messages_processed / cpu);
  fmt::print("accepted requests fully processed per wall-second: {:.0f}\n", sum.messages_processed / wall.count());
  fmt::print("kernel events per CPU-second: {:.0f}\n", static_cast<double>(o.run.events) / cpu);
  const auto kernel = bench::measure_kernel(500);
  fmt::print("bench_kernel: kernel {:.2f} M events/s, bare loop {:.2f} M events/s, ratio {:.3f}\n", kernel.kernel / 1e6,
             kernel.bare / 1e6, kernel.ratio());
  return o.run.ok() ? 0 : 1;
}
