// G1: throttling levels in AWS's order, quotas, and that refused requests never reach SQS.
#include <gtest/gtest.h>

#include "harness.hpp"
#include "slsim/gateway/throttling.hpp"

namespace slsim::gateway {
namespace {

gateway_config keyed_config() {
  gateway_config c = testing::exact_config();
  c.auth.api_key_required = true;
  c.auth.api_keys = {"k1", "k2"};
  return c;
}

// G1: the usage plan's per-key limit applies before the account limit, so requests it
// refuses do not use up account capacity.
TEST(throttling, usage_plan_limit_applies_before_the_account_limit) {
  gateway_config config = keyed_config();
  config.throttling.usage_plans.push_back({"basic", {"k1"}, {true, 1.0, 10}, false, 0, quota_period_kind::day});
  config.throttling.account = {true, 1.0, 100};
  testing::harness h(config);
  for (std::uint64_t i = 0; i < 50; ++i) h.send(0, testing::valid_request(i + 1, "k1"));
  for (std::uint64_t i = 0; i < 95; ++i) h.send(sim::milliseconds(1), testing::valid_request(100 + i, "k2"));
  const auto result = h.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  std::size_t k1_ok = 0, k2_ok = 0;
  for (std::size_t i = 0; i < h.outcomes.size(); ++i) {
    const bool ok = h.outcomes[i].response.status == 202;
    (i < 50 ? k1_ok : k2_ok) += ok;
  }
  EXPECT_EQ(k1_ok, 10u);  // the plan's burst
  EXPECT_EQ(k2_ok, 90u);  // the account's 100 minus k1's 10: k1's 40 refusals took nothing
  EXPECT_EQ(h.count_status(429), 40u + 5u);
  EXPECT_EQ(h.stored(), 100u);  // a throttled request never reaches the queue
}

TEST(throttling, levels_refuse_in_aws_order) {
  throttling_config config;
  config.usage_plans.push_back({"p", {"k"}, {true, 0.0, 1}, false, 0, quota_period_kind::day});
  config.method = {true, 0.0, 2};
  config.stage = {true, 0.0, 3};
  config.account = {true, 0.0, 4};
  throttler t(config);
  EXPECT_EQ(t.admit("k", 0), throttle_level::none);
  EXPECT_EQ(t.admit("k", 0), throttle_level::usage_plan);
  EXPECT_EQ(t.admit("", 0), throttle_level::none);
  EXPECT_EQ(t.admit("", 0), throttle_level::method);
  EXPECT_EQ(t.account_tokens(0), 2);  // refused requests took no token anywhere
  config.method.enabled = false;
  throttler u(config);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(u.admit("", 0), throttle_level::none);
  EXPECT_EQ(u.admit("", 0), throttle_level::stage);
}

// G1: a usage-plan quota answers 429 "Limit Exceeded" and resets with the period.
TEST(throttling, quota_exceeded_is_429_limit_exceeded_until_the_next_period) {
  gateway_config config = keyed_config();
  config.throttling.usage_plans.push_back({"metered", {"k1"}, {}, true, 5, quota_period_kind::day});
  testing::harness h(config);
  for (std::uint64_t i = 0; i < 7; ++i)
    h.send(sim::seconds(static_cast<std::int64_t>(i)), testing::valid_request(i + 1, "k1"));
  h.send(sim::hours(24) + sim::seconds(1), testing::valid_request(99, "k1"));
  const auto result = h.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(h.outcomes[i].response.status, i < 5 ? 202 : 429) << i;
  EXPECT_EQ(h.outcomes[5].response.type, response_type::quota_exceeded);
  EXPECT_EQ(h.outcomes[5].response.body(), R"({"message":"Limit Exceeded"})");
  EXPECT_EQ(h.outcomes[7].response.status, 202);
  EXPECT_EQ(h.stored(), 6u);
}

TEST(throttling, throttled_answer_is_too_many_requests) {
  gateway_config config = testing::exact_config();
  config.throttling.stage = {true, 1.0, 1};
  testing::harness h(config);
  h.send(0, testing::valid_request(1));
  h.send(0, testing::valid_request(2));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[1].response.status, 429);
  EXPECT_EQ(h.outcomes[1].response.type, response_type::throttled);
  EXPECT_EQ(h.outcomes[1].response.body(), R"({"message":"Too Many Requests"})");
  EXPECT_EQ(h.outcomes[1].answered_at, 0);  // refused at the door, no integration latency
  EXPECT_FALSE(h.gateway->ledger().attempts()[1].enqueued);
}

}  // namespace
}  // namespace slsim::gateway
