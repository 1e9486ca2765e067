#pragma once
// Builds the L14 record Lambda passes to the handler from a message SQS delivered.
#include "slsim/queue/messages.hpp"
#include "slsim/runtime/sqs_event.hpp"

namespace slsim::esm::detail {

/// The record for `m` received from the queue whose ARN is `arn` (moves the strings out of `m`).
sqs_message make_record(queue::received_message&& m, const std::string& arn);
/// Approximate bytes `m` adds to the invocation payload (L4): body, attributes, metadata.
std::size_t payload_bytes(const queue::received_message& m) noexcept;
/// Standard base64 (binary message attributes travel base64-encoded, L14).
std::string base64(std::string_view bytes);

}  // namespace slsim::esm::detail
