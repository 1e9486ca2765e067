// The live runner's events have the simulator's L14 shape: the same MD5s the simulated
// queue computes, string attributes, the queue's ARN.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "slsim/live/event_builder.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::live {
namespace {

std::vector<queue::message_attribute> gateway_attributes() {
  // As the gateway's integration sends them (docs/architecture.md §0: the correlation id travels along).
  return {{"requestId", "String", "req-0000000000000001", ""},
          {"correlationId", "String", "corr-00000000000000ab", ""}};
}

TEST(live_event_builder, md5s_match_the_simulated_queue) {  // L14
  sim::context ctx;
  queue::queue_service sqs(ctx, sim::rng_source(1).stream("queue"));
  sqs.create_queue(queue::queue_config{.name = "orders"});
  const std::string body = R"({"requestId":"req-1","customerId":"c-1","amount":5})";
  const auto sent = sqs.send_message("orders", {.body = body, .message_attributes = gateway_attributes()});
  ASSERT_TRUE(sent.ok());
  const auto event = build_sqs_event({live_message{message_id_of(1), body, gateway_attributes(), 1}}, event_source{},
                                     std::chrono::system_clock::time_point{}, 1);
  EXPECT_EQ(event.records.at(0).md5_of_body, sent.md5_of_body);
  EXPECT_EQ(event.records.at(0).md5_of_message_attributes, sent.md5_of_message_attributes);
}

TEST(live_event_builder, records_have_the_lambda_shape) {  // L14
  const live_message m{message_id_of(7), R"({"a":1})", gateway_attributes(), 2};
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
  const sqs_event event = build_sqs_event({m}, event_source{}, at, 1);
  ASSERT_EQ(event.records.size(), 1u);
  const sqs_message& r = event.records[0];
  EXPECT_EQ(r.message_id, message_id_of(7));
  EXPECT_EQ(r.attributes.approximate_receive_count, "2");
  EXPECT_EQ(r.attributes.sent_timestamp, "1700000000123");
  EXPECT_EQ(r.event_source, "aws:sqs");
  EXPECT_EQ(r.event_source_arn, "arn:aws:sqs:us-east-1:123456789012:requests");
  EXPECT_EQ(r.event_source_arn, queue::queue_arn("requests"));  // the simulator's ARN for the same queue
  EXPECT_EQ(r.aws_region, "us-east-1");
  ASSERT_TRUE(r.md5_of_message_attributes.has_value());
  EXPECT_EQ(r.message_attributes.begin()->first, "correlationId");  // sorted by name
  const nlohmann::json j = event;
  EXPECT_TRUE(j["Records"][0]["attributes"]["ApproximateReceiveCount"].is_string());
  EXPECT_EQ(j["Records"][0]["messageAttributes"]["requestId"]["stringValue"], "req-0000000000000001");
  EXPECT_EQ(j.get<sqs_event>(), event);  // the codec reads back what the handler gets
}

TEST(live_event_builder, each_receive_gets_new_receipt_handles) {  // S7
  const live_message m{message_id_of(1), "{}", {}, 1};
  const auto now = std::chrono::system_clock::time_point{};
  const auto first = build_sqs_event({m, m}, event_source{}, now, 1);
  const auto second = build_sqs_event({m}, event_source{}, now, 2);
  EXPECT_NE(first.records[0].receipt_handle, first.records[1].receipt_handle);
  EXPECT_NE(first.records[0].receipt_handle, second.records[0].receipt_handle);
  EXPECT_FALSE(first.records[0].md5_of_message_attributes.has_value());  // null without attributes
  EXPECT_NE(message_id_of(1), message_id_of(2));
}

}  // namespace
}  // namespace slsim::live
