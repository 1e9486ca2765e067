#pragma once
// DynamoDB's JSON 1.0 protocol over HTTP: a store request becomes a signed POST with
// X-Amz-Target "DynamoDB_20120810.<Operation>" and a body from the store's own wire
// codec (slsim/store/wire.hpp); an HTTP answer becomes the store_result the simulated
// store would have produced, with the same store_errc. Pure functions, no I/O.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slsim/live/sigv4.hpp"
#include "slsim/live/store_config.hpp"
#include "slsim/store/api.hpp"
#include "slsim/store/errors.hpp"

namespace slsim::live {

/// The X-Amz-Target prefix of DynamoDB's current API version.
inline constexpr std::string_view k_target_prefix = "DynamoDB_20120810.";
/// The content type of the JSON 1.0 protocol.
inline constexpr std::string_view k_content_type = "application/x-amz-json-1.0";
/// The SigV4 service name of DynamoDB.
inline constexpr std::string_view k_service = "dynamodb";

/// One signed request, ready to send as `POST /` over HTTP/1.1.
struct wire_request {
  std::string operation;                                     ///< "PutItem", "TransactWriteItems", ...
  std::string body;                                          ///< the JSON document
  std::vector<std::pair<std::string, std::string>> headers;  ///< every header to send, signed ones included

  /// The value of header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const noexcept;
};

/// ISO 8601 basic UTC time, "20150830T123600Z", as SigV4 wants it.
std::string amz_date(std::chrono::system_clock::time_point t);

/// Encodes `request` with the store's wire codec and signs it with SigV4 (service
/// "dynamodb"): headers host, content-type, x-amz-target, x-amz-date, authorization
/// (and x-amz-security-token with a session token).
wire_request encode_request(const store::any_request& request, const endpoint_address& endpoint,
                            const std::string& region, const sigv4_credentials& credentials,
                            std::chrono::system_clock::time_point now);

/// The result of `operation` for an HTTP answer (`status`, raw `body`): DynamoDB errors
/// map to the simulated store's codes (ConditionalCheckFailedException → D2's
/// conditional_check_failed with the old item, TransactionCanceledException → D5's
/// reasons, the item-size ValidationException → item_too_large, signature and
/// credential rejections → access_denied, 5xx → internal_error); a body that is not
/// JSON is live_errc::malformed_response.
store::store_result decode_response(std::string_view operation, int status, std::string_view body);

}  // namespace slsim::live
