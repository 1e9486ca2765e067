#pragma once
// The kernel against a bare event loop (docs/architecture.md §8), shared by bench_kernel and
// bench_pipeline so both print the same ratio. One kernel event = one coroutine resumption:
// 1,000 coroutines each sleep random virtual durations. The bare loop is a
// std::priority_queue of POD {t, seq, idx} with 1,000 pending, popping one and pushing one
// successor per event.
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdlib>
#include <queue>
#include <vector>

#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::bench {
using namespace slsim::sim;
using clock_type = std::chrono::steady_clock;

constexpr int k_pending = 1000;

inline asio::awaitable<void> sleeper(context& ctx, rng random, int steps) {
  for (int i = 0; i < steps; ++i) co_await async_sleep_for(ctx, random.uniform_int(1, 1'000'000), asio::use_awaitable);
}

inline double kernel_rate(int steps_per_coroutine) {
  context ctx;
  const rng_source source(1);
  for (int i = 0; i < k_pending; ++i) ctx.spawn("sleeper", sleeper(ctx, source.stream("s"), steps_per_coroutine));
  const auto start = clock_type::now();
  const auto result = ctx.run();
  const std::chrono::duration<double> elapsed = clock_type::now() - start;
  if (!result.ok()) {
    fmt::print(stderr, "kernel run failed: {}", result.describe());
    std::exit(1);
  }
  return static_cast<double>(result.events) / elapsed.count();
}

struct pod_event {
  std::int64_t t;
  std::uint64_t seq;
  std::uint32_t idx;
  bool operator<(const pod_event& o) const noexcept { return t != o.t ? t > o.t : seq > o.seq; }
};

inline double bare_rate(std::uint64_t events) {
  std::priority_queue<pod_event> queue;
  rng random(1);
  std::uint64_t seq = 0;
  for (std::uint32_t i = 0; i < k_pending; ++i) queue.push({random.uniform_int(1, 1'000'000), seq++, i});
  std::uint64_t checksum = 0;
  const auto start = clock_type::now();
  for (std::uint64_t n = 0; n < events; ++n) {
    const pod_event e = queue.top();
    queue.pop();
    checksum += e.idx;
    queue.push({e.t + random.uniform_int(1, 1'000'000), seq++, e.idx});
  }
  const std::chrono::duration<double> elapsed = clock_type::now() - start;
  if (checksum == 42) fmt::print("");  // keep the loop observable
  return static_cast<double>(events) / elapsed.count();
}

struct kernel_rates {
  double kernel = 0;  ///< events per second
  double bare = 0;
  double ratio() const { return kernel / bare; }
};

/// Best of three of each, interleaved, so a noisy neighbour hurts both alike.
inline kernel_rates measure_kernel(int steps_per_coroutine) {
  const std::uint64_t events = static_cast<std::uint64_t>(k_pending) * static_cast<std::uint64_t>(steps_per_coroutine);
  kernel_rates r;
  for (int round = 0; round < 3; ++round) {
    r.kernel = std::max(r.kernel, kernel_rate(steps_per_coroutine));
    r.bare = std::max(r.bare, bare_rate(events));
  }
  return r;
}

}  // namespace slsim::bench
