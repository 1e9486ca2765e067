#pragma once
// DynamoDB numbers: decimal, up to 38 significant digits, magnitude 1E-130 ..
// 9.99..E+125, exact arithmetic (never double). Canonical text is the plain
// notation DynamoDB returns ("1.50" and "15E-1" both become "1.5").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slsim::store {

/// An exact decimal number with DynamoDB's limits checked on demand.
class decimal {
 public:
  /// Zero.
  decimal() = default;
  /// Parses DynamoDB number text ("-1.5e3", "007", ".5"); nullopt if it is not a number.
  static std::optional<decimal> parse(std::string_view text);
  /// Exact sum and difference (no rounding; check limits() before storing).
  friend decimal operator+(const decimal& a, const decimal& b);
  friend decimal operator-(const decimal& a, const decimal& b);
  /// Numeric three-way comparison (-1, 0, 1).
  friend int compare(const decimal& a, const decimal& b) noexcept;
  friend bool operator==(const decimal& a, const decimal& b) noexcept { return compare(a, b) == 0; }

  /// An empty string if storable, else DynamoDB's ValidationException message
  /// (more than 38 significant digits, overflow above E+125, underflow below E-130).
  std::string limits_error() const;
  /// The canonical plain-notation text DynamoDB returns.
  std::string to_string() const;
  /// Significant digits after trimming leading and trailing zeros (D8 sizing).
  std::size_t significant_digits() const noexcept { return digits_.size(); }
  bool is_zero() const noexcept { return digits_.empty(); }
  decimal negated() const;

 private:
  // value = (negative_ ? -1 : 1) * digits_ * 10^exponent_; digits_ has no leading or
  // trailing zeros ("" is zero, never negative).
  void normalize();
  bool negative_ = false;
  std::string digits_;
  std::int32_t exponent_ = 0;
};

/// Canonical text of a number string, or nullopt if it is not a valid storable number.
std::optional<std::string> canonical_number(std::string_view text);

}  // namespace slsim::store
