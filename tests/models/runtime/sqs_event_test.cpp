// The SQS event's JSON codec (L14): the real Lambda sample parses, and round trips keep
// every field and the wire shape.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "slsim/runtime/sqs_event.hpp"

namespace slsim {
namespace {

nlohmann::json load_fixture() {
  std::ifstream in(std::string(SLSIM_TEST_FIXTURES) + "/sqs-event.aws-lambda-go.json");
  return nlohmann::json::parse(in);
}

TEST(sqs_event, parses_the_aws_lambda_go_sample) {  // L14
  const auto event = load_fixture().get<sqs_event>();
  ASSERT_EQ(event.records.size(), 1u);
  const sqs_message& m = event.records[0];
  EXPECT_EQ(m.message_id, "MessageID_1");
  EXPECT_EQ(m.receipt_handle, "MessageReceiptHandle");
  EXPECT_EQ(m.body, "Message Body");
  EXPECT_EQ(m.attributes.approximate_receive_count, "2");
  EXPECT_EQ(m.attributes.sent_timestamp, "1520621625029");
  EXPECT_EQ(m.attributes.sender_id, "AROAIWPX5BD2BHG722MW4:sender");
  EXPECT_FALSE(m.attributes.message_group_id.has_value());
  ASSERT_EQ(m.message_attributes.size(), 3u);
  const auto& binary = m.message_attributes.at("Attribute3");
  EXPECT_EQ(binary.data_type, "Binary");
  EXPECT_EQ(binary.binary_value, "MTEwMA==");
  EXPECT_FALSE(binary.string_value.has_value());
  EXPECT_EQ(binary.string_list_values, (std::vector<std::string>{"abc", "123"}));
  EXPECT_EQ(m.message_attributes.at("Attribute2").string_value, "123");
  EXPECT_EQ(m.md5_of_message_attributes, "582c92c5c5b6ac403040a4f3ab3115c9");
  EXPECT_EQ(m.event_source, "aws:sqs");
  EXPECT_EQ(m.event_source_arn, "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
  EXPECT_EQ(m.aws_region, "us-west-2");
}

TEST(sqs_event, round_trip_reproduces_the_sample_exactly) {  // L14: same wire names and values
  const nlohmann::json fixture = load_fixture();
  const nlohmann::json again = fixture.get<sqs_event>();
  EXPECT_EQ(again, fixture);
}

TEST(sqs_event, attribute_values_are_strings_on_the_wire) {  // L14
  sqs_message m;
  m.message_id = "id";
  m.attributes.approximate_receive_count = "3";
  m.attributes.message_group_id = "g1";
  m.attributes.sequence_number = "00000000000000000001";
  m.attributes.message_deduplication_id = "d1";
  const nlohmann::json j = sqs_event{{m}};
  for (const auto& [key, value] : j["Records"][0]["attributes"].items()) EXPECT_TRUE(value.is_string()) << key;
  EXPECT_EQ(j["Records"][0]["attributes"]["MessageGroupId"], "g1");
  EXPECT_TRUE(j["Records"][0]["md5OfMessageAttributes"].is_null());
  EXPECT_EQ(j.get<sqs_event>(), sqs_event{{m}});
}

TEST(sqs_event, rejects_a_record_without_message_id) {
  const auto j = nlohmann::json::parse(R"({"Records":[{"receiptHandle":"h","body":"b"}]})");
  EXPECT_THROW(j.get<sqs_event>(), nlohmann::json::exception);
}

}  // namespace
}  // namespace slsim
