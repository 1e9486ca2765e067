// function_config: AWS ranges with field paths and fact ids, and the scenario JSON codec.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/runtime/config.hpp"

namespace slsim::runtime {
namespace {

bool has_violation(const std::vector<models::violation>& vs, const std::string& path, const std::string& fact) {
  return std::any_of(vs.begin(), vs.end(), [&](const auto& v) { return v.path == path && v.fact == fact; });
}

TEST(function_config, defaults_are_aws_defaults_and_valid) {  // L5, MD11, L11
  const function_config c;
  EXPECT_EQ(c.timeout_s, 3);
  EXPECT_EQ(c.memory_mb, 128);
  EXPECT_EQ(c.account_concurrency, 1000);
  EXPECT_EQ(c.account_unreserved_minimum, 100);
  EXPECT_EQ(c.kill_lag_ms, 0);
  EXPECT_TRUE(c.validate().empty());
}

TEST(function_config, reports_every_violation_with_path_and_fact) {
  function_config c;
  c.timeout_s = 901;             // L5
  c.memory_mb = 64;              // MD11
  c.reserved_concurrency = 901;  // L11: 1000 - 100 unreserved
  c.kill_lag_ms = -1;            // MD5
  const auto vs = c.validate();
  EXPECT_EQ(vs.size(), 4u);
  EXPECT_TRUE(has_violation(vs, "function.timeout_s", "L5"));
  EXPECT_TRUE(has_violation(vs, "function.memory_mb", "MD11"));
  EXPECT_TRUE(has_violation(vs, "function.reserved_concurrency", "L11"));
  EXPECT_TRUE(has_violation(vs, "function.kill_lag_ms", "MD5"));
}

TEST(function_config, init_phase_beyond_ten_seconds_or_negative_idle_reclaim_is_rejected) {  // MD18, MD33
  function_config c;
  c.init_duration = models::duration_dist::lognormal(12'000, 0.5);
  c.environment_idle_timeout_s = -1;
  const auto vs = c.validate();
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_TRUE(has_violation(vs, "function.init_duration.median_ms", "MD18"));
  EXPECT_EQ(vs[0].value, "12000");
  EXPECT_EQ(vs[0].allowed, "0..10000 (milliseconds)");
  EXPECT_TRUE(has_violation(vs, "function.environment_idle_timeout_s", "MD33"));
  function_config table;
  table.init_duration = models::duration_dist::empirical(100, 300, 200, 900);  // p90 below p50
  EXPECT_TRUE(has_violation(table.validate(), "function.init_duration", "MD18"));
}

TEST(function_config, default_init_phase_and_idle_reclaim_are_the_published_measurements) {  // MD32, MD33
  const function_config c;
  EXPECT_EQ(c.init_duration.kind, models::dist_kind::lognormal);
  EXPECT_NEAR(c.init_duration.quantile_ms(0.5), 250, 1e-6);
  EXPECT_NEAR(c.init_duration.quantile_ms(0.99), 800, 25);
  EXPECT_EQ(c.environment_idle_timeout_s, 600);
}

TEST(function_config, reserved_concurrency_zero_is_valid) {  // L11: fully throttled
  function_config c;
  c.reserved_concurrency = 0;
  EXPECT_TRUE(c.validate().empty());
  EXPECT_EQ(c.concurrency_limit(), 0);
}

TEST(function_config, json_round_trip_and_defaults_for_missing_keys) {
  function_config c;
  c.timeout_s = 30;
  c.reserved_concurrency = 7;
  c.environment["TABLE"] = "results";
  const nlohmann::json j = c;
  EXPECT_EQ(j["reserved_concurrency"], 7);
  const auto back = j.get<function_config>();
  EXPECT_EQ(back.timeout_s, 30);
  EXPECT_EQ(back.reserved_concurrency, 7);
  EXPECT_EQ(back.environment.at("TABLE"), "results");
  const auto partial =
      nlohmann::json::parse(R"({"memory_mb": 512, "reserved_concurrency": null})").get<function_config>();
  EXPECT_EQ(partial.memory_mb, 512);
  EXPECT_EQ(partial.timeout_s, 3);
  EXPECT_FALSE(partial.reserved_concurrency.has_value());
}

}  // namespace
}  // namespace slsim::runtime
