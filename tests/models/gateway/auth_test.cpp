// G2: authentication answers and that a rejected request never reaches the queue.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace slsim::gateway {
namespace {

TEST(auth, api_key_missing_or_invalid_is_403_and_valid_key_passes) {
  gateway_config config = testing::exact_config();
  config.auth.api_key_required = true;
  config.auth.api_keys = {"key-a"};
  testing::harness h(config);
  h.send(0, testing::valid_request(1));
  h.send(0, testing::valid_request(2, "key-b"));
  h.send(0, testing::valid_request(3, "key-a"));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 403);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::invalid_api_key);
  EXPECT_EQ(h.outcomes[1].response.status, 403);
  EXPECT_EQ(h.outcomes[2].response.status, 202);
  EXPECT_EQ(h.stored(), 1u);
}

// G2: token authorizer outcomes: missing 403, Unauthorized 401, Deny 403, error 500.
TEST(auth, token_authorizer_answers_with_the_documented_status_codes) {
  gateway_config config = testing::exact_config();
  config.auth.authorizer = authorizer_kind::token;
  config.auth.allow_tokens = {"good"};
  config.auth.deny_tokens = {"denied"};
  config.auth.failing_tokens = {"boom"};
  testing::harness h(config);
  h.send(0, testing::valid_request(1));
  h.send(0, testing::valid_request(2, {}, "forged"));
  h.send(0, testing::valid_request(3, {}, "denied"));
  h.send(0, testing::valid_request(4, {}, "boom"));
  h.send(0, testing::valid_request(5, {}, "good"));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 403);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::missing_authentication_token);
  EXPECT_EQ(h.outcomes[1].response.status, 401);
  EXPECT_EQ(h.outcomes[1].response.body(), R"({"message":"Unauthorized"})");
  EXPECT_EQ(h.outcomes[2].response.status, 403);
  EXPECT_EQ(h.outcomes[2].response.type, response_type::access_denied);
  EXPECT_EQ(h.outcomes[3].response.status, 500);
  EXPECT_EQ(h.outcomes[3].response.type, response_type::authorizer_failure);
  EXPECT_EQ(h.outcomes[4].response.status, 202);
  EXPECT_EQ(h.stored(), 1u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_FALSE(h.gateway->ledger().attempts()[i].enqueued);
}

TEST(auth, authorizer_latency_delays_the_answer) {
  gateway_config config = testing::exact_config();
  config.auth.authorizer = authorizer_kind::token;
  config.auth.allow_tokens = {"good"};
  config.auth.authorizer_latency_ms = 40;
  testing::harness h(config);
  h.send(0, testing::valid_request(1, {}, "nope"));
  h.send(0, testing::valid_request(2, {}, "good"));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].answered_at, sim::milliseconds(40));
  EXPECT_EQ(h.outcomes[1].answered_at, sim::milliseconds(48));  // authorizer + 8 ms SQS round trip
}

// G2: an unknown route answers like a missing token.
TEST(auth, unknown_route_is_403_missing_authentication_token) {
  testing::harness h(testing::exact_config());
  http_request r = testing::valid_request(1);
  r.path = "/request";
  h.send(0, std::move(r));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 403);
  EXPECT_EQ(h.outcomes[0].response.body(), R"({"message":"Missing Authentication Token"})");
  EXPECT_EQ(h.stored(), 0u);
}

}  // namespace
}  // namespace slsim::gateway
