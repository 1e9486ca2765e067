// The queue's published counters (queue.<name>.*) count what their names say.
#include <gtest/gtest.h>

#include "queue_test_support.hpp"
#include "slsim/metrics/registry.hpp"

namespace slsim::queue {
namespace {

std::int64_t total(const metrics::registry& r, const std::string& name) {
  metrics::counter c;
  EXPECT_TRUE(r.find_counter(name, c)) << name;
  return r.total(c);
}

TEST(queue_metrics, count_sends_receives_redeliveries_deletes_empty_receives_and_dlq_moves) {
  sim::context ctx;
  metrics::registry registry;
  queue_service svc(ctx, sim::rng_source(7).stream("queue"), &registry);
  queue_config dlq;
  dlq.name = "orders-dlq";
  svc.create_queue(dlq);
  queue_config q;
  q.name = "orders";
  q.visibility_timeout_s = 1;
  q.redrive_policy = {"orders-dlq", 2};  // MD1: two deliveries, the third receive moves it
  svc.create_queue(q);
  receive_request ten;
  ten.max_number_of_messages = 10;

  ctx.schedule_at(0, [&](sim::detail::fire_code) {
    for (const char* body : {"a", "b", "c"}) svc.send_message("orders", {.body = body});
    const auto first = svc.try_receive("orders", ten);  // 3 first deliveries
    ASSERT_EQ(first.size(), 3u);
    ASSERT_FALSE(svc.delete_message("orders", first[0].receipt_handle));  // "a" is done
  });
  ctx.schedule_at(sim::seconds(2), [&](sim::detail::fire_code) {
    EXPECT_EQ(svc.try_receive("orders", ten).size(), 2u);  // S8: b and c again (redeliveries)
  });
  ctx.schedule_at(sim::seconds(4), [&](sim::detail::fire_code) {
    EXPECT_TRUE(svc.try_receive("orders", ten).empty());  // both moved to the DLQ instead (MD1)
  });
  ctx.run();

  EXPECT_EQ(total(registry, "queue.orders.sends"), 3);
  EXPECT_EQ(total(registry, "queue.orders.receives"), 5);
  EXPECT_EQ(total(registry, "queue.orders.redeliveries"), 2);
  EXPECT_EQ(total(registry, "queue.orders.deletes"), 1);
  EXPECT_EQ(total(registry, "queue.orders.empty_receives"), 1);
  EXPECT_EQ(total(registry, "queue.orders.dlq_moves"), 2);
  EXPECT_EQ(total(registry, "queue.orders-dlq.sends"), 0);  // a DLQ move is not a send
  // The same figures the queue's own counters hold: one home, two views.
  EXPECT_EQ(total(registry, "queue.orders.dlq_moves"), static_cast<std::int64_t>(svc.counters("orders").moved_to_dlq));
  EXPECT_EQ(&svc.metric_registry(), &registry);
}

TEST(queue_metrics, without_a_registry_the_queue_keeps_its_counters_in_a_private_one) {
  sim::context ctx;
  queue_service svc(ctx, sim::rng_source(7).stream("queue"));
  queue_config q;
  q.name = "solo";
  svc.create_queue(q);
  svc.send_message("solo", {.body = "x"});
  EXPECT_EQ(total(svc.metric_registry(), "queue.solo.sends"), 1);
}

}  // namespace
}  // namespace slsim::queue
