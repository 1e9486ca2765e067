#pragma once
// A distribution of durations (compute time, hop latency, API call latency) as a scenario
// states it: constant, exponential, lognormal, or an empirical quantile table a user reads
// off CloudWatch (p50/p90/p99 of the Duration metric). Draws use the caller's own stream.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "slsim/models/validation.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::models {

/// The shape of a duration_dist.
enum class dist_kind : std::uint8_t {
  constant,     ///< always value_ms
  exponential,  ///< mean mean_ms (memoryless: the M/M/c service time)
  lognormal,    ///< median median_ms, spread sigma (p99 = median × e^(2.326 σ))
  empirical,    ///< piecewise between min_ms, p50_ms, p90_ms, p99_ms, with a log-linear tail capped at max_ms
};

/// A duration distribution in milliseconds. Every field is kept (the scenario shows them
/// all); only the ones its kind names are used and validated.
struct duration_dist {
  dist_kind kind = dist_kind::constant;
  double value_ms = 0;   ///< constant
  double mean_ms = 0;    ///< exponential
  double median_ms = 0;  ///< lognormal
  double sigma = 0.5;    ///< lognormal
  double min_ms = 0;     ///< empirical: the fastest value (quantile 0)
  double p50_ms = 0;     ///< empirical
  double p90_ms = 0;     ///< empirical
  double p99_ms = 0;     ///< empirical
  double max_ms = 0;     ///< empirical: cap of the tail; 0 = the tail's own 99.99th percentile

  static duration_dist constant(double ms) { return {.kind = dist_kind::constant, .value_ms = ms}; }
  static duration_dist exponential(double mean) { return {.kind = dist_kind::exponential, .mean_ms = mean}; }
  static duration_dist lognormal(double median, double s) {
    return {.kind = dist_kind::lognormal, .median_ms = median, .sigma = s};
  }
  static duration_dist empirical(double min, double p50, double p90, double p99, double max = 0) {
    return {.kind = dist_kind::empirical, .min_ms = min, .p50_ms = p50, .p90_ms = p90, .p99_ms = p99, .max_ms = max};
  }

  /// True when every draw is 0 (no time passes, no event is scheduled).
  bool is_zero() const noexcept;
  /// One draw, in virtual nanoseconds (never negative). Draws nothing from `rng` when constant.
  sim::time_ns draw(sim::rng& rng) const noexcept;
  /// The quantile q in (0, 1) in milliseconds (what draw() maps a uniform u to; for the
  /// exponential and lognormal kinds, their exact quantile).
  double quantile_ms(double q) const noexcept;
  /// The mean in milliseconds (exact for constant, exponential, lognormal; numeric for empirical).
  double mean() const noexcept;
  /// Every violation under `path` (e.g. "function.duration.per_record"), citing `fact`;
  /// values are limited to [0, max_allowed_ms].
  void validate(const std::string& path, const char* fact, double max_allowed_ms, validator& v) const;
  /// "constant 200 ms", "lognormal median 16 ms σ 0.5", "empirical p50 16 / p90 34 / p99 105 ms".
  std::string describe() const;
};

const char* to_string(dist_kind k) noexcept;
void to_json(nlohmann::json& j, const duration_dist& d);
/// Missing keys keep defaults; an unknown kind name throws nlohmann::json::exception.
void from_json(const nlohmann::json& j, duration_dist& d);

}  // namespace slsim::models
