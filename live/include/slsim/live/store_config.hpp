#pragma once
// Where and how the live store client reaches a DynamoDB-protocol endpoint. Plain data:
// library code never reads the environment; a command line may fill this from it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "slsim/live/sigv4.hpp"
#include "slsim/store/config.hpp"

namespace slsim::live {

/// The live store client's settings.
struct live_store_config {
  std::string endpoint = "http://127.0.0.1:8000";  ///< "http://host[:port]"; TLS is not supported
  std::string region = "us-east-1";                ///< the SigV4 scope's region
  sigv4_credentials credentials{"AKIDSLSIMLIVE", "slsim-live-secret", ""};
  std::chrono::milliseconds request_timeout{10'000};  ///< per attempt: connect, send, receive
  store::retry_config retry;                          ///< MD9: the same retry policy as the simulated SDK client
  std::size_t max_idle_connections = 8;               ///< keep-alive connections kept for reuse
  /// The signing clock; empty means the system clock (the live world has real time).
  std::function<std::chrono::system_clock::time_point()> clock;
};

/// A parsed endpoint: what to connect to and the Host header to sign.
struct endpoint_address {
  std::string host;         ///< "127.0.0.1"
  std::string port;         ///< "8000" (80 when absent)
  std::string host_header;  ///< "127.0.0.1:8000" (no port when 80)
};

/// Parses "http://host[:port][/]". Throws std::invalid_argument for anything else
/// (https, a path, an empty host, a bad port): a configuration error.
endpoint_address parse_endpoint(std::string_view endpoint);

}  // namespace slsim::live
