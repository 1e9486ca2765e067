#include "slsim/live/store_config.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace slsim::live {

endpoint_address parse_endpoint(std::string_view endpoint) {
  constexpr std::string_view k_scheme = "http://";
  const auto fail = [&](const char* why) {
    return std::invalid_argument("live store endpoint '" + std::string(endpoint) + "': " + why);
  };
  if (!endpoint.starts_with(k_scheme)) throw fail("expected http://host[:port] (https is not supported)");
  std::string_view rest = endpoint.substr(k_scheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) throw fail("a path is not supported");
  endpoint_address out;
  const auto colon = rest.rfind(':');
  out.host = std::string(rest.substr(0, colon));
  out.port = colon == std::string_view::npos ? "80" : std::string(rest.substr(colon + 1));
  if (out.host.empty()) throw fail("the host is empty");
  const bool digits = !out.port.empty() && out.port.size() <= 5 &&
                      std::all_of(out.port.begin(), out.port.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoi(out.port) == 0 || std::stoi(out.port) > 65535) throw fail("the port must be 1..65535");
  out.host_header = out.port == "80" ? out.host : out.host + ":" + out.port;
  return out;
}

}  // namespace slsim::live
