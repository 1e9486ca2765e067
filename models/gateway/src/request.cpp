#include "slsim/gateway/request.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace slsim::gateway {
namespace {
std::string prefixed_hex(std::string_view prefix, std::uint64_t id) {
  static constexpr std::array<char, 16> k_digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                                 '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out(prefix.size() + 16, '0');
  out.replace(0, prefix.size(), prefix);
  for (std::size_t i = 0; i < 16; ++i) out[prefix.size() + 15 - i] = k_digits[(id >> (4 * i)) & 0xF];
  return out;
}
}  // namespace

const char* to_string(request_kind k) noexcept {
  switch (k) {
    case request_kind::valid:
      return "valid";
    case request_kind::poison:
      return "poison";
    case request_kind::invalid:
      return "invalid";
    case request_kind::oversized:
      return "oversized";
    case request_kind::unauthenticated:
      return "unauthenticated";
  }
  return "unknown";
}

const char* to_string(response_type t) noexcept {
  switch (t) {
    case response_type::accepted:
      return "ACCEPTED";
    case response_type::integration_error:
      return "INTEGRATION_ERROR";
    case response_type::bad_request_body:
      return "BAD_REQUEST_BODY";
    case response_type::invalid_api_key:
      return "INVALID_API_KEY";
    case response_type::missing_authentication_token:
      return "MISSING_AUTHENTICATION_TOKEN";
    case response_type::access_denied:
      return "ACCESS_DENIED";
    case response_type::unauthorized:
      return "UNAUTHORIZED";
    case response_type::authorizer_failure:
      return "AUTHORIZER_FAILURE";
    case response_type::throttled:
      return "THROTTLED";
    case response_type::quota_exceeded:
      return "QUOTA_EXCEEDED";
    case response_type::request_too_large:
      return "REQUEST_TOO_LARGE";
    case response_type::integration_timeout:
      return "INTEGRATION_TIMEOUT";
    case response_type::integration_failure:
      return "INTEGRATION_FAILURE";
    case response_type::api_configuration_error:
      return "API_CONFIGURATION_ERROR";
  }
  return "UNKNOWN";
}

int default_status(response_type t) noexcept {
  switch (t) {  // G2
    case response_type::accepted:
    case response_type::integration_error:
      return 0;
    case response_type::bad_request_body:
      return 400;
    case response_type::invalid_api_key:
    case response_type::missing_authentication_token:
    case response_type::access_denied:
      return 403;
    case response_type::unauthorized:
      return 401;
    case response_type::authorizer_failure:
    case response_type::api_configuration_error:
      return 500;
    case response_type::throttled:
    case response_type::quota_exceeded:
      return 429;
    case response_type::request_too_large:
      return 413;
    case response_type::integration_timeout:
    case response_type::integration_failure:
      return 504;
  }
  return 500;
}

std::string http_response::body() const {
  nlohmann::json j;
  switch (type) {
    case response_type::accepted:
      if (status == 202) {
        j = {{"requestId", format_request_id(request_id)}};
      } else {  // G4: the SendMessageResponse passed through
        j = {{"SendMessageResponse", {{"SendMessageResult", {{"MessageId", message_id}}}}}};
      }
      break;
    case response_type::integration_error:  // G5: SQS's error document
      j = {{"Error", {{"Code", backend_error}, {"Type", backend_status >= 500 ? "Receiver" : "Sender"}}}};
      break;
    case response_type::throttled:
      j = {{"message", "Too Many Requests"}};
      break;
    case response_type::quota_exceeded:
      j = {{"message", "Limit Exceeded"}};
      break;
    case response_type::integration_timeout:
      j = {{"message", "Endpoint request timed out"}};
      break;
    case response_type::unauthorized:
      j = {{"message", "Unauthorized"}};
      break;
    case response_type::bad_request_body:
      j = {{"message", "Invalid request body"}};
      break;
    case response_type::request_too_large:
      j = {{"message", "Request Too Long"}};
      break;
    case response_type::invalid_api_key:
    case response_type::access_denied:
      j = {{"message", "Forbidden"}};
      break;
    case response_type::missing_authentication_token:
      j = {{"message", "Missing Authentication Token"}};
      break;
    default:
      j = {{"message", "Internal server error"}};
      break;
  }
  return j.dump();
}

std::string format_request_id(std::uint64_t id) { return prefixed_hex("req-", id); }
std::string format_correlation_id(std::uint64_t id) { return prefixed_hex("corr-", id); }

void to_json(nlohmann::json& j, const http_response& r) {
  j = {{"status", r.status},
       {"type", to_string(r.type)},
       {"backend_status", r.backend_status},
       {"backend_error", r.backend_error},
       {"message_id", r.message_id},
       {"request_id", format_request_id(r.request_id)},
       {"correlation_id", r.correlation_id == 0 ? std::string() : format_correlation_id(r.correlation_id)}};
}

}  // namespace slsim::gateway
