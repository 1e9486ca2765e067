#pragma once
// The largest amount, positive or negative, a workload draws or a schema limit is read as:
// far inside int64, so that boundaries, their neighbours and the span hi - lo never overflow.
#include <cstdint>

namespace slsim::gateway {
inline constexpr std::int64_t k_max_amount = 1'000'000'000'000'000;  // 10^15
}  // namespace slsim::gateway
