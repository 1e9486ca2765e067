#pragma once
// G1: the throttling levels of one method, applied in AWS's order: the usage plan's
// quota and per-key bucket, the method's bucket, the stage's, then the account's.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/gateway/config.hpp"
#include "slsim/models/token_bucket.hpp"

namespace slsim::gateway {

using models::token_bucket;

/// Which level refused a request (none: admitted).
enum class throttle_level : std::uint8_t { none, quota, usage_plan, method, stage, account };

/// Lower-case name of a level ("usage_plan", ...).
const char* to_string(throttle_level level) noexcept;

/// Token buckets and quotas of one gateway. A request takes a token from every level
/// only if every level has one: a request refused by a later level leaves earlier
/// buckets untouched (slsim's choice; AWS does not document it), and a request
/// refused by its usage plan never reaches the account bucket.
class throttler {
 public:
  explicit throttler(const throttling_config& config);

  /// Admits or refuses one request at `now` for `api_key` (empty: no usage plan).
  throttle_level admit(std::string_view api_key, sim::time_ns now);

  /// Requests counted against the key's quota in the current period (0 without a plan).
  std::int64_t quota_used(std::string_view api_key, sim::time_ns now);
  /// Whole tokens left at `now` in the account bucket (for tests and metrics).
  std::int64_t account_tokens(sim::time_ns now) { return account_.tokens(now); }

 private:
  struct key_state {
    std::uint32_t plan = 0;
    token_bucket bucket;
    bool throttled = false;
    std::int64_t quota_period_index = 0;
    std::int64_t quota_used = 0;
  };
  key_state* find_key(std::string_view api_key);

  const throttling_config* config_;
  std::map<std::string, key_state, std::less<>> keys_;
  token_bucket method_, stage_, account_;
  bool method_on_, stage_on_, account_on_;
};

}  // namespace slsim::gateway
