// G3-G7: the SendMessage integration, response mapping and its pitfalls, timeouts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace slsim::gateway {
namespace {

std::string attribute(const queue::received_message& m, const std::string& name) {
  for (const auto& a : m.message_attributes)
    if (a.name == name) return a.string_value;
  return "<missing>";
}

std::vector<queue::received_message> drain(queue::queue_service& q, const std::string& name) {
  std::vector<queue::received_message> all;
  for (;;) {
    auto batch = q.try_receive(name, queue::receive_request{.max_number_of_messages = 10, .wait_time_s = 0});
    if (batch.empty()) return all;
    for (auto& m : batch) all.push_back(std::move(m));
  }
}

// G4 and docs/architecture.md §0: 202 with the requestId; the message carries the body, the
// requestId and the gateway's correlation id as attributes.
TEST(integration, accepted_request_is_enqueued_with_request_and_correlation_ids) {
  testing::harness h(testing::exact_config());
  h.send(0, testing::valid_request(0xabc));
  ASSERT_TRUE(h.run().ok());
  const http_response& r = h.outcomes[0].response;
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body(), R"({"requestId":"req-0000000000000abc"})");
  EXPECT_EQ(h.outcomes[0].answered_at, sim::milliseconds(8));
  ASSERT_NE(r.correlation_id, 0u);
  const auto messages = drain(h.queues, "requests");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, testing::valid_body(0xabc));
  EXPECT_EQ(attribute(messages[0], "requestId"), "req-0000000000000abc");
  EXPECT_EQ(attribute(messages[0], "correlationId"), format_correlation_id(r.correlation_id));
  const attempt_record& a = h.gateway->ledger().attempts()[0];
  EXPECT_TRUE(a.enqueued);
  EXPECT_EQ(a.message_id, messages[0].message_id);
  EXPECT_EQ(a.correlation_id, r.correlation_id);
  EXPECT_EQ(a.client_saw, client_view::answered);
}

// G3/G6: past the integration timeout the client gets 504, yet SQS stores the message;
// the client's retry with the same requestId stores a second one with a new messageId.
TEST(integration, timeout_504_with_enqueued_message_then_retry_gives_two_messages_for_one_request_id) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(30)});
  h.send(0, testing::valid_request(7));
  h.send(sim::seconds(40), testing::valid_request(7));  // the client's retry
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 504);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::integration_timeout);
  EXPECT_EQ(h.outcomes[0].answered_at, sim::seconds(29));
  EXPECT_EQ(h.outcomes[1].response.status, 202);
  const auto attempts = h.gateway->ledger().attempts_of(7);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_TRUE(attempts[0].enqueued);
  EXPECT_EQ(attempts[0].status, 504);
  EXPECT_EQ(attempts[0].enqueued_at, sim::seconds(30) + sim::milliseconds(8));
  EXPECT_EQ(attempts[1].attempt, 2u);
  EXPECT_EQ(h.gateway->ledger().enqueued_count(7), 2u);
  const auto messages = drain(h.queues, "requests");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(attribute(messages[0], "requestId"), attribute(messages[1], "requestId"));
  EXPECT_NE(messages[0].message_id, messages[1].message_id);
  EXPECT_NE(attribute(messages[0], "correlationId"), attribute(messages[1], "correlationId"));
}

// G6: a lost response is a 504 INTEGRATION_FAILURE whose message was stored.
TEST(integration, lost_response_is_504_with_the_message_stored) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::lost_response, 0});
  h.gateway->inject_integration_fault({integration_fault::kind::network_error, 0});
  h.send(0, testing::valid_request(1));
  h.send(sim::seconds(1), testing::valid_request(2));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 504);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::integration_failure);
  EXPECT_EQ(h.outcomes[1].response.status, 504);
  EXPECT_TRUE(h.gateway->ledger().attempts()[0].enqueued);
  EXPECT_FALSE(h.gateway->ledger().attempts()[1].enqueued);
  EXPECT_EQ(h.stored(), 1u);
}

gateway_config with_mapping(mapping_preset preset) {
  gateway_config c = testing::exact_config();
  c.integration.mapping = preset;
  return c;
}

// G5: with only the default 200 mapping, an SQS failure reaches the client as 200 with
// SQS's error body; with 4xx/5xx patterns it is a 5xx the client retries.
TEST(integration, sqs_error_is_200_with_error_body_under_the_default_only_mapping) {
  for (const auto preset : {mapping_preset::default_only, mapping_preset::proper}) {
    testing::harness h(with_mapping(preset));
    h.queues.inject_api_failure("requests", queue::api_call::send, queue::queue_errc::internal_error);
    h.send(0, testing::valid_request(1));
    h.send(sim::seconds(1), testing::valid_request(2));
    ASSERT_TRUE(h.run().ok());
    const http_response& failed = h.outcomes[0].response;
    EXPECT_EQ(failed.backend_status, 500);
    EXPECT_EQ(failed.backend_error, "InternalError");
    EXPECT_EQ(failed.type, response_type::integration_error);
    EXPECT_FALSE(h.gateway->ledger().attempts()[0].enqueued);
    if (preset == mapping_preset::default_only) {
      EXPECT_EQ(failed.status, 200);
      EXPECT_TRUE(failed.success());  // the pitfall: the client believes it was accepted
      EXPECT_EQ(nlohmann::json::parse(failed.body())["Error"]["Code"], "InternalError");
      EXPECT_EQ(h.outcomes[1].response.status, 200);  // success is 200 too (SendMessageResponse)
      EXPECT_EQ(
          nlohmann::json::parse(h.outcomes[1].response.body())["SendMessageResponse"]["SendMessageResult"]["MessageId"],
          h.gateway->ledger().attempts()[1].message_id);
    } else {
      EXPECT_EQ(failed.status, 500);
      EXPECT_EQ(h.outcomes[1].response.status, 202);
    }
    EXPECT_EQ(h.stored(), 1u);
  }
}

// G7: a body within the gateway's 10 MB but over SQS's 1 MiB is rejected by SQS; the
// client sees 200 under the default-only mapping and 400 with 4xx mapped.
TEST(integration, body_over_sqs_limit_is_200_with_error_in_pitfall_mode_and_400_when_mapped) {
  for (const auto preset : {mapping_preset::default_only, mapping_preset::proper}) {
    testing::harness h(with_mapping(preset));
    http_request big = testing::valid_request(1);
    big.body = R"({"requestId":"r","customerId":"c","amount":1,"padding":")" + std::string(2 << 20, 'x') + "\"}";
    h.send(0, std::move(big));
    ASSERT_TRUE(h.run().ok());
    const http_response& r = h.outcomes[0].response;
    EXPECT_EQ(r.backend_status, 400);
    EXPECT_EQ(r.backend_error, "InvalidParameterValue");
    EXPECT_EQ(r.status, preset == mapping_preset::default_only ? 200 : 400);
    EXPECT_EQ(h.stored(), 0u);
  }
}

// G4: the gateway's role must allow sqs:SendMessage; without it SQS answers AccessDenied.
TEST(integration, gateway_role_without_send_message_is_denied_and_recorded) {
  iam::iam_config roles;
  roles.roles[0].actions = {"sqs:ReceiveMessage"};
  testing::harness h(testing::exact_config(), roles);
  h.send(0, testing::valid_request(1));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 400);
  EXPECT_EQ(h.outcomes[0].response.backend_error, "AccessDenied");
  ASSERT_EQ(h.iam->denials().size(), 1u);
  EXPECT_EQ(h.iam->denials()[0].what, iam::action::sqs_send_message);
  EXPECT_EQ(h.iam->denials()[0].caller, 1u);
  EXPECT_EQ(h.stored(), 0u);
}

// G5: a backend status no integration response matches is a 500.
TEST(integration, unmatched_backend_status_is_500_api_configuration_error) {
  gateway_config c = testing::exact_config();
  c.integration.integration_responses = {{"2\\d{2}", 202}};
  testing::harness h(c);
  h.queues.inject_api_failure("requests", queue::api_call::send, queue::queue_errc::service_unavailable);
  h.send(0, testing::valid_request(1));
  h.send(0, testing::valid_request(2));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 500);
  EXPECT_EQ(h.outcomes[0].response.type, response_type::api_configuration_error);
  EXPECT_EQ(h.outcomes[1].response.status, 202);
}

// A client that gives up before the gateway answers still has its message stored (G6).
TEST(integration, client_timeout_leaves_the_server_side_running) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(10)});
  h.send(0, testing::valid_request(1), sim::seconds(5));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].ec, boost::asio::error::timed_out);
  EXPECT_EQ(h.outcomes[0].answered_at, sim::seconds(5));
  const attempt_record& a = h.gateway->ledger().attempts()[0];
  EXPECT_EQ(a.client_saw, client_view::timed_out);
  EXPECT_EQ(a.status, 202);
  EXPECT_TRUE(a.enqueued);
  EXPECT_EQ(h.stored(), 1u);
  EXPECT_EQ(h.gateway->in_flight(), 0u);
}

TEST(integration, fault_hook_sees_each_call_index) {
  testing::harness h(testing::exact_config());
  std::vector<std::uint64_t> seen;
  h.gateway->set_integration_fault_hook([&seen](std::uint64_t call, const http_request& r) {
    seen.push_back(call * 1000 + r.request_id);
    return call == 1 ? integration_fault{integration_fault::kind::sqs_error, 0} : integration_fault{};
  });
  for (std::uint64_t i = 1; i <= 3; ++i) h.send(sim::seconds(static_cast<std::int64_t>(i)), testing::valid_request(i));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 1002, 2003}));
  EXPECT_EQ(h.outcomes[1].response.status, 500);
  EXPECT_EQ(h.stored(), 2u);
}

}  // namespace
}  // namespace slsim::gateway
