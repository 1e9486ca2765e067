#pragma once
// Errors only the live backend can have: the transport to a real endpoint. Service
// errors use the store's own codes (store_errc), so handler code sees the same outcome
// live and simulated; socket errors pass through as Asio/Beast codes (connection
// refused, reset, end of stream), and a request past its deadline is store_errc::timeout.
#include <system_error>

namespace slsim::live {

/// What went wrong on the wire that is neither a socket error nor a DynamoDB error.
enum class live_errc {
  ok = 0,
  malformed_response = 1,  ///< the endpoint answered something that is not a JSON 1.0 response
};

/// The error category of the live backend ("slsim.live").
const std::error_category& live_category() noexcept;
std::error_code make_error_code(live_errc e) noexcept;

}  // namespace slsim::live

template <>
struct std::is_error_code_enum<slsim::live::live_errc> : std::true_type {};
