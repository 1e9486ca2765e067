#include "slsim/store/config.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace slsim::store {
namespace {

std::string num(double v) { return nlohmann::json(v).dump(); }

constexpr double k_max_ttl_deletion_ms = 30.0 * 24 * 3'600'000;

void check_key(models::validator& v, const std::string& path, const key_attribute& k) {
  if (k.type != "S" && k.type != "N" && k.type != "B") v.add(path + ".type", k.type, "S|N|B", "D1");
  if (k.name.empty() || k.name.size() > 255) v.add(path + ".name", k.name, "1..255 characters", "D1");
}

bool valid_table_name(const std::string& n) {
  if (n.size() < 3 || n.size() > 255) return false;
  for (char c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

}  // namespace

std::vector<models::violation> store_config::validate() const {
  models::validator v;
  std::set<std::string> names;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    const auto path = "store.tables[" + std::to_string(i) + "]";
    if (!valid_table_name(t.name)) v.add(path + ".name", t.name, "3..255 of [a-zA-Z0-9_.-]", "D1");
    if (!names.insert(t.name).second) v.add(path + ".name", t.name, "unique table names", "D1");
    check_key(v, path + ".partition_key", t.partition_key);
    if (!t.sort_key.name.empty()) check_key(v, path + ".sort_key", t.sort_key);
    if (t.sort_key.name == t.partition_key.name)
      v.add(path + ".sort_key.name", t.sort_key.name, "distinct from the partition key", "D1");
    // D9: 0 is on-demand. AWS's default per-table quota is 40 000 units/s (raisable); the
    // model bounds it at 10^9 so the 300 s burst stays exact in the shared token bucket.
    for (const auto& [field, value] :
         {std::pair{".read_capacity", t.read_capacity}, {".write_capacity", t.write_capacity}})
      if (!(value >= 0 && value <= 1e9)) v.add(path + field, num(value), "0..1000000000 units/s (0 = on-demand)", "D9");
  }
  // MD36: a call is answered within the SDK's timeouts; 10 minutes bounds any setting.
  if (!(latency.fixed_ms >= 0 && latency.fixed_ms <= 600'000))
    v.add("store.latency.fixed_ms", num(latency.fixed_ms), "0..600000 (milliseconds)", "MD36");
  latency.jitter.validate("store.latency.jitter", "MD36", 600'000, v);
  if (!(latency.transaction_factor >= 1 && latency.transaction_factor <= 10))
    v.add("store.latency.transaction_factor", num(latency.transaction_factor), "1..10", "MD38");
  if (!(latency.apply_at_min >= 0 && latency.apply_at_min <= latency.apply_at_max && latency.apply_at_max <= 1))
    v.add("store.latency.apply_at_min", num(latency.apply_at_min) + ".." + num(latency.apply_at_max),
          "0 <= apply_at_min <= apply_at_max <= 1 (fractions of the round trip)", "MD37");
  if (std::none_of(std::begin(k_retry_presets), std::end(k_retry_presets),
                   [&](const char* p) { return retry.preset == p; }))
    v.add("store.retry.preset", retry.preset, "custom, aws_sdk_cpp, js_v3, boto3_standard or boto3_legacy", "MD20");
  v.check_range("store.retry.max_retries", retry.max_retries, 0, 100, "MD9");
  if (retry.base_delay_ms < 0) v.add("store.retry.base_delay_ms", num(retry.base_delay_ms), ">= 0", "MD9");
  if (retry.max_delay_ms < retry.base_delay_ms)
    v.add("store.retry.max_delay_ms", num(retry.max_delay_ms), ">= base_delay_ms", "MD9");
  if (staleness_window_ms < 0) v.add("store.staleness_window_ms", num(staleness_window_ms), ">= 0", "MD8");
  // A day at most: the deleter's own wake-ups must stay within virtual time's range.
  if (!(ttl_scan_interval_s > 0 && ttl_scan_interval_s <= 86400))
    v.add("store.ttl_scan_interval_s", num(ttl_scan_interval_s), "> 0 and <= 86400", "D10");
  if (std::none_of(std::begin(k_ttl_deletion_presets), std::end(k_ttl_deletion_presets),
                   [&](const char* p) { return ttl_deletion.preset == p; }))
    v.add("store.ttl_deletion.preset", ttl_deletion.preset, "realistic, adversarial or custom", "MD19");
  // D10: "typically within a few days" (48 h in older pages); a custom delay up to 30 days.
  if (ttl_deletion.preset == "custom")
    ttl_deletion.delay.validate("store.ttl_deletion.delay", "MD19", k_max_ttl_deletion_ms, v);
  return v.violations();
}

models::duration_dist ttl_deletion_config::effective() const {
  if (preset == "realistic") return models::duration_dist::lognormal(12 * 3'600'000.0, 1.0);  // MD34
  if (preset == "adversarial") return models::duration_dist::constant(120'000);               // MD19
  return delay;
}

retry_config retry_config::effective() const {
  retry_config out = *this;
  // MD20, D9: each SDK's default for DynamoDB.
  if (preset == "aws_sdk_cpp") {  // DefaultRetryStrategy: 10 retries, 25 ms × 2^n, no jitter
    out.max_retries = 10;
    out.base_delay_ms = 25;
    out.max_delay_ms = 20000;
    out.jitter = false;
  } else if (preset == "js_v3") {  // StandardRetryStrategy: 3 attempts, 100 ms base, full jitter, 20 s cap
    out.max_retries = 2;
    out.base_delay_ms = 100;
    out.max_delay_ms = 20000;
    out.jitter = true;
  } else if (preset == "boto3_standard") {  // standard mode: 3 attempts, a uniform draw in [0, 1) s × 2^n, 20 s cap
    out.max_retries = 2;
    out.base_delay_ms = 1000;
    out.max_delay_ms = 20000;
    out.jitter = true;
  } else if (preset == "boto3_legacy") {  // legacy mode, DynamoDB: 10 attempts, 50 ms × 2^n
    out.max_retries = 9;
    out.base_delay_ms = 50;
    out.max_delay_ms = 20000;
    out.jitter = false;
  }
  return out;
}

void store_config::validate_or_throw() const {
  auto violations = validate();
  if (!violations.empty()) throw models::config_error(std::move(violations));
}

}  // namespace slsim::store
