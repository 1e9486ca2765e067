#pragma once
// Checks for numeric command-line options. CLI11 reads "-1" into an unsigned option as
// 2^64 - 1 and saturates a number past 2^64, and a range check lets NaN through: each
// would run something other than what was asked. These reject them (exit 2, naming the
// option and the text).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <string>

namespace slsim::cli {

/// A whole number from 0 to 2^64 - 1, digits only (no sign, no exponent).
inline CLI::Validator whole_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [at, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || at != end)
          return "\"" + text + "\": expected a whole number from 0 to 18446744073709551615";
        return {};
      },
      "UINT");
}

/// A finite number in [low, high].
inline CLI::Validator finite_in(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [at, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || at != end || !std::isfinite(value) || value < low || value > high)
          return fmt::format("\"{}\": expected a number from {} to {}", text, low, high);
        return {};
      },
      "NUMBER");
}

}  // namespace slsim::cli
