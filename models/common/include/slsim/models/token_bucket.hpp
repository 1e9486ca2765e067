#pragma once
// The one token bucket of the models, in exact integer arithmetic on virtual time, so a burst
// followed by a steady rate gives predictable throttling counts (no floating-point drift):
// API Gateway throttling (G1), the FIFO queue's per-action quota (F7) and DynamoDB provisioned
// capacity (D9) all use it.
#include <cstdint>

#include "slsim/sim/time.hpp"

namespace slsim::models {

/// A bucket of `burst` tokens refilled at `rate_per_s`, starting full. Rate and burst have a
/// resolution of 0.001 tokens (a token is 10^12 units, so a rate of r tokens/s adds
/// round(1000 r) units per nanosecond exactly).
class token_bucket {
 public:
  static constexpr std::int64_t k_units_per_token = 1'000'000'000'000;
  /// Largest burst (tokens); larger values are clamped by the constructor's caller's validation.
  static constexpr double k_max_burst = 1e15;

  token_bucket() = default;
  /// Requires 0 <= burst <= k_max_burst and rate_per_s >= 0 (a model bug otherwise: configs
  /// are validated before any bucket is built).
  token_bucket(double rate_per_s, double burst, sim::time_ns now = 0) noexcept;

  /// True if at least `tokens` whole tokens are available at `now` (refills first).
  bool has_tokens(sim::time_ns now, std::int64_t tokens = 1) noexcept;
  /// Removes `tokens`; call only after has_tokens(now, tokens) returned true at the same instant.
  void take(std::int64_t tokens = 1) noexcept;
  /// has_tokens then take.
  bool try_take(sim::time_ns now, std::int64_t tokens = 1) noexcept {
    if (!has_tokens(now, tokens)) return false;
    take(tokens);
    return true;
  }
  /// Whole tokens available at `now`.
  std::int64_t tokens(sim::time_ns now) noexcept;

 private:
  __extension__ using wide = __int128;  // a burst of 10^15 tokens is 10^27 units
  void refill(sim::time_ns now) noexcept;

  wide capacity_ = 0;
  wide level_ = 0;
  std::int64_t units_per_ns_ = 0;
  sim::time_ns last_ = 0;
};

}  // namespace slsim::models
