// function_config: validation (L5, L11, MD5, MD11) and the scenario JSON codec.
#include "slsim/runtime/config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/runtime/detail/json_fields.hpp"

namespace slsim::runtime {

std::vector<models::violation> function_config::validate() const {
  models::validator v;
  if (function_name.empty()) v.add("function.function_name", "\"\"", "non-empty", "");
  v.check_range("function.timeout_s", timeout_s, 1, 900, "L5");
  v.check_range("function.memory_mb", memory_mb, 128, 10240, "MD11");
  v.check_range("function.account_concurrency", account_concurrency, 1, 1'000'000, "L11");
  v.check_range("function.account_unreserved_minimum", account_unreserved_minimum, 0, account_concurrency, "L11");
  // L11: a reservation must leave the account's unreserved minimum (100 by default).
  if (reserved_concurrency)
    v.check_range("function.reserved_concurrency", *reserved_concurrency, 0,
                  std::max(0, account_concurrency - account_unreserved_minimum), "L11");
  init_duration.validate("function.init_duration", "MD18", k_max_init_ms, v);  // MD18: INIT is limited to 10 s
  v.check_range("function.kill_lag_ms", kill_lag_ms, 0, 900'000, "MD5");
  v.check_range("function.environment_max_lifetime_s", environment_max_lifetime_s, 0, 1'000'000'000, "");
  v.check_range("function.environment_max_invocations", environment_max_invocations, 0, 1'000'000'000, "");
  v.check_range("function.environment_idle_timeout_s", environment_idle_timeout_s, 0, 1'000'000'000, "MD33");
  // MD17: compute time up to the longest function timeout (L5: 900 s).
  duration.per_invocation.validate("function.duration.per_invocation", "MD17", 900'000, v);
  duration.per_record.validate("function.duration.per_record", "MD17", 900'000, v);
  if (runtime) {
    if (runtime->command.empty()) v.add("function.runtime.command", "\"\"", "a non-empty shell command", "");
    if (!(runtime->wall_timeout_s > 0 && runtime->wall_timeout_s <= 3600))
      v.add("function.runtime.wall_timeout_s", std::to_string(runtime->wall_timeout_s), "> 0 and <= 3600", "");
  }
  return v.violations();
}

std::string compute_config::describe() const {
  return "per invocation " + per_invocation.describe() + " + per record " + per_record.describe();
}

void to_json(nlohmann::json& j, const compute_config& c) {
  j = nlohmann::json{{"per_invocation", c.per_invocation}, {"per_record", c.per_record}};
}

void from_json(const nlohmann::json& j, compute_config& c) {
  using detail::read_field;
  read_field(j, "per_invocation", c.per_invocation);
  read_field(j, "per_record", c.per_record);
}

void to_json(nlohmann::json& j, const external_runtime& r) {
  j = nlohmann::json{{"command", r.command}, {"cwd", r.cwd}, {"env", r.env}, {"wall_timeout_s", r.wall_timeout_s}};
  if (r.shim) j["shim"] = true;  // absent when off: scenarios without it keep their bytes
}

void from_json(const nlohmann::json& j, external_runtime& r) {
  using detail::read_field;
  if (!j.is_object()) throw nlohmann::json::type_error::create(302, "function.runtime must be an object", &j);
  for (const auto& [key, value] : j.items())
    if (key != "command" && key != "cwd" && key != "env" && key != "wall_timeout_s" && key != "shim")
      throw nlohmann::json::out_of_range::create(403, "function.runtime: unknown field \"" + key + "\"", &j);
  read_field(j, "command", r.command);
  read_field(j, "cwd", r.cwd);
  read_field(j, "env", r.env);
  read_field(j, "wall_timeout_s", r.wall_timeout_s);
  read_field(j, "shim", r.shim);
}

void to_json(nlohmann::json& j, const function_config& c) {
  j = nlohmann::json{{"function_name", c.function_name},
                     {"timeout_s", c.timeout_s},
                     {"memory_mb", c.memory_mb},
                     {"reserved_concurrency", nullptr},
                     {"account_concurrency", c.account_concurrency},
                     {"account_unreserved_minimum", c.account_unreserved_minimum},
                     {"environment", c.environment},
                     {"init_duration", c.init_duration},
                     {"kill_lag_ms", c.kill_lag_ms},
                     {"environment_max_lifetime_s", c.environment_max_lifetime_s},
                     {"environment_max_invocations", c.environment_max_invocations},
                     {"environment_idle_timeout_s", c.environment_idle_timeout_s},
                     {"duration", c.duration},
                     {"runtime", nullptr}};
  if (c.reserved_concurrency) j["reserved_concurrency"] = *c.reserved_concurrency;
  if (c.runtime) j["runtime"] = *c.runtime;
}

void from_json(const nlohmann::json& j, function_config& c) {
  using detail::read_field;
  read_field(j, "function_name", c.function_name);
  read_field(j, "timeout_s", c.timeout_s);
  read_field(j, "memory_mb", c.memory_mb);
  read_field(j, "reserved_concurrency", c.reserved_concurrency);
  read_field(j, "account_concurrency", c.account_concurrency);
  read_field(j, "account_unreserved_minimum", c.account_unreserved_minimum);
  read_field(j, "environment", c.environment);
  read_field(j, "init_duration", c.init_duration);
  read_field(j, "kill_lag_ms", c.kill_lag_ms);
  read_field(j, "environment_max_lifetime_s", c.environment_max_lifetime_s);
  read_field(j, "environment_max_invocations", c.environment_max_invocations);
  read_field(j, "environment_idle_timeout_s", c.environment_idle_timeout_s);
  read_field(j, "duration", c.duration);
  read_field(j, "runtime", c.runtime);
}

}  // namespace slsim::runtime
