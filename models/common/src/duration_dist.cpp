// duration_dist: draws, quantiles, validation and the scenario JSON codec.
#include "slsim/models/duration_dist.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace slsim::models {
namespace {

constexpr double k_tail_z_cap = 4;  // an uncapped empirical tail stops at its 99.99th percentile

// Standard normal quantile by bisection on erfc (reports and tests only, never per event).
double normal_quantile(double q) {
  double lo = -10, hi = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < q)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

double empirical_quantile(const duration_dist& d, double u) {
  if (u <= 0.5) return d.min_ms + (d.p50_ms - d.min_ms) * (u / 0.5);
  if (u <= 0.9) return d.p50_ms + (d.p90_ms - d.p50_ms) * ((u - 0.5) / 0.4);
  if (u <= 0.99) return d.p90_ms + (d.p99_ms - d.p90_ms) * ((u - 0.9) / 0.09);
  // Beyond p99 the tail continues log-linearly in -log10(1 - u): the ratio p99/p90 repeats
  // per decade of rarity (p99.9 = p99 × p99/p90), the heavy right tail latency tables show.
  double z = -std::log10(std::max(1 - u, 1e-300));
  if (d.max_ms <= 0) z = std::min(z, k_tail_z_cap);
  const double ratio = d.p90_ms > 0 ? d.p99_ms / d.p90_ms : 1.0;
  double x = d.p99_ms * std::pow(ratio, z - 2);
  if (d.max_ms > 0) x = std::min(x, d.max_ms);
  return x;
}

std::string ms(double v) { return fmt::format("{:g}", v); }

}  // namespace

const char* to_string(dist_kind k) noexcept {
  switch (k) {
    case dist_kind::constant:
      return "constant";
    case dist_kind::exponential:
      return "exponential";
    case dist_kind::lognormal:
      return "lognormal";
    case dist_kind::empirical:
      return "empirical";
  }
  return "?";
}

bool duration_dist::is_zero() const noexcept {
  switch (kind) {
    case dist_kind::constant:
      return value_ms <= 0;
    case dist_kind::exponential:
      return mean_ms <= 0;
    case dist_kind::lognormal:
      return median_ms <= 0;
    case dist_kind::empirical:
      return p99_ms <= 0 && max_ms <= 0;
  }
  return true;
}

double duration_dist::quantile_ms(double q) const noexcept {
  switch (kind) {
    case dist_kind::constant:
      return value_ms;
    case dist_kind::exponential:
      return -mean_ms * std::log1p(-q);
    case dist_kind::lognormal:
      return median_ms * std::exp(sigma * normal_quantile(q));
    case dist_kind::empirical:
      return empirical_quantile(*this, q);
  }
  return 0;
}

sim::time_ns duration_dist::draw(sim::rng& rng) const noexcept {
  double v = 0;
  switch (kind) {
    case dist_kind::constant:
      v = value_ms;
      break;
    case dist_kind::exponential:
      v = mean_ms > 0 ? rng.exponential(mean_ms) : 0;
      break;
    case dist_kind::lognormal:
      v = median_ms > 0 ? rng.lognormal(std::log(median_ms), sigma) : 0;
      break;
    case dist_kind::empirical:
      v = empirical_quantile(*this, rng.uniform01());
      break;
  }
  return v <= 0 ? 0 : static_cast<sim::time_ns>(std::llround(v * static_cast<double>(sim::k_millisecond)));
}

double duration_dist::mean() const noexcept {
  switch (kind) {
    case dist_kind::constant:
      return value_ms;
    case dist_kind::exponential:
      return mean_ms;
    case dist_kind::lognormal:
      return median_ms * std::exp(sigma * sigma / 2);
    case dist_kind::empirical: {
      constexpr int n = 100000;
      double sum = 0;
      for (int i = 0; i < n; ++i) sum += empirical_quantile(*this, (i + 0.5) / n);
      return sum / n;
    }
  }
  return 0;
}

void duration_dist::validate(const std::string& path, const char* fact, double max_allowed_ms, validator& v) const {
  const auto in_range = [&](const char* field, double value) {
    if (!(value >= 0 && value <= max_allowed_ms))
      v.add(path + "." + field, ms(value), fmt::format("0..{} (milliseconds)", ms(max_allowed_ms)), fact);
  };
  switch (kind) {
    case dist_kind::constant:
      in_range("value_ms", value_ms);
      break;
    case dist_kind::exponential:
      in_range("mean_ms", mean_ms);
      break;
    case dist_kind::lognormal:
      in_range("median_ms", median_ms);
      if (!(sigma >= 0 && sigma <= 3)) v.add(path + ".sigma", ms(sigma), "0..3", fact);
      break;
    case dist_kind::empirical:
      in_range("min_ms", min_ms);
      in_range("p50_ms", p50_ms);
      in_range("p90_ms", p90_ms);
      in_range("p99_ms", p99_ms);
      in_range("max_ms", max_ms);
      // A quantile table is non-decreasing: min <= p50 <= p90 <= p99 (<= max when set).
      if (!(min_ms <= p50_ms && p50_ms <= p90_ms && p90_ms <= p99_ms))
        v.add(path, fmt::format("min {} / p50 {} / p90 {} / p99 {}", ms(min_ms), ms(p50_ms), ms(p90_ms), ms(p99_ms)),
              "min_ms <= p50_ms <= p90_ms <= p99_ms", fact);
      if (max_ms > 0 && max_ms < p99_ms) v.add(path + ".max_ms", ms(max_ms), ">= p99_ms, or 0 (uncapped tail)", fact);
      break;
  }
}

std::string duration_dist::describe() const {
  switch (kind) {
    case dist_kind::constant:
      return fmt::format("constant {} ms", ms(value_ms));
    case dist_kind::exponential:
      return fmt::format("exponential mean {} ms", ms(mean_ms));
    case dist_kind::lognormal:
      return fmt::format("lognormal median {} ms sigma {}", ms(median_ms), ms(sigma));
    case dist_kind::empirical:
      return fmt::format("empirical min {} / p50 {} / p90 {} / p99 {} ms", ms(min_ms), ms(p50_ms), ms(p90_ms),
                         ms(p99_ms));
  }
  return "?";
}

NLOHMANN_JSON_SERIALIZE_ENUM(dist_kind, {{dist_kind::constant, "constant"},
                                         {dist_kind::exponential, "exponential"},
                                         {dist_kind::lognormal, "lognormal"},
                                         {dist_kind::empirical, "empirical"}})

void to_json(nlohmann::json& j, const duration_dist& d) {
  j = nlohmann::json{{"kind", d.kind},     {"value_ms", d.value_ms}, {"mean_ms", d.mean_ms}, {"median_ms", d.median_ms},
                     {"sigma", d.sigma},   {"min_ms", d.min_ms},     {"p50_ms", d.p50_ms},   {"p90_ms", d.p90_ms},
                     {"p99_ms", d.p99_ms}, {"max_ms", d.max_ms}};
}

void from_json(const nlohmann::json& j, duration_dist& d) {
  const auto read = [&j](const char* key, auto& field) {
    if (const auto it = j.find(key); it != j.end()) it->get_to(field);
  };
  read("kind", d.kind);
  read("value_ms", d.value_ms);
  read("mean_ms", d.mean_ms);
  read("median_ms", d.median_ms);
  read("sigma", d.sigma);
  read("min_ms", d.min_ms);
  read("p50_ms", d.p50_ms);
  read("p90_ms", d.p90_ms);
  read("p99_ms", d.p99_ms);
  read("max_ms", d.max_ms);
}

}  // namespace slsim::models
