// F1/F5 through the gateway: the SendMessage integration templates MessageGroupId and
// MessageDeduplicationId from the body or a header, so a FIFO queue accepts requests.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace slsim::gateway {
namespace {

queue::queue_config fifo_queue(bool content_based = false) {
  queue::queue_config q;
  q.name = "requests.fifo";
  q.type = queue::queue_type::fifo;
  q.content_based_deduplication = content_based;
  return q;
}

gateway_config fifo_gateway(value_source group, value_source dedup) {
  gateway_config c = testing::exact_config();
  c.integration.queue = "requests.fifo";
  c.integration.message_group_id = std::move(group);
  c.integration.message_deduplication_id = std::move(dedup);
  return c;
}

std::string body_for(std::uint64_t id, const std::string& customer) {
  return R"({"requestId":")" + format_request_id(id) + R"(","customerId":")" + customer + R"(","amount":5})";
}

http_request request_for(std::uint64_t id, const std::string& customer) {
  http_request r = testing::valid_request(id);
  r.body = body_for(id, customer);
  return r;
}

// Before the templates, every request to a FIFO queue was a 400 (F1: no MessageGroupId).
TEST(fifo_integration, without_a_group_id_template_every_request_is_rejected_by_sqs) {
  testing::harness h(fifo_gateway({}, {}), {}, fifo_queue(true));
  h.send(0, request_for(1, "c-1"));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.outcomes[0].response.status, 400);
  EXPECT_EQ(h.stored(), 0u);
}

TEST(fifo_integration, group_id_from_a_body_field_orders_each_customer_separately) {
  testing::harness h(fifo_gateway({value_from::body, "customerId"}, {value_from::body, "requestId"}), {}, fifo_queue());
  h.send(0, request_for(1, "c-1"));
  h.send(sim::milliseconds(1), request_for(2, "c-2"));
  h.send(sim::milliseconds(2), request_for(3, "c-1"));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.count_status(202), 3u);
  // F2: c-1's second message waits behind its first while that is in flight; c-2 is free.
  auto first = h.queues.try_receive("requests.fifo", {.max_number_of_messages = 1, .wait_time_s = 0});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].attributes.message_group_id, "c-1");
  EXPECT_EQ(first[0].attributes.message_deduplication_id, format_request_id(1));
  auto rest = h.queues.try_receive("requests.fifo", {.max_number_of_messages = 10, .wait_time_s = 0});
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].attributes.message_group_id, "c-2");
}

// F5 + G6: a client retry carries the same requestId; with the requestId as the
// deduplication id, SQS accepts the retry within 5 minutes but does not deliver it again,
// even when the client re-serialised the body.
TEST(fifo_integration, retry_with_the_same_request_id_is_deduplicated_even_with_another_body) {
  testing::harness h(fifo_gateway({value_from::body, "customerId"}, {value_from::body, "requestId"}), {}, fifo_queue());
  h.send(0, request_for(9, "c-1"));
  http_request retry = request_for(9, "c-1");
  retry.body = R"({"amount":5,"customerId":"c-1","nonce":"x","requestId":")" + format_request_id(9) + R"("})";
  h.send(sim::seconds(10), retry);
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.count_status(202), 2u);
  EXPECT_EQ(h.stored(), 1u);
  EXPECT_FALSE(h.gateway->ledger().attempts()[1].enqueued);
}

// F5: content-based deduplication hashes the body, so a re-serialised retry is a new message.
TEST(fifo_integration, content_based_deduplication_misses_a_reserialised_retry) {
  testing::harness h(fifo_gateway({value_from::header, "X-Request-Id"}, {}), {}, fifo_queue(true));
  h.send(0, request_for(9, "c-1"));
  h.send(sim::seconds(1), request_for(9, "c-1"));  // byte-identical: deduplicated
  http_request retry = request_for(9, "c-1");
  retry.body = R"({"customerId":"c-1","requestId":")" + format_request_id(9) + R"(","amount":5})";
  h.send(sim::seconds(2), retry);  // same fields, another order: stored again
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(h.stored(), 2u);
  const auto got = h.queues.try_receive("requests.fifo", {.max_number_of_messages = 10, .wait_time_s = 0});
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].attributes.message_group_id, format_request_id(9));  // from the header
}

TEST(fifo_integration, validation_names_the_missing_template_and_the_fact) {
  gateway_config c = fifo_gateway({}, {});
  const auto fifo = c.validate_for_queue(true, false);
  ASSERT_EQ(fifo.size(), 2u);
  EXPECT_EQ(fifo[0].path, "gateway.integration.message_group_id.from");
  EXPECT_EQ(fifo[0].fact, "F1");
  EXPECT_EQ(fifo[1].path, "gateway.integration.message_deduplication_id.from");
  EXPECT_EQ(fifo[1].fact, "F5");
  EXPECT_TRUE(c.validate_for_queue(true, true).size() == 1u);  // content-based dedup suffices for F5

  c.integration.message_deduplication_id = {value_from::body, "requestId"};
  EXPECT_EQ(c.validate_for_queue(false, false).size(), 1u);  // F5: not on a standard queue

  c.integration.message_group_id = {value_from::body, "note"};  // not a required string field
  c.integration.message_deduplication_id = {value_from::header, "X-Unknown"};
  const auto v = c.validate();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].path, "gateway.integration.message_group_id.name");
  EXPECT_EQ(v[1].path, "gateway.integration.message_deduplication_id.name");
}

}  // namespace
}  // namespace slsim::gateway

namespace slsim::gateway {
namespace {
// FIFO queues introduce no duplicates (exactly-once processing): the S1/MD4 fault of a
// message coming back after its delete does not apply to them.
TEST(fifo_integration, a_fifo_queue_refuses_the_duplicate_after_delete_fault) {
  testing::harness h(fifo_gateway({value_from::body, "customerId"}, {value_from::body, "requestId"}), {}, fifo_queue());
  h.send(0, request_for(1, "c-1"));
  ASSERT_TRUE(h.run().ok());
  const auto got = h.queues.try_receive("requests.fifo", {.max_number_of_messages = 1, .wait_time_s = 0});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(h.queues.duplicate_after_delete("requests.fifo", got[0].message_id),
            queue::queue_errc::invalid_parameter_value);
}
}  // namespace
}  // namespace slsim::gateway
