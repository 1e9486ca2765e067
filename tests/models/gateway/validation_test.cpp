// G2 body validation (400) and G3 payload limit (413); rejected requests never reach SQS.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness.hpp"
#include "slsim/gateway/clients.hpp"
#include "slsim/gateway/schema.hpp"

namespace slsim::gateway {
namespace {

TEST(validation, bodies_breaking_the_schema_are_400_and_never_enqueued) {
  testing::harness h(testing::exact_config());
  const std::vector<std::string> bad{
      R"({"requestId":"r","customerId":"c"})",                            // missing amount
      R"({"requestId":"r","customerId":"c","amount":"5"})",               // wrong type
      R"({"requestId":"r","customerId":"c","amount":5.5})",               // not an integer
      R"({"requestId":"r","customerId":"c","amount":-1})",                // below minimum
      R"({"requestId":"r","customerId":"c","amount":5,"currency":"X"})",  // not in enum
      R"({"requestId":"","customerId":"c","amount":5})",                  // too short
      R"({"requestId":"r","customerId":"c","amount":5)",                  // malformed
      R"([1,2])",                                                         // not an object
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    http_request r = testing::valid_request(i + 1);
    r.body = bad[i];
    h.send(0, std::move(r));
  }
  h.send(0, testing::valid_request(100));
  ASSERT_TRUE(h.run().ok());
  for (std::size_t i = 0; i < bad.size(); ++i) {
    EXPECT_EQ(h.outcomes[i].response.status, 400) << bad[i];
    EXPECT_EQ(h.outcomes[i].response.type, response_type::bad_request_body);
  }
  EXPECT_EQ(h.outcomes.back().response.status, 202);
  EXPECT_EQ(h.stored(), 1u);
  EXPECT_EQ(h.gateway->integration_calls(), 1u);
}

TEST(validation, schema_reports_the_rule_and_field) {
  const body_validator v(gateway_config::default_request_schema());
  EXPECT_TRUE(v.validate_text(testing::valid_body(1)).ok());
  const auto r = v.validate_text(R"({"requestId":"r","amount":1})");
  EXPECT_EQ(r.error, schema_error::missing_required);
  EXPECT_EQ(r.field, "customerId");
  const auto long_id =
      v.validate_text(R"({"requestId":")" + std::string(65, 'a') + R"(","customerId":"c","amount":1})");
  EXPECT_EQ(long_id.error, schema_error::too_long);
  EXPECT_EQ(long_id.field, "requestId");
  const body_validator closed(nlohmann::json::parse(R"({"type":"object","additionalProperties":false,
      "properties":{"a":{"type":["integer","null"]}}})"));
  EXPECT_TRUE(closed.validate_text(R"({"a":null})").ok());
  EXPECT_EQ(closed.validate_text(R"({"a":1,"b":2})").error, schema_error::additional_property);
}

TEST(validation, unsupported_schema_keywords_are_config_errors_with_paths) {
  const auto v = body_validator::check_schema(
      nlohmann::json::parse(R"({"type":"object","properties":{"a":{"type":"strin","pattern":"x"}}})"), "s");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].path, "s.properties.a.pattern");
  EXPECT_EQ(v[1].path, "s.properties.a.type");
  EXPECT_THROW(body_validator(nlohmann::json::parse(R"({"type":"object","oneOf":[]})")), models::config_error);
}

// G3: the gateway accepts up to 10 MB; one byte more is 413 and never reaches SQS.
TEST(validation, payload_over_10_mb_is_413_and_never_enqueued) {
  testing::harness h(testing::exact_config());
  client_config clients;
  sim::rng r(3);
  http_request over = testing::valid_request(1);
  over.body = make_body(request_kind::oversized, 1, r, clients);
  ASSERT_EQ(over.body.size(), 10485761u);
  h.send(0, std::move(over));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 413);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::request_too_large);
  EXPECT_EQ(h.stored(), 0u);
  EXPECT_EQ(h.gateway->integration_calls(), 0u);
}

// Laws: generated bodies of each kind meet (or break) the default schema as intended.
RC_GTEST_PROP(validation, generated_bodies_pass_or_fail_the_schema_by_kind, (std::uint64_t seed)) {
  const body_validator v(gateway_config::default_request_schema());
  client_config c;
  c.oversized_bytes = 4096;
  sim::rng r(seed);
  RC_ASSERT(v.validate_text(make_body(request_kind::valid, seed, r, c)).ok());
  RC_ASSERT(v.validate_text(make_body(request_kind::poison, seed, r, c)).ok());
  RC_ASSERT(v.validate_text(make_body(request_kind::oversized, seed, r, c)).ok());
  RC_ASSERT(!v.validate_text(make_body(request_kind::invalid, seed, r, c)).ok());
  const auto poison = nlohmann::json::parse(make_body(request_kind::poison, seed, r, c));
  RC_ASSERT(poison.at("poison") == true);
}

}  // namespace
}  // namespace slsim::gateway
