#include "slsim/gateway/token_bucket.hpp"

#include <cmath>

namespace slsim::gateway {

token_bucket::token_bucket(double rate_per_s, std::int64_t burst, sim::time_ns now) noexcept
    : capacity_(burst * k_units_per_token),
      level_(capacity_),
      units_per_ns_(std::llround(rate_per_s * 1000.0)),
      last_(now) {}

void token_bucket::refill(sim::time_ns now) noexcept {
  const sim::time_ns elapsed = now - last_;
  if (elapsed <= 0) return;
  last_ = now;
  if (units_per_ns_ == 0) return;
  const std::int64_t missing = capacity_ - level_;
  // elapsed <= missing / rate implies elapsed * rate <= missing: no overflow.
  if (elapsed > missing / units_per_ns_) {
    level_ = capacity_;
  } else {
    level_ += elapsed * units_per_ns_;
  }
}

bool token_bucket::has_token(sim::time_ns now) noexcept {
  refill(now);
  return level_ >= k_units_per_token;
}

}  // namespace slsim::gateway
