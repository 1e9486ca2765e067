#pragma once
// Builds the SQS event Lambda passes to a handler (L14) from message bodies, for the
// live runner, with the simulator's own record builder (esm::make_record) and the
// queue's checksums (queue/checksums.hpp).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/queue/messages.hpp"
#include "slsim/runtime/sqs_event.hpp"

namespace slsim::live {

/// One message to deliver: what SendMessage stored and how often it was received.
struct live_message {
  std::string message_id;  ///< e.g. from message_id_of(n); a redelivery repeats the id
  std::string body;
  std::vector<queue::message_attribute> message_attributes;  ///< any order; records sort them by name
  int receive_count = 1;                                     ///< S8: 2 and up for redeliveries
};

/// Where the messages come from.
struct event_source {
  std::string queue_arn = "arn:aws:sqs:us-east-1:123456789012:requests";  ///< the built-in scenario's queue
  std::string region = "us-east-1";
  std::string sender_id = std::string(queue::k_default_sender_id);
};

/// A UUID-shaped message id for sequence number `n` (distinct n, distinct ids).
std::string message_id_of(std::uint64_t n);

/// The event for `messages` in order, received at `received_at`. `delivery` numbers the
/// receive so each record gets a fresh receipt handle (S7).
sqs_event build_sqs_event(const std::vector<live_message>& messages, const event_source& source,
                          std::chrono::system_clock::time_point received_at, std::uint64_t delivery);

}  // namespace slsim::live
