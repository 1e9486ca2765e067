#pragma once
// G1: a token bucket in exact integer arithmetic on virtual time, so a burst followed
// by a steady rate gives predictable 429 counts (no floating-point drift).
#include <cstdint>

#include "slsim/sim/time.hpp"

namespace slsim::gateway {

/// A bucket of `burst` tokens refilled at `rate_per_s` (resolution 0.001 tokens/s).
/// It starts full. One token is 10^12 units, so a rate of r tokens/s adds
/// round(1000 r) units per nanosecond exactly.
class token_bucket {
 public:
  static constexpr std::int64_t k_units_per_token = 1'000'000'000'000;
  /// Largest burst representable without overflow.
  static constexpr std::int64_t k_max_burst = 5'000'000;

  token_bucket() = default;
  /// Requires 0 <= burst <= k_max_burst and rate_per_s >= 0.
  token_bucket(double rate_per_s, std::int64_t burst, sim::time_ns now = 0) noexcept;

  /// True if at least one whole token is available at `now` (refills first).
  bool has_token(sim::time_ns now) noexcept;
  /// Removes one token; call only after has_token(now) returned true at the same instant.
  void take() noexcept { level_ -= k_units_per_token; }
  /// has_token then take.
  bool try_take(sim::time_ns now) noexcept {
    if (!has_token(now)) return false;
    take();
    return true;
  }
  /// Whole tokens available at `now`.
  std::int64_t tokens(sim::time_ns now) noexcept {
    refill(now);
    return level_ / k_units_per_token;
  }

 private:
  void refill(sim::time_ns now) noexcept;

  std::int64_t capacity_ = 0;
  std::int64_t level_ = 0;
  std::int64_t units_per_ns_ = 0;
  sim::time_ns last_ = 0;
};

}  // namespace slsim::gateway
