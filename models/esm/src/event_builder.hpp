#pragma once
// Builds the L14 record Lambda passes to the handler from a message SQS delivered.
#include "slsim/esm/event_record.hpp"

namespace slsim::esm::detail {

using esm::make_record;
/// Approximate bytes `m` adds to the invocation payload (L4): body, attributes, metadata.
std::size_t payload_bytes(const queue::received_message& m) noexcept;
/// Standard base64 (binary message attributes travel base64-encoded, L14).
std::string base64(std::string_view bytes);

}  // namespace slsim::esm::detail
