#include "slsim/models/token_bucket.hpp"

#include <cmath>

#include "slsim/sim/assert.hpp"

namespace slsim::models {

token_bucket::token_bucket(double rate_per_s, double burst, sim::time_ns now) noexcept
    : capacity_(static_cast<wide>(std::llround(burst * 1000.0)) * (k_units_per_token / 1000)),
      level_(capacity_),
      units_per_ns_(std::llround(rate_per_s * 1000.0)),
      last_(now) {
  SLSIM_ASSERT(rate_per_s >= 0 && std::isfinite(rate_per_s), "token bucket: a negative or infinite refill rate");
  SLSIM_ASSERT(burst >= 0 && burst <= k_max_burst, "token bucket: a burst outside 0..k_max_burst");
}

void token_bucket::refill(sim::time_ns now) noexcept {
  SLSIM_ASSERT(now >= last_, "token bucket: virtual time went backwards");
  const sim::time_ns elapsed = now - last_;
  if (elapsed == 0) return;
  last_ = now;
  if (units_per_ns_ == 0) return;
  const wide missing = capacity_ - level_;
  // elapsed <= missing / rate implies elapsed * rate <= missing: no overflow.
  if (elapsed > missing / units_per_ns_) {
    level_ = capacity_;
  } else {
    level_ += static_cast<wide>(elapsed) * units_per_ns_;
  }
}

bool token_bucket::has_tokens(sim::time_ns now, std::int64_t tokens) noexcept {
  refill(now);
  return level_ >= static_cast<wide>(tokens) * k_units_per_token;
}

void token_bucket::take(std::int64_t tokens) noexcept {
  level_ -= static_cast<wide>(tokens) * k_units_per_token;
  SLSIM_ASSERT(level_ >= 0 && level_ <= capacity_, "token bucket: took tokens it did not have (level below zero)");
}

std::int64_t token_bucket::tokens(sim::time_ns now) noexcept {
  refill(now);
  return static_cast<std::int64_t>(level_ / k_units_per_token);
}

}  // namespace slsim::models
