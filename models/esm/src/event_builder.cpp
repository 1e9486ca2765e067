// From a received SQS message to the L14 event record (all attribute values strings).
#include "event_builder.hpp"

namespace slsim::esm::detail {
namespace {
// L4 [inf]: the JSON envelope of a record (ids, handle, attributes, ARN, keys) is about this big.
constexpr std::size_t k_record_overhead = 1024;
}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[n >> 18 & 63];
    out += k_alphabet[n >> 12 & 63];
    out += k_alphabet[n >> 6 & 63];
    out += k_alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += k_alphabet[n >> 18 & 63];
    out += k_alphabet[n >> 12 & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += k_alphabet[n >> 18 & 63];
    out += k_alphabet[n >> 12 & 63];
    out += k_alphabet[n >> 6 & 63];
    out += '=';
  }
  return out;
}

}  // namespace slsim::esm::detail

namespace slsim::esm {

sqs_message make_record(queue::received_message&& m, const std::string& arn) {
  sqs_message r;
  r.message_id = std::move(m.message_id);
  r.receipt_handle = std::move(m.receipt_handle);
  r.body = std::move(m.body);
  // L14: every attribute value is a string on the wire.
  r.attributes.approximate_receive_count = std::to_string(m.attributes.approximate_receive_count);
  r.attributes.sent_timestamp = std::to_string(m.attributes.sent_timestamp);
  r.attributes.sender_id = std::move(m.attributes.sender_id);
  r.attributes.approximate_first_receive_timestamp = std::to_string(m.attributes.approximate_first_receive_timestamp);
  if (!m.attributes.sequence_number.empty()) {  // FIFO only
    r.attributes.sequence_number = std::move(m.attributes.sequence_number);
    r.attributes.message_group_id = std::move(m.attributes.message_group_id);
    r.attributes.message_deduplication_id = std::move(m.attributes.message_deduplication_id);
  }
  for (auto& a : m.message_attributes) {
    sqs_message_attribute& out = r.message_attributes[std::move(a.name)];
    out.data_type = std::move(a.data_type);
    if (out.data_type.starts_with("Binary")) {
      out.binary_value = detail::base64(a.binary_value);
    } else {
      out.string_value = std::move(a.string_value);
    }
  }
  r.md5_of_body = std::move(m.md5_of_body);
  if (!m.md5_of_message_attributes.empty()) r.md5_of_message_attributes = std::move(m.md5_of_message_attributes);
  r.event_source_arn = arn;
  r.aws_region = std::string(queue::k_region);
  return r;
}

}  // namespace slsim::esm

namespace slsim::esm::detail {

std::size_t payload_bytes(const queue::received_message& m) noexcept {
  std::size_t n = k_record_overhead + m.body.size() + m.receipt_handle.size();
  for (const auto& a : m.message_attributes)
    n += a.name.size() + a.data_type.size() + a.string_value.size() + (a.binary_value.size() + 2) / 3 * 4;
  return n;
}

}  // namespace slsim::esm::detail
