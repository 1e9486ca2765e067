// The L14 record shape, built the way the simulated queue and event source mapping
// build it (models/queue: MD5s; models/esm: string attributes, ARN, region).
#include "slsim/live/event_builder.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace slsim::live {
namespace {

void put_field(std::string& out, std::string_view s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out.append(s);
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

std::string message_id_of(std::uint64_t n) {
  // Version-4 UUID layout with the sequence number in the last group.
  return fmt::format("5e1a{:04x}-0000-4000-8000-{:012x}", (n >> 48) & 0xFFFF, n & 0xFFFFFFFFFFFFULL);
}

std::string md5_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &size, EVP_md5(), nullptr) != 1) throw std::runtime_error("MD5 failed");
  std::string out;
  for (unsigned int i = 0; i < size; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::string md5_of_message_attributes(std::vector<queue::message_attribute> attributes) {
  if (attributes.empty()) return {};
  std::sort(attributes.begin(), attributes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  // AWS's algorithm: per attribute, length-prefixed name and type, a transport byte
  // (1 string/number, 2 binary), then the length-prefixed value.
  std::string buf;
  for (const auto& a : attributes) {
    put_field(buf, a.name);
    put_field(buf, a.data_type);
    const bool binary = a.data_type.starts_with("Binary");
    buf.push_back(binary ? '\2' : '\1');
    put_field(buf, binary ? a.binary_value : a.string_value);
  }
  return md5_hex(buf);
}

sqs_event build_sqs_event(const std::vector<live_message>& messages, const event_source& source,
                          std::chrono::system_clock::time_point received_at, std::uint64_t delivery) {
  sqs_event event;
  event.records.reserve(messages.size());
  const std::string now_ms = std::to_string(epoch_ms(received_at));
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const live_message& m = messages[i];
    sqs_message r;
    r.message_id = m.message_id;
    // S7: a new handle on every receive; the shape of the model's "AQEB…" handles.
    r.receipt_handle = fmt::format("AQEB{:016x}{:016x}", delivery, i);
    r.body = m.body;
    r.attributes.approximate_receive_count = std::to_string(m.receive_count);  // L14: strings
    r.attributes.sent_timestamp = now_ms;
    r.attributes.sender_id = source.sender_id;
    r.attributes.approximate_first_receive_timestamp = now_ms;
    for (const auto& a : m.message_attributes) {
      sqs_message_attribute& out = r.message_attributes[a.name];
      out.data_type = a.data_type;
      if (a.data_type.starts_with("Binary")) {
        out.binary_value = base64(a.binary_value);
      } else {
        out.string_value = a.string_value;
      }
    }
    r.md5_of_body = md5_hex(m.body);
    if (!m.message_attributes.empty()) r.md5_of_message_attributes = md5_of_message_attributes(m.message_attributes);
    r.event_source_arn = source.queue_arn;
    r.aws_region = source.region;
    event.records.push_back(std::move(r));
  }
  return event;
}

}  // namespace slsim::live
