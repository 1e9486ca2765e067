#pragma once
// What a client sends to the gateway and what it gets back (docs/aws-facts.md §5).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace slsim::gateway {

/// docs/architecture.md §6: what the workload meant a request to be. An oracle tag carried
/// alongside the request; the gateway never branches on it.
enum class request_kind : std::uint8_t { valid, poison, invalid, oversized, unauthenticated };

/// Lower-case name of a kind ("valid", ...).
const char* to_string(request_kind k) noexcept;

/// One HTTP request to the gateway's method.
struct http_request {
  std::uint64_t request_id = 0;  ///< client-chosen id (X-Request-Id, also in the body); reused by retries
  std::uint32_t client = 0;      ///< which client sent it
  request_kind kind = request_kind::valid;
  std::string path = "/requests";
  std::string api_key;        ///< x-api-key header; empty = missing
  std::string authorization;  ///< bearer token; empty = missing
  std::string body;
};

/// G2: the gateway response types slsim produces, plus the integration outcomes.
enum class response_type : std::uint8_t {
  accepted,                      ///< the integration succeeded (mapped status, 202 by default)
  integration_error,             ///< SQS answered an error; status per the mapping (G5: 200 in the pitfall)
  bad_request_body,              ///< 400
  invalid_api_key,               ///< 403
  missing_authentication_token,  ///< 403 (missing token, unknown route)
  access_denied,                 ///< 403 (authorizer Deny)
  unauthorized,                  ///< 401 (authorizer Unauthorized)
  authorizer_failure,            ///< 500
  throttled,                     ///< 429
  quota_exceeded,                ///< 429
  request_too_large,             ///< 413
  integration_timeout,           ///< 504 (G3)
  integration_failure,           ///< 504 (network error)
  api_configuration_error,       ///< 500 (no integration response matched, G5)
};

/// AWS's name of a response type ("THROTTLED", "INTEGRATION_TIMEOUT", ...).
const char* to_string(response_type t) noexcept;

/// G2: the default status of a gateway response type (accepted/integration_error: 0,
/// they depend on the mapping).
int default_status(response_type t) noexcept;

/// What the client receives.
struct http_response {
  int status = 0;
  response_type type = response_type::accepted;
  int backend_status = 0;          ///< SQS's HTTP status; 0 if SQS was not called or did not answer
  std::string_view backend_error;  ///< SQS's error code ("InvalidParameterValue"), empty on success
  std::string message_id;          ///< SendMessageResponse.MessageId, when SQS accepted the message
  std::uint64_t request_id = 0;
  std::uint64_t correlation_id = 0;  ///< 0 if the request never reached the integration
  std::uint32_t attempt_index = 0;   ///< the ledger entry of this attempt

  /// True for 2xx: the client believes the request was accepted (even with G5's error body).
  bool success() const noexcept { return status >= 200 && status < 300; }
  /// The body as the client sees it: {"requestId"} on 202, SQS's response or error under
  /// a 200 default mapping (G5), or API Gateway's {"message"}.
  std::string body() const;
};

/// "req-" and 16 hex digits: the textual requestId of a numeric id.
std::string format_request_id(std::uint64_t id);
/// "corr-" and 16 hex digits: the correlation id's textual form.
std::string format_correlation_id(std::uint64_t id);

void to_json(nlohmann::json& j, const http_response& r);

}  // namespace slsim::gateway
