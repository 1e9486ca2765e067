// F7: the FIFO throughput quota. Each API action (send, receive, delete, change
// visibility; a batch call counts once) may be called fifo_transactions_per_s times per
// second of virtual time; a call beyond that fails with RequestThrottled and has no effect.
#include "service_impl.hpp"

namespace slsim::queue::detail {
namespace {
constexpr sim::event_kind k_throttle{"queue", "throttle", {"queue", "api_call"}, "calls_per_s"};
}  // namespace

bool service_impl::throttled(queue_state& q, api_call call) {
  if (!q.fifo() || q.config.high_throughput())
    return false;  // F7: standard and high-throughput queues: no quota modelled
  // At most `rate` calls in a burst and `rate` calls per second sustained, exactly.
  const std::int64_t rate = q.config.fifo_transactions_per_s;
  call_bucket& b = fifo[q.index].quota[static_cast<std::size_t>(call)];
  if (!b) b.emplace(static_cast<double>(rate), static_cast<double>(rate), ctx.now());
  if (b->try_take(ctx.now())) return false;
  ++q.counters.throttled;
  count(q, &queue_metrics::throttled);
  ctx.emit({.kind = &k_throttle, .ids = {q.index, static_cast<std::uint64_t>(call), 0, 0}, .value = rate});
  return true;
}

}  // namespace slsim::queue::detail
