#pragma once
// Virtual time: signed 64-bit nanoseconds since the start of a run (docs/architecture.md §2).
// Nothing inside the simulated world reads a real clock.
#include <cstdint>

namespace slsim::sim {

/// A point in, or a span of, virtual time in nanoseconds.
using time_ns = std::int64_t;

inline constexpr time_ns k_nanosecond = 1;
inline constexpr time_ns k_microsecond = 1'000;
inline constexpr time_ns k_millisecond = 1'000'000;
inline constexpr time_ns k_second = 1'000'000'000;
inline constexpr time_ns k_minute = 60 * k_second;
inline constexpr time_ns k_hour = 60 * k_minute;
/// The largest representable instant; used for "never".
inline constexpr time_ns k_never = INT64_MAX;

constexpr time_ns microseconds(std::int64_t n) noexcept { return n * k_microsecond; }
constexpr time_ns milliseconds(std::int64_t n) noexcept { return n * k_millisecond; }
constexpr time_ns seconds(std::int64_t n) noexcept { return n * k_second; }
constexpr time_ns minutes(std::int64_t n) noexcept { return n * k_minute; }
constexpr time_ns hours(std::int64_t n) noexcept { return n * k_hour; }

/// Converts virtual nanoseconds to (fractional) seconds for reports; never used for ordering.
constexpr double to_seconds(time_ns t) noexcept { return static_cast<double>(t) / 1e9; }

}  // namespace slsim::sim
