#pragma once
// The Lambda function's configuration: timeout, memory, concurrency, environment,
// cold starts and their billing, kill lag and environment recycling (L5, L11, MD5, MD11, MD18).
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "slsim/models/duration_dist.hpp"
#include "slsim/models/validation.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::runtime {

/// MD17: time the handler spends outside AWS calls (parsing, enrichment, other services),
/// per invocation plus per record. Spent before the handler body runs, in virtual time,
/// inside the invocation (it counts toward the timeout and the billed duration).
struct compute_config {
  models::duration_dist per_invocation;  ///< once per invocation
  models::duration_dist per_record;      ///< once per record of the batch, summed

  bool is_zero() const noexcept { return per_invocation.is_zero() && per_record.is_zero(); }
  /// "per invocation constant 0 ms + per record constant 200 ms".
  std::string describe() const;
};

/// MD32: a managed runtime's INIT phase, lognormal with a 250 ms median (p99 ≈ 800 ms).
inline constexpr models::duration_dist k_default_init_duration{
    .kind = models::dist_kind::lognormal, .median_ms = 250, .sigma = 0.5};
/// MD18: AWS limits the INIT phase to 10 s.
inline constexpr double k_max_init_ms = 10'000;

/// An unmodified handler process of any language that talks the Lambda Runtime API and
/// DynamoDB's JSON 1.0 protocol to slsim (docs/other-languages.md). Data only: the
/// external library starts the processes.
struct external_runtime {
  std::string command;                     ///< run with /bin/sh -c, one process per execution environment
  std::string cwd;                         ///< working directory and LAMBDA_TASK_ROOT; "" = the current one
  std::map<std::string, std::string> env;  ///< extra variables (function.environment applies too)
  /// Hang guard: the longest wall time a process may take to its next request. Above the
  /// SDKs' longest retry sleep, which is real time without the shim (botocore's legacy mode
  /// sleeps 12.8 s before its 10th attempt; the standard modes cap a sleep at 20 s).
  double wall_timeout_s = 30;
  /// Preload libslsim_shim.so: the process's clocks, random bytes and sleeps come from the
  /// simulation (the "control" determinism tier, docs/other-languages.md).
  bool shim = false;

  friend bool operator==(const external_runtime&, const external_runtime&) = default;
};

/// Configuration of one function and of the account's concurrency it draws from.
/// Field names match the scenario file's JSON keys (section "function").
struct function_config {
  std::string function_name = "handler";
  int timeout_s = 3;                               ///< L5: 1..900, default 3
  int memory_mb = 128;                             ///< MD11: 128..10240, default 128
  std::optional<int> reserved_concurrency;         ///< L11: unset = unreserved pool; 0 = fully throttled
  int account_concurrency = 1000;                  ///< L11: concurrent executions per account and region
  int account_unreserved_minimum = 100;            ///< L11: what reservations must leave unreserved
  std::map<std::string, std::string> environment;  ///< environment variables (env("NAME"))
  /// MD18/MD32: the INIT phase of a cold start (runtime start and code loading) before the
  /// handler's own init() runs; billed with the invocation (MD18). Default: a managed runtime.
  models::duration_dist init_duration = k_default_init_duration;
  int kill_lag_ms = 0;                   ///< MD5: the handler is cut at timeout + this lag
  int environment_max_lifetime_s = 0;    ///< recycle an environment this old (0 = never)
  int environment_max_invocations = 0;   ///< recycle after this many invocations (0 = never)
  int environment_idle_timeout_s = 600;  ///< MD33: reclaim an environment idle this long (0 = never)
  compute_config duration;               ///< MD17: compute time of the handler (JSON "duration")
  /// Set: the handler is this external process instead of the C++ handler (JSON "runtime").
  std::optional<external_runtime> runtime;

  /// Every violation, with field paths under "function." and fact ids.
  std::vector<models::violation> validate() const;
  /// The concurrency the function can use: its reservation, else the account's.
  int concurrency_limit() const noexcept { return reserved_concurrency ? *reserved_concurrency : account_concurrency; }
  sim::time_ns timeout() const noexcept { return sim::seconds(timeout_s); }
};

void to_json(nlohmann::json& j, const compute_config& c);
void from_json(const nlohmann::json& j, compute_config& c);
void to_json(nlohmann::json& j, const external_runtime& r);
void from_json(const nlohmann::json& j, external_runtime& r);
void to_json(nlohmann::json& j, const function_config& c);
/// Missing keys keep their defaults; unknown keys are ignored.
void from_json(const nlohmann::json& j, function_config& c);

}  // namespace slsim::runtime
