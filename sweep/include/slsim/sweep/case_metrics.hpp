#pragma once
// The figures of one run of one grid point: latency, duplicates, false DLQ routing, loss,
// billing and an estimated cost — what a sweep compares across settings.
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/properties/case.hpp"
#include "slsim/sweep/price_table.hpp"

namespace slsim::sweep {

enum class metric : std::uint8_t {
  latency_p50_s,
  latency_p95_s,
  latency_p99_s,
  latency_max_s,
  throughput_per_s,
  redeliveries,
  concurrent_duplicates,
  false_dlq,
  lost,
  invocations,
  throttled,
  billed_s,
  gb_seconds,
  sqs_requests,
  store_requests,
  store_write_units,
  store_read_units,
  cost_usd,
};
inline constexpr std::size_t k_metric_count = 18;

struct metric_info {
  std::string_view name;   ///< column name in results.csv / results.json
  std::string_view title;  ///< for people (report, terminal)
  int decimals;            ///< how many decimals people need
};

/// Name, title and precision of every metric, indexed by `metric`.
const std::array<metric_info, k_metric_count>& metric_catalogue() noexcept;
inline const metric_info& info(metric m) noexcept { return metric_catalogue()[static_cast<std::size_t>(m)]; }

using metric_values = std::array<double, k_metric_count>;

struct case_metrics {
  metric_values values{};
  bool properties_held = true;
  std::vector<std::string> violated;                      ///< properties that failed (sorted)
  std::map<std::string, std::uint64_t> false_dlq_causes;  ///< false DLQ entries by cause

  double operator[](metric m) const noexcept { return values[static_cast<std::size_t>(m)]; }
};

/// The figures of one checked run. Latency is accepted → first result write (virtual
/// time); throughput is messages processed per virtual second between the first send and
/// the last delete; "false DLQ" counts valid messages that reached the DLQ although the
/// handler never reported them as failed, each with the cause that returned it most often
/// (throttle — P2, visibility_expiry — P1, a whole-batch handler_error, timeout, ...).
case_metrics measure(const properties::case_result& result, const pipeline::scenario& scenario,
                     const price_table& prices);

void to_json(nlohmann::json& j, const case_metrics& m);
/// Throws std::invalid_argument naming `source` on malformed input.
case_metrics case_metrics_from_json(const nlohmann::json& j, const std::string& source);

}  // namespace slsim::sweep
