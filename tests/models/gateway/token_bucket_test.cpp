// G1: token buckets in exact virtual-time arithmetic.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness.hpp"
#include "slsim/models/token_bucket.hpp"

namespace slsim::gateway {
namespace {
using models::token_bucket;

// G1: a burst drains the bucket, then a steady rate is admitted exactly at the refill rate.
TEST(token_bucket, burst_then_steady_rate_gives_exact_429_counts) {
  gateway_config config = testing::exact_config();
  config.throttling.account = {true, 10.0, 100};  // 10 rps, burst 100
  testing::harness h(config);
  for (std::uint64_t i = 0; i < 150; ++i) h.send(0, testing::valid_request(i + 1));
  // 20 rps for 10 s: a token arrives every 100 ms, so every second request passes.
  for (std::uint64_t k = 1; k <= 200; ++k)
    h.send(sim::milliseconds(50) * static_cast<sim::time_ns>(k), testing::valid_request(1000 + k));
  const auto result = h.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(h.count_status(429), 50u + 100u);
  EXPECT_EQ(h.count_status(202), 100u + 100u);
  EXPECT_EQ(h.stored(), 200u);
  for (std::uint64_t k = 1; k <= 200; ++k)
    EXPECT_EQ(h.outcomes[149 + k].response.status, k % 2 == 0 ? 202 : 429) << "request at " << 50 * k << " ms";
}

TEST(token_bucket, starts_full_and_refills_to_the_burst_only) {
  token_bucket b(2.0, 3);
  EXPECT_EQ(b.tokens(0), 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(b.try_take(0));
  EXPECT_FALSE(b.try_take(0));
  EXPECT_FALSE(b.try_take(sim::milliseconds(499)));
  EXPECT_TRUE(b.try_take(sim::milliseconds(500)));
  EXPECT_EQ(b.tokens(sim::hours(1000)), 3);  // long idle: capped at the burst, no overflow
}

// Law (G1): over any arrival pattern, admitted requests never exceed burst + rate * elapsed.
RC_GTEST_PROP(token_bucket, never_admits_more_than_burst_plus_rate_times_time,
              (const std::vector<std::uint16_t>& gaps_ms)) {
  const auto rate = *rc::gen::inRange<int>(1, 1000);
  const auto burst = *rc::gen::inRange<std::int64_t>(0, 200);
  token_bucket b(rate, burst);
  sim::time_ns t = 0;
  std::int64_t admitted = 0;
  for (const auto gap : gaps_ms) {
    t += sim::milliseconds(gap);
    admitted += b.try_take(t);
    const double bound = static_cast<double>(burst) + rate * sim::to_seconds(t);
    RC_ASSERT(static_cast<double>(admitted) <= bound + 1e-9);
  }
}

// Law (G1): once drained, arrivals exactly 1/rate apart are all admitted (no drift).
RC_GTEST_PROP(token_bucket, arrivals_at_the_refill_rate_are_all_admitted, ()) {
  const auto rate = *rc::gen::element(1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 1000, 10000);
  const auto burst = *rc::gen::inRange<std::int64_t>(1, 100);
  token_bucket b(rate, burst);
  for (std::int64_t i = 0; i < burst; ++i) RC_ASSERT(b.try_take(0));
  RC_ASSERT(!b.try_take(0));
  const sim::time_ns period = sim::k_second / rate;
  for (sim::time_ns k = 1; k <= 500; ++k) RC_ASSERT(b.try_take(k * period));
}

// D9: DynamoDB keeps 300 s of unused capacity: 40 000 WCU/s is a 12 000 000-token burst,
// beyond what 64-bit units hold; the shared bucket must neither overflow nor drift.
TEST(token_bucket, a_dynamodb_sized_burst_is_exact_after_a_long_idle_time) {
  token_bucket b(40'000.0, 40'000.0 * 300);
  EXPECT_EQ(b.tokens(0), 12'000'000);
  EXPECT_TRUE(b.try_take(0, 12'000'000));
  EXPECT_EQ(b.tokens(sim::milliseconds(1)), 40);
  EXPECT_EQ(b.tokens(sim::hours(10'000)), 12'000'000);
}

// F7, D9: fractional rates and bursts keep their 0.001-token resolution.
TEST(token_bucket, fractional_rates_and_bursts_refill_exactly) {
  token_bucket b(0.5, 1.5);
  EXPECT_EQ(b.tokens(0), 1);
  EXPECT_TRUE(b.try_take(0));
  EXPECT_FALSE(b.try_take(sim::milliseconds(999)));  // 0.5 left + 0.4995 refilled
  EXPECT_TRUE(b.try_take(sim::milliseconds(1000)));  // exactly 1.0: no floating-point shortfall
  EXPECT_EQ(b.tokens(sim::hours(1)), 1);             // capped at the 1.5-token burst
}

// Taking a token the bucket does not have is a model bug (exit 70), not a handler verdict.
TEST(token_bucket_death, taking_without_a_token_is_a_model_bug) {
  EXPECT_EXIT(
      {
        token_bucket b(1.0, 1);
        b.take();
        b.take();
      },
      ::testing::ExitedWithCode(70), "model invariant violated");
  EXPECT_EXIT(
      {
        token_bucket b(1.0, 1, sim::k_second);
        (void)b.tokens(0);
      },
      ::testing::ExitedWithCode(70), "virtual time went backwards");
}

}  // namespace
}  // namespace slsim::gateway
