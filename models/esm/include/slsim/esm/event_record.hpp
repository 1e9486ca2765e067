#pragma once
// The L14 record Lambda passes to a handler for one message SQS delivered: every
// attribute value a string, binary attributes base64, the queue's ARN and region. The
// event source mapping builds its batches with it; the live runner builds its events
// with it too, so both worlds hand handlers the same shape.
#include <string>

#include "slsim/queue/messages.hpp"
#include "slsim/runtime/sqs_event.hpp"

namespace slsim::esm {

/// The record for `m` received from the queue whose ARN is `arn` (moves the strings out of `m`).
sqs_message make_record(queue::received_message&& m, const std::string& arn);

}  // namespace slsim::esm
