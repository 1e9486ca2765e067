// Gateway and client configuration: AWS defaults, JSON round trips, every violation with its path.
#include <gtest/gtest.h>

#include "slsim/gateway/config.hpp"

namespace slsim::gateway {
namespace {

bool has_path(const std::vector<models::violation>& v, const std::string& path, const std::string& fact) {
  for (const auto& x : v)
    if (x.path == path && x.fact == fact) return true;
  return false;
}

TEST(gateway_config, defaults_are_aws_values) {
  const gateway_config c;
  EXPECT_TRUE(c.validate().empty());
  EXPECT_EQ(c.max_payload_bytes, 10485760);           // G3
  EXPECT_EQ(c.integration.timeout_ms, 29000);         // G3
  EXPECT_EQ(c.throttling.account.rate_per_s, 10000);  // G1
  EXPECT_EQ(c.throttling.account.burst, 5000);        // G1
  const auto responses = c.effective_responses();
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].status, 202);
}

// G3: the integration timeout is 50 ms..29 s unless the extended limit is requested.
TEST(gateway_config, integration_timeout_range_is_checked) {
  gateway_config c;
  c.integration.timeout_ms = 29001;
  EXPECT_TRUE(has_path(c.validate(), "gateway.integration.timeout_ms", "G3"));
  c.integration.extended_timeout = true;
  EXPECT_TRUE(c.validate().empty());
  c.integration.timeout_ms = 49;
  EXPECT_TRUE(has_path(c.validate(), "gateway.integration.timeout_ms", "G3"));
}

TEST(gateway_config, every_violation_is_reported_with_its_path) {
  gateway_config c;
  c.max_payload_bytes = 20 << 20;
  c.auth.api_key_required = true;
  c.throttling.usage_plans.push_back({"p", {"ghost"}, {true, -1, 10}, false, 0, quota_period_kind::day});
  c.integration.integration_responses = {{"4\\d{2", 400}};
  c.request_schema = nlohmann::json::parse(R"({"type":"object","anyOf":[]})");
  const auto v = c.validate();
  EXPECT_TRUE(has_path(v, "gateway.max_payload_bytes", "G3"));
  EXPECT_TRUE(has_path(v, "gateway.auth.api_keys", "G2"));
  EXPECT_TRUE(has_path(v, "gateway.throttling.usage_plans[0].throttle.rate_per_s", "G1"));
  EXPECT_TRUE(has_path(v, "gateway.throttling.usage_plans[0].api_keys[0]", "G1"));
  EXPECT_TRUE(has_path(v, "gateway.integration.integration_responses[0].pattern", "G5"));
  EXPECT_TRUE(has_path(v, "gateway.request_schema.anyOf", "G2"));
  EXPECT_EQ(v.size(), 6u);
}

TEST(gateway_config, json_round_trip_keeps_every_field) {
  gateway_config c;
  c.auth.authorizer = authorizer_kind::token;
  c.auth.allow_tokens = {"a"};
  c.throttling.usage_plans.push_back({"p", {}, {true, 5, 10}, true, 100, quota_period_kind::week});
  c.integration.mapping = mapping_preset::default_only;
  const nlohmann::json j = c;
  EXPECT_EQ(j["integration"]["mapping"], "default_only");
  EXPECT_EQ(j["throttling"]["usage_plans"][0]["quota_period"], "WEEK");
  const auto back = j.get<gateway_config>();
  EXPECT_EQ(nlohmann::json(back), j);
  const auto partial = nlohmann::json::parse(R"({"integration": {"timeout_ms": 5000}})").get<gateway_config>();
  EXPECT_EQ(partial.integration.timeout_ms, 5000);
  EXPECT_EQ(partial.max_payload_bytes, 10485760);  // unspecified fields keep AWS defaults
}

TEST(client_config, violations_and_round_trip) {
  client_config c;
  EXPECT_TRUE(c.validate().empty());
  c.retry.max_attempts = 0;
  c.mix = {0, 0, 0, 0, 0};
  c.retry.late_retry_max_s = 10;  // below the minimum
  const auto v = c.validate();
  EXPECT_TRUE(has_path(v, "clients.retry.max_attempts", "docs/architecture.md §6"));
  EXPECT_TRUE(has_path(v, "clients.mix", "docs/architecture.md §6"));
  EXPECT_TRUE(has_path(v, "clients.retry.late_retry_max_s", "docs/architecture.md §6"));
  const nlohmann::json j = client_config{};
  EXPECT_EQ(j["arrival"]["process"], "constant");
  EXPECT_EQ(nlohmann::json(j.get<client_config>()), j);
}

}  // namespace
}  // namespace slsim::gateway
