#include "slsim/gateway/throttling.hpp"

namespace slsim::gateway {

const char* to_string(throttle_level level) noexcept {
  switch (level) {
    case throttle_level::none:
      return "none";
    case throttle_level::quota:
      return "quota";
    case throttle_level::usage_plan:
      return "usage_plan";
    case throttle_level::method:
      return "method";
    case throttle_level::stage:
      return "stage";
    case throttle_level::account:
      return "account";
  }
  return "unknown";
}

sim::time_ns quota_period_length(quota_period_kind p) noexcept {
  switch (p) {
    case quota_period_kind::day:
      return sim::hours(24);
    case quota_period_kind::week:
      return sim::hours(24 * 7);
    case quota_period_kind::month:
      return sim::hours(24 * 30);
  }
  return sim::hours(24);
}

throttler::throttler(const throttling_config& config)
    : config_(&config),
      method_(config.method.rate_per_s, config.method.burst),
      stage_(config.stage.rate_per_s, config.stage.burst),
      account_(config.account.rate_per_s, config.account.burst),
      method_on_(config.method.enabled),
      stage_on_(config.stage.enabled),
      account_on_(config.account.enabled) {
  for (std::uint32_t p = 0; p < config.usage_plans.size(); ++p) {
    const usage_plan_config& plan = config.usage_plans[p];
    for (const std::string& key : plan.api_keys)
      keys_.try_emplace(
          key, key_state{p, token_bucket(plan.throttle.rate_per_s, plan.throttle.burst), plan.throttle.enabled, 0, 0});
  }
}

throttler::key_state* throttler::find_key(std::string_view api_key) {
  if (api_key.empty() || keys_.empty()) return nullptr;
  const auto it = keys_.find(api_key);
  return it == keys_.end() ? nullptr : &it->second;
}

throttle_level throttler::admit(std::string_view api_key, sim::time_ns now) {
  key_state* key = find_key(api_key);
  const usage_plan_config* plan = key ? &config_->usage_plans[key->plan] : nullptr;
  // G1 order: usage plan (quota, then per-key rate), method, stage, account.
  if (plan && plan->quota_enabled) {
    const std::int64_t period = now / quota_period_length(plan->quota_period);
    if (period != key->quota_period_index) {
      key->quota_period_index = period;
      key->quota_used = 0;
    }
    if (key->quota_used >= plan->quota_limit) return throttle_level::quota;
  }
  if (key && key->throttled && !key->bucket.has_tokens(now)) return throttle_level::usage_plan;
  if (method_on_ && !method_.has_tokens(now)) return throttle_level::method;
  if (stage_on_ && !stage_.has_tokens(now)) return throttle_level::stage;
  if (account_on_ && !account_.has_tokens(now)) return throttle_level::account;
  // Every level has a token: take them all.
  if (key && key->throttled) key->bucket.take();
  if (method_on_) method_.take();
  if (stage_on_) stage_.take();
  if (account_on_) account_.take();
  if (plan && plan->quota_enabled) ++key->quota_used;
  return throttle_level::none;
}

std::int64_t throttler::quota_used(std::string_view api_key, sim::time_ns now) {
  key_state* key = find_key(api_key);
  if (!key) return 0;
  const usage_plan_config& plan = config_->usage_plans[key->plan];
  if (now / quota_period_length(plan.quota_period) != key->quota_period_index) return 0;
  return key->quota_used;
}

}  // namespace slsim::gateway
