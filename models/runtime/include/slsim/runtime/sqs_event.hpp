#pragma once
// The SQS event a Lambda handler receives from the event source mapping, exactly in
// the L14 shape: Records[] with messageId, receiptHandle, body, attributes (all values
// strings), messageAttributes, md5OfBody, md5OfMessageAttributes, eventSource,
// eventSourceARN, awsRegion. The JSON codec uses the wire names both ways.
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace slsim {

/// One entry of a record's `messageAttributes` (L14): a typed value as SQS stores it.
struct sqs_message_attribute {
  std::optional<std::string> string_value;  ///< "stringValue" (String and Number types)
  std::optional<std::string> binary_value;  ///< "binaryValue", base64 (Binary type)
  std::vector<std::string> string_list_values;
  std::vector<std::string> binary_list_values;
  std::string data_type = "String";  ///< "String", "Number", "Binary" or a custom "String.x"

  friend bool operator==(const sqs_message_attribute&, const sqs_message_attribute&) = default;
};

/// A record's `attributes` (L14). Every value is a string on the wire, so they are kept
/// as strings here too; FIFO-only fields are empty on standard queues.
struct sqs_message_system_attributes {
  std::string approximate_receive_count = "1";  ///< S8: counts every receive
  std::string sent_timestamp = "0";             ///< epoch milliseconds
  std::string sender_id;
  std::string approximate_first_receive_timestamp = "0";  ///< epoch milliseconds
  std::optional<std::string> aws_trace_header;
  std::optional<std::string> sequence_number;           ///< FIFO only
  std::optional<std::string> message_group_id;          ///< FIFO only
  std::optional<std::string> message_deduplication_id;  ///< FIFO only

  friend bool operator==(const sqs_message_system_attributes&, const sqs_message_system_attributes&) = default;
};

/// One record of an SQS event: one received message (L14).
struct sqs_message {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  sqs_message_system_attributes attributes;
  std::map<std::string, sqs_message_attribute> message_attributes;  ///< ordered by name
  std::string md5_of_body;
  std::optional<std::string> md5_of_message_attributes;  ///< null when there are none
  std::string event_source = "aws:sqs";
  std::string event_source_arn;
  std::string aws_region;

  friend bool operator==(const sqs_message&, const sqs_message&) = default;
};

/// The event passed to one invocation: the batch (L1, L14).
struct sqs_event {
  std::vector<sqs_message> records;

  friend bool operator==(const sqs_event&, const sqs_event&) = default;
};

void to_json(nlohmann::json& j, const sqs_message_attribute& a);
/// Throws nlohmann::json::exception when a required field is missing or not a string.
void from_json(const nlohmann::json& j, sqs_message_attribute& a);
void to_json(nlohmann::json& j, const sqs_message_system_attributes& a);
void from_json(const nlohmann::json& j, sqs_message_system_attributes& a);
void to_json(nlohmann::json& j, const sqs_message& m);
void from_json(const nlohmann::json& j, sqs_message& m);
/// {"Records": [...]} with the wire field names.
void to_json(nlohmann::json& j, const sqs_event& e);
void from_json(const nlohmann::json& j, sqs_event& e);

}  // namespace slsim
