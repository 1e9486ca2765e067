// The JSON 1.0 protocol's framing around the store's wire codec: target header, SigV4,
// and the mapping of answers back to the simulated store's results.
#include "slsim/live/dynamodb_http.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

#include "slsim/live/errors.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::live {
namespace {

using json = nlohmann::json;

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view short_type(std::string_view type) noexcept {
  const auto hash = type.find('#');
  return hash == std::string_view::npos ? type : type.substr(hash + 1);
}

// Rejections of the request's identity: the simulated store reports a missing
// permission as access_denied, and handler code treats these alike (not retryable).
constexpr std::array<std::string_view, 5> k_identity_errors{"UnrecognizedClientException", "InvalidSignatureException",
                                                            "MissingAuthenticationTokenException",
                                                            "IncompleteSignatureException", "AccessDeniedException"};
// Request-rate rejections outside the table's capacity: SDKs retry them like throttling (D9).
constexpr std::array<std::string_view, 2> k_rate_errors{"LimitExceededException", "RequestLimitExceeded"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
  for (const auto n : names)
    if (n == name) return true;
  return false;
}

// The wire codec names errors by __type only; DynamoDB reports an oversized item (D8)
// as a ValidationException whose message says so, which the model codes item_too_large.
void refine(store::store_result& r, std::string_view type) {
  using store::store_errc;
  const auto name = short_type(type);
  if (one_of(k_identity_errors, name)) {
    r.error = store::make_error_code(store_errc::access_denied);
  } else if (one_of(k_rate_errors, name)) {
    r.error = store::make_error_code(store_errc::throttling);
  } else if (r.error == store_errc::validation && r.message.find("Item size") != std::string::npos &&
             r.message.find("exceeded the maximum allowed size") != std::string::npos) {
    r.error = store::make_error_code(store_errc::item_too_large);
  }
  if (r.message.empty() && !name.empty()) r.message = std::string(name);  // an unnamed error still says what it was
}

}  // namespace

const std::string* wire_request::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return &v;
  return nullptr;
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 20> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%Y%m%dT%H%M%SZ", &utc);
  return std::string(text.data(), n);
}

wire_request encode_request(const store::any_request& request, const endpoint_address& endpoint,
                            const std::string& region, const sigv4_credentials& credentials,
                            std::chrono::system_clock::time_point now) {
  wire_request out;
  out.operation = store::operation_name(request);
  out.body = std::visit([](const auto& r) { return store::wire::encode(r).dump(); }, request);
  const std::string date = amz_date(now);
  out.headers = {{"host", endpoint.host_header},
                 {"content-type", std::string(k_content_type)},
                 {"x-amz-target", std::string(k_target_prefix) + out.operation},
                 {"x-amz-date", date}};
  if (!credentials.session_token.empty()) out.headers.emplace_back("x-amz-security-token", credentials.session_token);
  const sigv4_request to_sign{"POST", "/", "", out.headers, out.body};
  const sigv4_signature signature = sign_v4(to_sign, credentials, {region, std::string(k_service), date});
  out.headers.emplace_back("authorization", signature.authorization);
  return out;
}

store::store_result decode_response(std::string_view operation, int status, std::string_view body) {
  store::wire::http_response response;
  response.status = status;
  response.body = body.empty() ? json::object() : models::parse_or_discarded(body);
  if (response.body.is_discarded() || !response.body.is_object()) {
    store::store_result r;
    // A proxy or a crashed server answering 5xx with HTML is still a server error (retried).
    r.error = status >= 500 ? store::make_error_code(store::store_errc::internal_error)
                            : make_error_code(live_errc::malformed_response);
    r.message = "HTTP " + std::to_string(status) + ": " + std::string(body.substr(0, 200));
    return r;
  }
  store::store_result r = store::wire::decode_result(operation, response);
  if (r.error) refine(r, response.body.value("__type", std::string()));
  return r;
}

}  // namespace slsim::live
