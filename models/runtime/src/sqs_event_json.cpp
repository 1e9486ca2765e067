// JSON codec of the SQS event (L14) with the field names Lambda puts on the wire.
#include <nlohmann/json.hpp>

#include "slsim/runtime/sqs_event.hpp"

namespace slsim {
namespace {

using nlohmann::json;

void put_optional(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}

void get_optional(const json& j, const char* key, std::optional<std::string>& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out.reset();
  } else {
    out = it->get<std::string>();
  }
}

void get_string(const json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<std::string>();
}

}  // namespace

void to_json(json& j, const sqs_message_attribute& a) {
  j = json::object();
  put_optional(j, "stringValue", a.string_value);
  put_optional(j, "binaryValue", a.binary_value);
  j["stringListValues"] = a.string_list_values;
  j["binaryListValues"] = a.binary_list_values;
  j["dataType"] = a.data_type;
}

void from_json(const json& j, sqs_message_attribute& a) {
  get_optional(j, "stringValue", a.string_value);
  get_optional(j, "binaryValue", a.binary_value);
  a.string_list_values = j.value("stringListValues", std::vector<std::string>{});
  a.binary_list_values = j.value("binaryListValues", std::vector<std::string>{});
  a.data_type = j.at("dataType").get<std::string>();
}

void to_json(json& j, const sqs_message_system_attributes& a) {
  // L14: every attribute value is a string, including counts and timestamps.
  j = json{{"ApproximateReceiveCount", a.approximate_receive_count},
           {"SentTimestamp", a.sent_timestamp},
           {"SenderId", a.sender_id},
           {"ApproximateFirstReceiveTimestamp", a.approximate_first_receive_timestamp}};
  put_optional(j, "AWSTraceHeader", a.aws_trace_header);
  put_optional(j, "SequenceNumber", a.sequence_number);
  put_optional(j, "MessageGroupId", a.message_group_id);
  put_optional(j, "MessageDeduplicationId", a.message_deduplication_id);
}

void from_json(const json& j, sqs_message_system_attributes& a) {
  get_string(j, "ApproximateReceiveCount", a.approximate_receive_count);
  get_string(j, "SentTimestamp", a.sent_timestamp);
  get_string(j, "SenderId", a.sender_id);
  get_string(j, "ApproximateFirstReceiveTimestamp", a.approximate_first_receive_timestamp);
  get_optional(j, "AWSTraceHeader", a.aws_trace_header);
  get_optional(j, "SequenceNumber", a.sequence_number);
  get_optional(j, "MessageGroupId", a.message_group_id);
  get_optional(j, "MessageDeduplicationId", a.message_deduplication_id);
}

void to_json(json& j, const sqs_message& m) {
  j = json{{"messageId", m.message_id},
           {"receiptHandle", m.receipt_handle},
           {"body", m.body},
           {"attributes", m.attributes},
           {"messageAttributes", json::object()},
           {"md5OfBody", m.md5_of_body},
           {"md5OfMessageAttributes", nullptr},
           {"eventSource", m.event_source},
           {"eventSourceARN", m.event_source_arn},
           {"awsRegion", m.aws_region}};
  for (const auto& [name, attr] : m.message_attributes) j["messageAttributes"][name] = attr;
  if (m.md5_of_message_attributes) j["md5OfMessageAttributes"] = *m.md5_of_message_attributes;
}

void from_json(const json& j, sqs_message& m) {
  m.message_id = j.at("messageId").get<std::string>();
  m.receipt_handle = j.at("receiptHandle").get<std::string>();
  m.body = j.at("body").get<std::string>();
  if (const auto it = j.find("attributes"); it != j.end() && !it->is_null()) it->get_to(m.attributes);
  m.message_attributes.clear();
  if (const auto it = j.find("messageAttributes"); it != j.end() && !it->is_null())
    for (const auto& [name, attr] : it->items()) m.message_attributes[name] = attr.get<sqs_message_attribute>();
  get_string(j, "md5OfBody", m.md5_of_body);
  get_optional(j, "md5OfMessageAttributes", m.md5_of_message_attributes);
  get_string(j, "eventSource", m.event_source);
  get_string(j, "eventSourceARN", m.event_source_arn);
  get_string(j, "awsRegion", m.aws_region);
}

void to_json(json& j, const sqs_event& e) { j = json{{"Records", e.records}}; }

void from_json(const json& j, sqs_event& e) { e.records = j.at("Records").get<std::vector<sqs_message>>(); }

}  // namespace slsim
