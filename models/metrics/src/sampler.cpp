#include "slsim/metrics/sampler.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "slsim/sim/timer.hpp"

namespace slsim::metrics {
namespace {
namespace asio = boost::asio;

asio::awaitable<void> sample_loop(sim::context& ctx, registry& reg, sim::time_ns period) {
  // Sample on the period grid (period, 2*period, ...) whatever the start time, like
  // CloudWatch's aligned periods; cancellation at quiescence ends the loop.
  for (sim::time_ns next = (ctx.now() / period + 1) * period;; next += period) {
    co_await sim::async_sleep_until(ctx, next, asio::use_awaitable);
    reg.sample(ctx.now());
  }
}
}  // namespace

void start_sampler(sim::context& ctx, registry& reg, sim::time_ns period) {
  if (period <= 0) throw std::invalid_argument("metrics sampler period must be positive");
  ctx.spawn("metrics-sampler", sample_loop(ctx, reg, period), sim::task_kind::daemon);
}

void sample_final(registry& reg, sim::time_ns end) {
  if (reg.last_sample() < end) reg.sample(end);
}

}  // namespace slsim::metrics
