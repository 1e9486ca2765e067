#pragma once
// Data in and out of the simulated SQS API: plain structs shaped like the AWS API's
// requests and responses (and what Lambda's SQS event needs, L14).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "slsim/sim/time.hpp"

namespace slsim::queue {

/// Virtual time 0 is this instant in Unix epoch milliseconds (2023-11-14T22:13:20Z), so
/// SentTimestamp and friends look like real AWS values.
inline constexpr std::int64_t k_epoch_ms = 1700000000000;

/// The account id and region in the ARNs the model reports.
inline constexpr std::string_view k_account_id = "123456789012";
inline constexpr std::string_view k_region = "us-east-1";
/// SenderId reported when a send names none (an IAM role's unique id shape).
inline constexpr std::string_view k_default_sender_id = "AROAEXAMPLESLSIMSENDER:slsim";

/// Unix epoch milliseconds of virtual time `t`.
constexpr std::int64_t epoch_ms(sim::time_ns t) noexcept { return k_epoch_ms + t / sim::k_millisecond; }

/// A message attribute (SendMessage MessageAttributes entry).
struct message_attribute {
  std::string name;          ///< 1..256 chars
  std::string data_type;     ///< "String", "Number", "Binary", optionally with ".custom" suffix
  std::string string_value;  ///< for String and Number
  std::string binary_value;  ///< raw bytes for Binary
  friend bool operator==(const message_attribute&, const message_attribute&) = default;
};

/// SendMessage parameters. Attributes need not be sorted; the model sorts them by name.
struct send_request {
  std::string body;
  std::vector<message_attribute> message_attributes;
  std::optional<int> delay_s;            ///< S10: standard queues only, 0..900
  std::string message_group_id;          ///< F1: required on FIFO; fair-queue tag on standard
  std::string message_deduplication_id;  ///< F5: FIFO only
  std::string sender_id;                 ///< empty: k_default_sender_id
};

/// SendMessage response; `error` set means nothing was stored.
struct send_result {
  std::error_code error;
  std::string message_id;                 ///< UUID-shaped
  std::string md5_of_body;                ///< hex MD5 of the body
  std::string md5_of_message_attributes;  ///< hex MD5 (AWS algorithm); empty without attributes
  std::string sequence_number;            ///< FIFO only: 20 digits
  bool deduplicated = false;              ///< F5: accepted but dropped as a duplicate
  bool ok() const noexcept { return !error; }
};

/// ReceiveMessage parameters.
struct receive_request {
  int max_number_of_messages = 1;           ///< 1..10 (S4)
  std::optional<int> visibility_timeout_s;  ///< 0..43200, overrides the queue's for this response (S5)
  std::optional<int> wait_time_s;           ///< 0..20; unset: the queue's receive_message_wait_time_s (S4)
  std::string receive_request_attempt_id;   ///< F6: FIFO only; a retry returns the same messages
};

/// The system attributes of a received message (all strings on the wire; typed here).
struct message_system_attributes {
  int approximate_receive_count = 0;                     ///< S8
  std::int64_t sent_timestamp = 0;                       ///< epoch ms
  std::int64_t approximate_first_receive_timestamp = 0;  ///< epoch ms
  std::string sender_id;
  std::string sequence_number;           ///< FIFO only
  std::string message_group_id;          ///< FIFO (or fair-queue tag on standard)
  std::string message_deduplication_id;  ///< FIFO only
};

/// One message delivered by ReceiveMessage.
struct received_message {
  std::string message_id;
  std::string receipt_handle;  ///< S7: new and different on every receive
  std::string body;
  std::string md5_of_body;
  std::string md5_of_message_attributes;  ///< empty without attributes
  message_system_attributes attributes;
  std::vector<message_attribute> message_attributes;  ///< sorted by name
  int receive_count = 0;                              ///< == attributes.approximate_receive_count
  sim::time_ns enqueue_time = 0;  ///< virtual time the message entered its current retention clock (S9, S14)
  sim::time_ns sent_time = 0;     ///< virtual time of the SendMessage
};

/// One entry of SendMessageBatch.
struct send_batch_entry {
  std::string id;  ///< 1..80 chars [A-Za-z0-9_-], distinct within the batch
  send_request request;
};

/// One entry of DeleteMessageBatch / ChangeMessageVisibilityBatch.
struct handle_batch_entry {
  std::string id;
  std::string receipt_handle;
  int visibility_timeout_s = 0;  ///< ChangeMessageVisibilityBatch only
};

/// Outcome of one batch entry.
struct batch_entry_result {
  std::string id;
  std::error_code error;  ///< empty on success
  send_result sent;       ///< SendMessageBatch only
};

/// A batch call's response. `error` set: the whole call failed and `entries` is empty.
struct batch_result {
  std::error_code error;
  std::vector<batch_entry_result> entries;  ///< in request order
};

/// GetQueueAttributes: the approximate counters (exact in the model, lazily brought up to date).
struct queue_attributes {
  std::int64_t approximate_number_of_messages = 0;              ///< visible
  std::int64_t approximate_number_of_messages_not_visible = 0;  ///< in flight
  std::int64_t approximate_number_of_messages_delayed = 0;
  std::int64_t approximate_age_of_oldest_message_s = 0;  ///< from the retention clock; 0 when empty
  std::string queue_arn;
};

/// Always-on per-queue counters for oracles and metrics.
struct queue_counters {
  std::uint64_t sent = 0;            ///< messages stored by SendMessage(Batch)
  std::uint64_t deduplicated = 0;    ///< F5 sends accepted but dropped
  std::uint64_t received = 0;        ///< deliveries (one per message per receive)
  std::uint64_t empty_receives = 0;  ///< receives that returned no message
  std::uint64_t deleted = 0;         ///< effective deletes
  std::uint64_t stale_deletes = 0;   ///< MD2: deletes with an old handle (no effect)
  std::uint64_t visibility_changes = 0;
  std::uint64_t moved_to_dlq = 0;         ///< S13: moved out of this queue
  std::uint64_t moved_in = 0;             ///< arrived here as a DLQ
  std::uint64_t redriven = 0;             ///< S16: moved back out of this DLQ by move_messages
  std::uint64_t expired = 0;              ///< S9: removed by retention
  std::uint64_t duplicates_injected = 0;  ///< MD4 fault copies
  std::uint64_t api_calls = 0;            ///< every API call on this queue (a batch counts once)
  std::uint64_t throttled = 0;            ///< F7: calls rejected with RequestThrottled by the FIFO quota
};

/// Where a stored message is.
enum class message_state : std::uint8_t { delayed, visible, in_flight };

/// A stored message as oracles see it (no receipt handle, no state change).
struct message_snapshot {
  std::string message_id;
  std::string body;
  std::string message_group_id;
  message_state state = message_state::visible;
  int receive_count = 0;
  sim::time_ns enqueue_time = 0;
  sim::time_ns sent_time = 0;
};

/// One delivery of a message (receive history).
struct delivery_record {
  sim::time_ns t = 0;
  int receive_count = 0;  ///< the count after this delivery
};

}  // namespace slsim::queue
