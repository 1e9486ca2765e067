// The L14 event of the live runner: records built by the event source mapping's own
// builder (esm::make_record) from messages carrying the queue's own checksums, so the
// live world hands handlers exactly the simulator's shape.
#include "slsim/live/event_builder.hpp"

#include <fmt/format.h>

#include "slsim/esm/event_record.hpp"
#include "slsim/queue/checksums.hpp"

namespace slsim::live {

std::string message_id_of(std::uint64_t n) {
  // Version-4 UUID layout with the sequence number in the last group.
  return fmt::format("5e1a{:04x}-0000-4000-8000-{:012x}", (n >> 48) & 0xFFFF, n & 0xFFFFFFFFFFFFULL);
}

sqs_event build_sqs_event(const std::vector<live_message>& messages, const event_source& source,
                          std::chrono::system_clock::time_point received_at, std::uint64_t delivery) {
  sqs_event event;
  event.records.reserve(messages.size());
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(received_at.time_since_epoch()).count();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const live_message& m = messages[i];
    queue::received_message received;
    received.message_id = m.message_id;
    // S7: a new handle on every receive; the shape of the model's "AQEB…" handles.
    received.receipt_handle = fmt::format("AQEB{:016x}{:016x}", delivery, i);
    received.body = m.body;
    received.md5_of_body = queue::md5_of_body(m.body);
    received.md5_of_message_attributes = queue::md5_of_message_attributes(m.message_attributes);
    received.attributes.approximate_receive_count = m.receive_count;
    received.attributes.sent_timestamp = now_ms;
    received.attributes.approximate_first_receive_timestamp = now_ms;
    received.attributes.sender_id = source.sender_id;
    received.message_attributes = m.message_attributes;
    received.receive_count = m.receive_count;
    sqs_message record = esm::make_record(std::move(received), source.queue_arn);
    record.aws_region = source.region;
    event.records.push_back(std::move(record));
  }
  return event;
}

}  // namespace slsim::live
