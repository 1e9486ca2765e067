// The SQS → Lambda hop takes time (MD16), and the scaler adds pollers on backlog, not on
// full receives (MD7 corrected).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;

esm_config with_latency(models::duration_dist invoke, models::duration_dist del) {
  esm_config e;
  e.batch_size = 1;
  e.scaling.initial_concurrency = 1;
  e.latency.invoke = invoke;
  e.latency.delete_call = del;
  return e;
}

TEST(esm_hop, the_function_starts_one_hop_after_the_receive_and_the_delete_lands_mid_call) {  // MD16
  harness h;
  h.instant_hops = false;
  h.code.work = sim::milliseconds(100);
  h.create(testing::standard_queue(30), testing::function_with(3),
           with_latency(models::duration_dist::constant(20), models::duration_dist::constant(10)));
  const std::string id = h.send("a");
  h.run_for(sim::seconds(5));
  ASSERT_EQ(h.code.seen.size(), 1u);
  EXPECT_EQ(h.code.seen[0].start, sim::milliseconds(20));  // long poll returned at 0, hop 20 ms
  const auto history = h.queues.receive_history(id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].t, 0);  // SQS returned it (visibility timer starts) before the hop
  EXPECT_EQ(h.observed.deleted, (std::vector<std::string>{id}));
  EXPECT_EQ(h.queues.counters(h.queue_name).deleted, 1u);
}

TEST(esm_hop, zero_latencies_keep_the_hop_instantaneous) {  // MD16
  harness h;
  h.code.work = sim::milliseconds(100);
  h.create(testing::standard_queue(30), testing::function_with(3),
           with_latency(models::duration_dist::constant(0), models::duration_dist::constant(0)));
  h.send("a");
  h.run_for(sim::seconds(5));
  ASSERT_EQ(h.code.seen.size(), 1u);
  EXPECT_EQ(h.code.seen[0].start, 0);
}

TEST(esm_hop, default_hop_follows_the_published_figures) {  // MD16
  harness h;
  h.instant_hops = false;
  h.code.work = sim::milliseconds(1);
  esm_config e;
  e.batch_size = 1;
  h.create(testing::standard_queue(30), testing::function_with(3), e);
  constexpr int n = 2000;
  std::vector<sim::time_ns> sent(n);
  for (int i = 0; i < n; ++i) {
    sent[i] = sim::seconds(1) * i;  // one at a time: a poller is always waiting
    h.ctx.schedule_at(sent[i], [&h](sim::detail::fire_code) { h.send("m"); });
  }
  h.run_for(sim::seconds(n + 5));
  ASSERT_EQ(h.code.seen.size(), static_cast<std::size_t>(n));
  std::vector<double> hop_ms;
  for (int i = 0; i < n; ++i) hop_ms.push_back(static_cast<double>(h.code.seen[i].start - sent[i]) / 1e6);
  // The share of hops at or below each published quantile (the sample's CDF there), within
  // three standard errors of a binomial proportion over n hops.
  const auto share_at_most = [&](double ms) {
    return static_cast<double>(std::count_if(hop_ms.begin(), hop_ms.end(), [ms](double x) { return x <= ms; })) / n;
  };
  const auto tolerance = [](double p) { return 3 * std::sqrt(p * (1 - p) / n); };
  EXPECT_NEAR(share_at_most(14), 0.10, tolerance(0.10));   // p10 ≈ 14 ms
  EXPECT_NEAR(share_at_most(16), 0.50, tolerance(0.50));   // p50 ≈ 16 ms
  EXPECT_NEAR(share_at_most(34), 0.90, tolerance(0.90));   // p90 ≈ 34 ms
  EXPECT_NEAR(share_at_most(105), 0.99, tolerance(0.99));  // p99 ≈ 105 ms
}

TEST(esm_scaling, light_load_at_batch_size_one_does_not_scale_up) {  // MD7 (corrected), L8
  // Every non-empty receive at batch size 1 is "full"; only a backlog means more is waiting.
  harness h;
  h.instant_hops = false;  // with the default hops, as users run it
  h.code.work = sim::milliseconds(50);
  esm_config e;
  e.batch_size = 1;
  h.create(testing::standard_queue(30), testing::function_with(3), e);
  for (int i = 0; i < 600; ++i)  // 5 per second for two minutes, far below five pollers' capacity
    h.ctx.schedule_at(sim::milliseconds(200) * i, [&h](sim::detail::fire_code) { h.send("m"); });
  h.run_for(sim::seconds(125));
  EXPECT_EQ(h.code.processed.size(), 600u);
  EXPECT_EQ(h.mapping->stats().peak_target, 5);
  EXPECT_LE(h.mapping->stats().receives, 700u);  // about one receive per message, not 5x
}

TEST(esm_scaling, a_backlog_at_batch_size_one_still_scales_up) {  // MD7, L8
  harness h;
  h.code.work = sim::seconds(1);
  esm_config e;
  e.batch_size = 1;
  h.create(testing::standard_queue(60), testing::function_with(10), e);
  for (int i = 0; i < 20000; ++i) h.send("m");
  int at_minute = 0;
  h.probe_target_at(sim::seconds(60) + sim::milliseconds(500), at_minute);
  h.run_for(sim::seconds(61));
  EXPECT_GE(at_minute, 295);
}

}  // namespace
}  // namespace slsim::esm
