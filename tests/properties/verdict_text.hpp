#pragma once
// A verdict's violations as text, one a line: what tests comparing two runs' verdicts diff.
#include <string>

#include "slsim/properties/oracles.hpp"

namespace slsim::properties::testing {

inline std::string describe(const verdict& v) {
  std::string out;
  for (const auto& each : v.violations)
    out += std::string(to_string(each.what)) + " " + each.client_request_id + " " + each.message_id + " " +
           each.detail + "\n";
  return out;
}

}  // namespace slsim::properties::testing
