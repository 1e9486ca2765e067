#pragma once
// Configuration of the store model: tables (key schema, TTL attribute, capacity),
// per-call latency, SDK retry policy (MD9), eventual-read staleness (MD8), TTL
// deleter timing (D10). Defaults follow AWS; validate() lists every violation.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/models/duration_dist.hpp"
#include "slsim/models/validation.hpp"

namespace slsim::store {

/// A key attribute: its name and scalar type ("S", "N" or "B").
struct key_attribute {
  std::string name;
  std::string type = "S";
};

/// One table. `sort_key.name` empty means a partition key only.
struct table_config {
  std::string name;
  key_attribute partition_key{"pk", "S"};
  key_attribute sort_key{"", "S"};
  std::string ttl_attribute;  ///< D10: empty = TTL disabled
  double read_capacity = 0;   ///< RCU/s; 0 = on-demand (throttled only by faults)
  double write_capacity = 0;  ///< WCU/s; 0 = on-demand
};

/// MD36: a call's client-side round trip in-region, heavy-tailed (p50 5 / p90 9 / p99 30 ms).
inline constexpr models::duration_dist k_default_call_latency{
    .kind = models::dist_kind::empirical, .min_ms = 2, .p50_ms = 5, .p90_ms = 9, .p99_ms = 30};

/// Per-call service latency: `fixed_ms` plus a draw of `jitter` per call (MD36); a
/// TransactWriteItems takes `transaction_factor` times that (MD38); the request reaches the
/// table at a point drawn uniformly in [apply_at_min, apply_at_max] of its round trip (MD37).
struct latency_config {
  double fixed_ms = 0;
  models::duration_dist jitter = k_default_call_latency;
  double transaction_factor = 2;
  double apply_at_min = 0.2;
  double apply_at_max = 0.8;
};

/// MD9/MD20: the client's retries. `preset` names an SDK's default policy; with "custom"
/// (the default) the numeric fields apply, and they default to the AWS SDK for C++'s
/// DefaultRetryStrategy (10 retries, 25 ms × 2^n, no jitter).
struct retry_config {
  std::string preset = "custom";  ///< custom | aws_sdk_cpp | js_v3 | boto3_standard | boto3_legacy
  int max_retries = 10;           ///< retries after the first attempt (custom only)
  double base_delay_ms = 25;      ///< backoff before retry n is base × 2^n (custom only)
  double max_delay_ms = 20000;    ///< cap of one backoff (custom only)
  bool jitter = false;            ///< full jitter: a uniform draw in [0, backoff) (custom only)

  /// The policy the client follows: the preset's numbers, or the custom fields.
  retry_config effective() const;
};

/// The preset names retry_config::preset accepts, "custom" first.
inline constexpr const char* k_retry_presets[] = {"custom", "aws_sdk_cpp", "js_v3", "boto3_standard", "boto3_legacy"};

/// The preset names ttl_deletion_config::preset accepts.
inline constexpr const char* k_ttl_deletion_presets[] = {"realistic", "adversarial", "custom"};

/// D10/MD19: how long after its expiry the background deleter removes an item, drawn per
/// item. "realistic" (the default, MD34): lognormal, median 12 h, p99 ≈ 5 days ("typically
/// within a few days"); "adversarial": a fixed 120 s, the quickest deletion a test wants to
/// survive (AWS may delete "at any time" after expiry); "custom": `delay` (milliseconds).
struct ttl_deletion_config {
  std::string preset = "realistic";
  models::duration_dist delay = models::duration_dist::constant(120'000);  ///< custom only

  /// The distribution the deleter draws from: the preset's, or `delay`.
  models::duration_dist effective() const;
};

struct store_config {
  std::vector<table_config> tables;
  latency_config latency;
  retry_config retry;
  double staleness_window_ms = 0;        ///< MD8: 0 = eventual reads are strongly consistent
  double ttl_scan_interval_s = 60;       ///< D10: how often the lazy deleter wakes
  ttl_deletion_config ttl_deletion;      ///< D10, MD19, MD34: how long after expiry an item lingers
  std::int64_t epoch_s = 1'700'000'000;  ///< Unix time of virtual time 0 (TTL values are epoch seconds)

  /// Every violation (field path, value, allowed range, fact id).
  std::vector<models::violation> validate() const;
  /// Throws models::config_error if validate() finds anything.
  void validate_or_throw() const;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(key_attribute, name, type)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(table_config, name, partition_key, sort_key, ttl_attribute,
                                                read_capacity, write_capacity)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(latency_config, fixed_ms, jitter, transaction_factor, apply_at_min,
                                                apply_at_max)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(retry_config, preset, max_retries, base_delay_ms, max_delay_ms, jitter)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ttl_deletion_config, preset, delay)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(store_config, tables, latency, retry, staleness_window_ms,
                                                ttl_scan_interval_s, ttl_deletion, epoch_s)

}  // namespace slsim::store
