#include "slsim/sim/demo_workload.hpp"

#include <boost/asio/use_awaitable.hpp>

#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::sim {
namespace {
constexpr event_kind k_wake{"demo", "wake"};

asio::awaitable<void> worker(context& ctx, rng random, int id, int steps, bool trace) {
  for (int step = 0; step < steps; ++step) {
    co_await async_sleep_for(ctx, random.uniform_int(1, 1'000'000), asio::use_awaitable);
    if (trace)
      ctx.emit({.kind = &k_wake,
                .ids = {static_cast<std::uint64_t>(id), static_cast<std::uint64_t>(step), 0, 0},
                .value = ctx.now()});
  }
}
}  // namespace

run_result run_demo(const demo_options& options) {
  context ctx;
  const rng_source source(options.seed);
  for (int i = 0; i < options.workers; ++i)
    ctx.spawn("worker-" + std::to_string(i),
              worker(ctx, source.stream("worker-" + std::to_string(i)), i, options.steps, options.trace));
  return ctx.run();
}

}  // namespace slsim::sim
