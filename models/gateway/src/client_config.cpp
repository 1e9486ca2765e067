#include "slsim/gateway/config.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "amount_limit.hpp"

namespace slsim::gateway {
namespace {
// Workload settings are slsim's, not AWS's; violations cite the design section.
constexpr const char* k_fact = "docs/architecture.md §6";

void check_real(models::validator& v, const std::string& path, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) v.add(path, fmt::format("{}", value), fmt::format("{}..{}", lo, hi), k_fact);
}
}  // namespace

std::vector<models::violation> client_config::validate() const {
  models::validator v;
  v.check_range("clients.clients", clients, 0, 100000, k_fact);
  check_real(v, "clients.arrival.rate_per_s", arrival.rate_per_s, 1e-6, 1e7);
  v.check_range("clients.arrival.requests", arrival.requests, 0, 100000000, k_fact);
  if (arrival.process == arrival_process::bursts) {
    v.check_range("clients.arrival.burst_size", arrival.burst_size, 1, 1000000, k_fact);
    check_real(v, "clients.arrival.burst_interval_s", arrival.burst_interval_s, 1e-6, 1e7);
  }
  if (arrival.process == arrival_process::ramp) {
    check_real(v, "clients.arrival.ramp_to_rate_per_s", arrival.ramp_to_rate_per_s, 1e-6, 1e7);
    check_real(v, "clients.arrival.ramp_duration_s", arrival.ramp_duration_s, 0, 1e7);
  }
  check_real(v, "clients.arrival.start_s", arrival.start_s, 0, 1e7);
  for (std::size_t i = 0; i < arrival.only_requests.size(); ++i)
    v.check_range(fmt::format("clients.arrival.only_requests[{}]", i), arrival.only_requests[i], 0,
                  std::max<std::int64_t>(0, clients * arrival.requests - 1), k_fact);
  const double shares[] = {mix.valid, mix.poison, mix.invalid, mix.oversized, mix.unauthenticated};
  const char* names[] = {"valid", "poison", "invalid", "oversized", "unauthenticated"};
  double total = 0;
  for (int i = 0; i < 5; ++i) {
    check_real(v, fmt::format("clients.mix.{}", names[i]), shares[i], 0, 1e9);
    total += shares[i] > 0 ? shares[i] : 0;
  }
  if (!(total > 0)) v.add("clients.mix", "all zero", "at least one positive share", k_fact);
  v.check_range("clients.retry.max_attempts", retry.max_attempts, 1, 100, k_fact);
  check_real(v, "clients.retry.max_elapsed_s", retry.max_elapsed_s, 0, 1e7);
  v.check_range("clients.retry.base_delay_ms", retry.base_delay_ms, 1, 3600000, k_fact);
  v.check_range("clients.retry.max_delay_ms", retry.max_delay_ms, retry.base_delay_ms, 3600000, k_fact);
  check_real(v, "clients.retry.late_retry_probability", retry.late_retry_probability, 0, 1);
  check_real(v, "clients.retry.late_retry_min_s", retry.late_retry_min_s, 0, 1e7);
  check_real(v, "clients.retry.late_retry_max_s", retry.late_retry_max_s, retry.late_retry_min_s, 1e7);
  check_real(v, "clients.retry.reserialise_probability", retry.reserialise_probability, 0, 1);
  check_real(v, "clients.timeout_s", timeout_s, 0.001, 3600);
  v.check_range("clients.customers", customers, 1, 100000000, k_fact);
  v.check_range("clients.amount_max", amount_max, 0, k_max_amount, k_fact);
  v.check_range("clients.amount_min", amount_min, 0, amount_max, k_fact);
  for (std::size_t i = 0; i < amount_boundaries.size(); ++i)
    v.check_range(fmt::format("clients.amount_boundaries[{}]", i), amount_boundaries[i], -k_max_amount, k_max_amount,
                  k_fact);
  check_real(v, "clients.amount_boundary_probability", amount_boundary_probability, 0, 1);
  check_real(v, "clients.amount_wide_probability", amount_wide_probability, 0, 1 - amount_boundary_probability);
  v.check_range("clients.oversized_bytes", oversized_bytes, 256, 64LL << 20, k_fact);
  return v.violations();
}

std::int64_t client_config::planned_requests() const {
  if (arrival.only_requests.empty()) return clients * arrival.requests;
  std::vector<std::int64_t> only = arrival.only_requests;
  std::sort(only.begin(), only.end());
  return std::unique(only.begin(), only.end()) - only.begin();
}

sim::time_ns client_config::retry_horizon() const noexcept {
  const double attempts = retry.max_elapsed_s + timeout_s + static_cast<double>(retry.max_delay_ms) / 1000.0;
  const double late = retry.late_retry_probability > 0 ? retry.late_retry_max_s + timeout_s : 0;
  return static_cast<sim::time_ns>((attempts > late ? attempts : late) * 1e9);
}

}  // namespace slsim::gateway
