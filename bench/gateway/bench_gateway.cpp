// Throughput of the gateway model (docs/architecture.md §8): accepted requests per wall-clock
// second through client coroutines → api_gateway (auth, throttle, validation, SQS
// integration, ledger) → queue_service. Prints figures; asserts nothing.
//   bench_gateway [requests]   (default 200000)
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "slsim/gateway/clients.hpp"
#include "slsim/gateway/gateway.hpp"

namespace {
using namespace slsim;
using clock_type = std::chrono::steady_clock;

struct figures {
  double wall_s = 0;
  double cpu_s = 0;  ///< process CPU time: the machine is shared, wall time is noisy
  std::uint64_t accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t events = 0;
};

figures run(std::int64_t requests, bool validate, bool throttled) {
  sim::context ctx;
  const sim::rng_source seeds(1);
  queue::queue_service queues(ctx, seeds.stream("queue"));
  queues.create_queue({.name = "requests"});
  iam::iam_service iam(ctx, iam::iam_config{});
  gateway::gateway_config g;
  g.validate_body = validate;
  if (throttled) g.throttling.account = {true, 1000.0, 100};  // most requests answered 429 at the door
  gateway::api_gateway gw(ctx, g, queues, iam, seeds.stream("gateway"));
  gateway::client_config c;
  c.clients = 10;
  c.arrival.rate_per_s = 1000;
  c.arrival.requests = requests / c.clients;
  c.mix = {1, 0, 0, 0, 0};
  c.retry.max_attempts = 1;
  c.retry.late_retry_probability = 0;
  gateway::client_fleet fleet(ctx, c, gw, seeds.stream("clients"));
  fleet.start();
  const auto start = clock_type::now();
  const std::clock_t cpu_start = std::clock();
  const auto result = ctx.run();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const std::chrono::duration<double> elapsed = clock_type::now() - start;
  if (!result.ok()) {
    fmt::print(stderr, "run failed: {}\n", result.describe());
    std::exit(1);
  }
  return {elapsed.count(), cpu, queues.counters("requests").sent, fleet.totals().requests, result.events};
}

void report(const char* name, const figures& f) {
  fmt::print(
      "{:<34} {:>8} requests {:>8} accepted  wall {:>6.3f} s  cpu {:>6.3f} s  {:>8.0f} requests/cpu-s  "
      "{:>8.0f} accepted/cpu-s  {:>4.1f} events/request\n",
      name, f.requests, f.accepted, f.wall_s, f.cpu_s, static_cast<double>(f.requests) / f.cpu_s,
      static_cast<double>(f.accepted) / f.cpu_s, static_cast<double>(f.events) / static_cast<double>(f.requests));
}
}  // namespace

int main(int argc, char** argv) {
  const std::int64_t requests = argc > 1 ? std::atoll(argv[1]) : 200000;
  report("gateway+sqs, schema validation", run(requests, true, false));
  report("gateway+sqs, no validation", run(requests, false, false));
  report("gateway, 429 at the door (mostly)", run(requests, true, true));
  return 0;
}
