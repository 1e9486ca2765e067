#pragma once
// DynamoDB's JSON 1.0 protocol served to a handler process from the simulated store
// (the same store client C++ handlers get: latency, IAM, SDK-visible errors, faults).
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>

#include "slsim/external/http_message.hpp"
#include "slsim/store_client.hpp"

namespace slsim::external {

/// What to send back for one DynamoDB request.
struct dynamodb_answer {
  bool reset = false;  ///< an ambiguous outcome (the call timed out at the client): reset the connection
  std::string bytes;   ///< the whole HTTP response otherwise
};

/// Decodes `request` (X-Amz-Target dispatch), runs it through `store` in virtual time and
/// encodes the answer the SDKs parse. Throws runtime::injected_crash when a crash fault
/// fires at this call (before it starts).
boost::asio::awaitable<dynamodb_answer> serve_dynamodb(const http_request& request, store_client& store,
                                                       std::uint64_t answer_number);

/// The wire answer of a request slsim cannot serve (unknown operation, bad JSON): HTTP 400.
std::string dynamodb_error_response(std::string_view type, std::string_view message, std::uint64_t answer_number);

}  // namespace slsim::external
