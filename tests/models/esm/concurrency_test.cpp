// Concurrency: visibility expiry during processing (P1), throttling and overpull (L9, L11,
// P2, MD6, MD14), MaximumConcurrency (L10) and scaling (L8, MD7).
#include <gtest/gtest.h>

#include <algorithm>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;

TEST(esm_concurrency, visibility_shorter_than_processing_gives_a_concurrent_duplicate) {  // P1, S7
  harness h;
  esm_config e;
  e.batch_size = 2;
  e.maximum_batching_window_s = 8;  // the window eats into the visibility timeout
  e.scaling.initial_concurrency = 2;
  h.code.work = sim::seconds(5);
  h.create(testing::standard_queue(10), testing::function_with(10), e);
  const std::string a = h.send("A");
  h.ctx.schedule_at(sim::seconds(10), [&](sim::detail::fire_code) { h.send("B"); });
  h.run_for(sim::seconds(60));
  ASSERT_GE(h.code.seen.size(), 2u);
  EXPECT_EQ(h.code.seen[0].start, sim::seconds(8));
  EXPECT_LT(h.code.seen[1].start, h.code.seen[0].end);  // both invocations held A at once
  EXPECT_EQ(h.code.times_seen(a), 2);
  EXPECT_EQ(h.mapping->stats().concurrent_duplicates, 1u);
  EXPECT_EQ(h.observed.duplicates, (std::vector<std::string>{a}));
  EXPECT_EQ(h.observed.count(failure_cause::visibility_expiry), 1u);
  EXPECT_GE(h.queues.counters(h.queue_name).stale_deletes, 1u);  // the first delete used an old handle
  EXPECT_EQ(
      std::count_if(h.code.processed.begin(), h.code.processed.end(), [](const auto& p) { return p.second == "A"; }),
      2);  // processed twice: the handler must be idempotent
}

TEST(esm_concurrency, a_copy_delivered_after_the_delete_is_not_a_visibility_expiry) {  // MD4, P1, MD22
  harness h;
  h.instant_hops = false;
  esm_config e;
  e.scaling.initial_concurrency = 2;
  e.latency.invoke = models::duration_dist::constant(0);
  e.latency.delete_call = models::duration_dist::constant(2000);  // the delete lands at 1 s, returns at 2 s
  h.create(testing::standard_queue(30), testing::function_with(10), e);
  const std::string a = h.send("A");
  ASSERT_FALSE(h.queues.duplicate_after_delete(h.queue_name, a));
  h.run_for(sim::seconds(10));
  // The copy comes back while the first job still waits for its delete call to return: a
  // second poller receives it, but the first receive ended in its delete.
  ASSERT_EQ(h.code.times_seen(a), 2);
  EXPECT_LT(h.code.seen[1].start, h.code.seen[0].end + sim::seconds(2));  // before the call returned
  EXPECT_EQ(h.observed.count(failure_cause::visibility_expiry), 0u);
  EXPECT_TRUE(h.observed.duplicates.empty());
  EXPECT_EQ(h.mapping->stats().concurrent_duplicates, 0u);
  EXPECT_EQ(h.observed.deleted, (std::vector<std::string>{a, a}));
}

TEST(esm_concurrency, extend_visibility_option_prevents_the_window_duplicate) {  // MD12, L6
  harness h;
  esm_config e;
  e.batch_size = 2;
  e.maximum_batching_window_s = 8;
  e.scaling.initial_concurrency = 2;
  e.extend_visibility = true;  // visibility = 8 + 10 + 30 s for these receives
  h.code.work = sim::seconds(5);
  h.create(testing::standard_queue(10), testing::function_with(10), e);
  const std::string a = h.send("A");
  h.ctx.schedule_at(sim::seconds(10), [&](sim::detail::fire_code) { h.send("B"); });
  h.run_for(sim::seconds(60));
  EXPECT_EQ(h.code.times_seen(a), 1);
  EXPECT_EQ(h.mapping->stats().concurrent_duplicates, 0u);
}

TEST(esm_concurrency, handler_timeout_returns_the_whole_batch) {  // L1, L5, MD5
  harness h;
  h.code.work = sim::seconds(20);
  h.create(testing::standard_queue(30), testing::function_with(10), {});
  h.send("slow-1");
  h.send("slow-2");
  h.run_for(sim::seconds(45));
  ASSERT_EQ(h.code.seen.size(), 2u);
  EXPECT_GE(h.code.seen[1].start, sim::seconds(30));
  EXPECT_EQ(h.observed.count(failure_cause::timeout), 4u);  // 2 messages x 2 timed-out invocations
  EXPECT_EQ(h.queues.counters(h.queue_name).deleted, 0u);
}

TEST(esm_concurrency, throttled_batches_retry_with_doubling_backoff_until_visibility_expires) {  // MD6, MD14, L9
  harness h;
  esm_config e;
  e.scaling.initial_concurrency = 1;
  h.create(testing::standard_queue(30), testing::function_with(10, 0), e);  // reserved 0: always throttled
  const std::string id = h.send("m");
  h.run_for(sim::seconds(40));
  ASSERT_GE(h.observed.invocation_times.size(), 6u);
  const std::vector<sim::time_ns> first(h.observed.invocation_times.begin(), h.observed.invocation_times.begin() + 5);
  EXPECT_EQ(first, (std::vector<sim::time_ns>{0, sim::seconds(1), sim::seconds(3), sim::seconds(7), sim::seconds(15)}));
  EXPECT_EQ(h.observed.invocation_times[5], sim::seconds(30));  // back after the visibility timeout
  EXPECT_EQ(h.code.seen.size(), 0u);
  const auto history = h.queues.receive_history(id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].receive_count, 2);  // the throttled receive counted (S8)
  EXPECT_GE(h.mapping->stats().dropped_batches, 1u);
}

TEST(esm_concurrency, reserved_concurrency_one_with_five_pollers_sends_unprocessed_messages_to_the_dlq) {  // P2, L11
  harness h;
  esm_config e;
  e.batch_size = 1;
  h.code.work = sim::seconds(8);
  h.create(testing::standard_queue(10), testing::function_with(10, 1), e, /*max_receive_count=*/2);
  for (int i = 0; i < 10; ++i) h.send("valid-" + std::to_string(i));
  h.run_for(sim::seconds(300));
  const auto dlq = h.dlq_ids();
  ASSERT_FALSE(dlq.empty());
  const auto never_processed =
      std::count_if(dlq.begin(), dlq.end(), [&](const auto& id) { return h.code.times_seen(id) == 0; });
  EXPECT_GT(never_processed, 0);  // valid messages in the DLQ without a single invocation
  EXPECT_GT(h.observed.count(failure_cause::throttle), 0u);
  EXPECT_GT(h.mapping->stats().throttled_attempts, 0u);
}

TEST(esm_concurrency, maximum_concurrency_at_reserved_concurrency_avoids_overpull) {  // L10, P2 fix
  harness h;
  esm_config e;
  e.batch_size = 1;
  e.maximum_concurrency = 2;
  h.code.work = sim::seconds(8);
  h.create(testing::standard_queue(10), testing::function_with(10, 2), e, /*max_receive_count=*/2);
  for (int i = 0; i < 10; ++i) h.send("valid-" + std::to_string(i));
  h.run_for(sim::seconds(300));
  EXPECT_TRUE(h.dlq_ids().empty());
  EXPECT_EQ(h.mapping->stats().throttled_attempts, 0u);
  EXPECT_LE(h.mapping->stats().peak_active, 2);
  EXPECT_EQ(h.code.processed.size(), 10u);
}

TEST(esm_concurrency, scales_up_by_three_hundred_per_minute_under_backlog) {  // L8, MD7
  harness h;
  h.code.work = sim::seconds(5);
  h.create(testing::standard_queue(60), testing::function_with(10), {});
  for (int i = 0; i < 30000; ++i) h.send("m");
  int at_start = 0, at_minute = 0;
  h.probe_target_at(0, at_start);
  h.probe_target_at(sim::seconds(60) + sim::milliseconds(500), at_minute);
  h.run_for(sim::seconds(61));
  EXPECT_EQ(at_start, 5);
  EXPECT_GE(at_minute, 295);
  EXPECT_LE(at_minute, 305);
}

TEST(esm_concurrency, maximum_concurrency_caps_the_scale_up) {  // L10
  harness h;
  esm_config e;
  e.maximum_concurrency = 20;
  h.code.work = sim::seconds(5);
  h.create(testing::standard_queue(60), testing::function_with(10), e);
  for (int i = 0; i < 5000; ++i) h.send("m");
  h.run_for(sim::seconds(60));
  EXPECT_EQ(h.mapping->stats().peak_target, 20);
  EXPECT_LE(h.mapping->stats().peak_active, 20);
  EXPECT_LE(h.function->stats().peak_concurrency, 20);
}

TEST(esm_concurrency, scales_back_down_when_idle) {  // L8, MD7
  harness h;
  h.code.work = sim::seconds(1);
  h.create(testing::standard_queue(60), testing::function_with(10), {});
  for (int i = 0; i < 3000; ++i) h.send("m");
  int after_drain = 0, much_later = 0;
  h.probe_target_at(sim::seconds(100), after_drain);
  h.probe_target_at(sim::seconds(400), much_later);
  h.run_for(sim::seconds(400));
  EXPECT_GT(h.mapping->stats().peak_target, 5);
  EXPECT_EQ(after_drain, 5);
  EXPECT_EQ(much_later, 2);  // L8: can drop to 2 without MaximumConcurrency
  EXPECT_EQ(h.code.processed.size(), 3000u);
}

}  // namespace
}  // namespace slsim::esm
