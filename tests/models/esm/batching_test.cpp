// Batch assembly: batch size, batching window, payload cap, receive calls (L2, L3, L4, MD13, MD15).
#include <gtest/gtest.h>

#include <algorithm>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;

esm_config single_poller(int batch_size, int window_s) {
  esm_config e;
  e.batch_size = batch_size;
  e.maximum_batching_window_s = window_s;
  e.scaling.initial_concurrency = 1;  // one poller makes batch composition exact
  return e;
}

TEST(esm_batching, batch_size_caps_every_batch) {  // L2
  harness h;
  esm_config e;
  e.batch_size = 5;
  h.create(testing::standard_queue(30), testing::function_with(10), e);
  for (int i = 0; i < 12; ++i) h.send("m" + std::to_string(i));
  h.run_for(sim::seconds(30));
  std::size_t total = 0;
  for (auto size : h.observed.batch_sizes) {
    EXPECT_LE(size, 5u);
    total += size;
  }
  EXPECT_EQ(total, 12u);
  EXPECT_EQ(h.mapping->stats().max_batch_size, 5u);
}

TEST(esm_batching, window_gathers_messages_until_it_ends) {  // L3
  harness h;
  h.create(testing::standard_queue(30), testing::function_with(10), single_poller(100, 3));
  h.send("first");
  h.ctx.schedule_at(sim::seconds(1), [&](sim::detail::fire_code) { h.send("second"); });
  h.ctx.schedule_at(sim::seconds(5), [&](sim::detail::fire_code) { h.send("third"); });
  h.run_for(sim::seconds(20));
  ASSERT_EQ(h.code.seen.size(), 2u);
  EXPECT_EQ(h.code.seen[0].start, sim::seconds(3));  // the window starts with the first message
  EXPECT_EQ(h.code.seen[0].bodies, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(h.code.seen[1].start, sim::seconds(8));
  EXPECT_EQ(h.code.seen[1].bodies, (std::vector<std::string>{"third"}));
}

TEST(esm_batching, full_batch_is_invoked_before_the_window_ends) {  // L3
  harness h;
  h.create(testing::standard_queue(120), testing::function_with(10), single_poller(10, 60));
  for (int i = 0; i < 10; ++i) h.send("m" + std::to_string(i));
  h.run_for(sim::seconds(5));
  ASSERT_EQ(h.code.seen.size(), 1u);
  EXPECT_EQ(h.code.seen[0].start, 0);
  EXPECT_EQ(h.code.seen[0].ids.size(), 10u);
}

TEST(esm_batching, payload_cap_splits_a_batch) {  // L4
  harness h;
  h.create(testing::standard_queue(30), testing::function_with(10), single_poller(10, 1));
  const std::string big(1'000'000, 'x');
  for (int i = 0; i < 7; ++i) h.send(big);
  h.run_for(sim::seconds(10));
  EXPECT_EQ(h.observed.batch_sizes, (std::vector<std::uint32_t>{6, 1}));
}

TEST(esm_batching, low_traffic_option_waits_up_to_twenty_seconds) {  // MD13, L3
  for (const bool low_traffic : {false, true}) {
    harness h;
    esm_config e = single_poller(50, 2);
    e.low_traffic_wait_20s = low_traffic;
    h.create(testing::standard_queue(60), testing::function_with(10), e);
    h.send("lonely");
    h.run_for(sim::seconds(30));
    ASSERT_EQ(h.code.seen.size(), 1u);
    EXPECT_EQ(h.code.seen[0].start, low_traffic ? sim::seconds(20) : sim::seconds(2));
  }
}

TEST(esm_batching, large_batches_take_several_receives_of_at_most_ten) {  // MD15, L2
  harness h;
  h.create(testing::standard_queue(30), testing::function_with(10), single_poller(25, 1));
  for (int i = 0; i < 25; ++i) h.send("m" + std::to_string(i));
  h.run_for(sim::seconds(10));
  EXPECT_EQ(h.observed.batch_sizes, (std::vector<std::uint32_t>{25}));
  EXPECT_GE(h.mapping->stats().receives, 3u);
}

}  // namespace
}  // namespace slsim::esm
