// ESM-driven invocations per second (wall clock) with a trivial handler and a pre-loaded
// queue: pollers, batch assembly, the runtime, judging and deletes, end to end.
// Prints figures; asserts nothing.
#include <fmt/format.h>

#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "slsim/esm/esm.hpp"
#include "slsim/queue/queue.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/timer.hpp"

namespace {

namespace asio = boost::asio;
using namespace slsim;

struct trivial_code final : runtime::function_code {
  asio::awaitable<void> init(runtime::environment_info&) override { co_return; }
  asio::awaitable<runtime::invocation_output> invoke(const sqs_event&, runtime::invocation_info& info) override {
    co_await sim::async_sleep_for(info.context(), sim::milliseconds(5), asio::use_awaitable);
    co_return batch_response{};
  }
};

/// Keeps the run alive until the queue is empty (checked once per virtual second).
asio::awaitable<void> until_drained(sim::context& ctx, queue::queue_service& queues, std::string name) {
  for (;;) {
    co_await sim::async_sleep_for(ctx, sim::k_second, asio::use_awaitable);
    const auto a = queues.get_queue_attributes(name);
    if (a.approximate_number_of_messages == 0 && a.approximate_number_of_messages_not_visible == 0) co_return;
  }
}

void run(int messages, int batch_size) {
  sim::context ctx;
  queue::queue_service queues(ctx, sim::rng(1));
  queue::queue_config q;
  q.name = "bench";
  queues.create_queue(q);
  for (int i = 0; i < messages; ++i) queues.send_message("bench", {.body = R"({"requestId":"r","amount":1})"});
  trivial_code code;
  runtime::lambda_runtime function(ctx, sim::rng(2), {}, code);
  esm::esm_config e;
  e.batch_size = batch_size;
  esm::event_source_mapping mapping(ctx, sim::rng(3), e, queues, "bench", function);
  mapping.start();
  ctx.spawn("drain", until_drained(ctx, queues, "bench"));
  const auto start = std::chrono::steady_clock::now();  // wall-clock ok: benchmark measurement
  const auto result = ctx.run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;  // wall-clock ok
  const auto& s = mapping.stats();
  fmt::print(
      "batch_size={:>2} messages={} invocations={} deleted={} events={} virtual={:.1f}s wall={:.3f}s  "
      "{:.0f} invocations/s  {:.0f} messages/s  {:.0f} events/s  peak_concurrency={}{}\n",
      batch_size, messages, s.invocations, s.deleted, result.events, sim::to_seconds(result.end_time), wall.count(),
      static_cast<double>(s.invocations) / wall.count(), static_cast<double>(s.deleted) / wall.count(),
      static_cast<double>(result.events) / wall.count(), function.stats().peak_concurrency,
      result.ok() ? "" : "  RUN NOT OK: " + result.describe());
}

}  // namespace

int main() {
  run(200'000, 10);
  run(100'000, 1);
}
