// Scenario loading: every problem reported with its JSON path, all at once.
#include <gtest/gtest.h>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {
namespace {

std::vector<scenario_issue> issues_of(const nlohmann::json& overrides) {
  try {
    load_scenario(overrides, "test.json");
  } catch (const scenario_error& e) {
    return e.issues();
  }
  return {};
}

bool has(const std::vector<scenario_issue>& issues, const std::string& path, const std::string& text) {
  for (const auto& i : issues)
    if (i.path == path && i.message.find(text) != std::string::npos) return true;
  return false;
}

TEST(scenario, builtin_loads_and_round_trips) {
  const scenario s = load_scenario(nlohmann::json::object());
  EXPECT_EQ(s.queue.redrive_policy.max_receive_count, 5);
  const scenario again = load_scenario(nlohmann::json(s));
  EXPECT_EQ(nlohmann::json(again), nlohmann::json(s));
}

TEST(scenario, unknown_fields_and_wrong_types_are_named_by_path) {
  const auto issues = issues_of({{"queue", {{"visibility_timeout", 30}, {"delay_s", "5"}}}, {"bogus", 1}});
  EXPECT_TRUE(has(issues, "/queue/visibility_timeout", "unknown field"));
  EXPECT_TRUE(has(issues, "/queue/delay_s", "expected an integer, found a string"));
  EXPECT_TRUE(has(issues, "/bogus", "unknown field"));
}

TEST(scenario, function_environment_accepts_any_variable_name) {
  const scenario s =
      load_scenario({{"function", {{"environment", {{"MY_OWN_SETTING", "on"}, {"LOG_LEVEL", "debug"}}}}}});
  EXPECT_EQ(s.function.environment.at("MY_OWN_SETTING"), "on");
  EXPECT_EQ(s.function.environment.at("LOG_LEVEL"), "debug");
  EXPECT_EQ(s.function.environment.at("RESULT_TABLE"), "results");  // the built-in ones stay
  // Values are still checked: environment variables are strings.
  const auto issues = issues_of({{"function", {{"environment", {{"RETRIES", 3}}}}}});
  EXPECT_TRUE(has(issues, "/function/environment/RETRIES", "expected a string, found an integer"));
  EXPECT_EQ(scenario_schema()["properties"]["function"]["properties"]["environment"]["additionalProperties"]["type"],
            "string");
}

TEST(scenario, an_unknown_enum_name_is_rejected_not_replaced) {
  const auto issues = issues_of({{"clients", {{"arrival", {{"process", "poison"}}}}}});
  EXPECT_TRUE(has(issues, "/clients/arrival/process", "unexpected value \"poison\""));
}

TEST(scenario, values_outside_aws_ranges_name_field_range_and_fact) {
  const auto issues = issues_of({{"queue", {{"visibility_timeout_s", 50000}}}, {"function", {{"timeout_s", 901}}}});
  EXPECT_TRUE(has(issues, "/queue/visibility_timeout_s", "0..43200 (S5)"));
  EXPECT_TRUE(has(issues, "/function/timeout_s", "L5"));
}

TEST(scenario, function_timeout_above_visibility_is_rejected) {  // L6
  const auto issues = issues_of({{"queue", {{"visibility_timeout_s", 10}}}, {"function", {{"timeout_s", 20}}}});
  // The cross-model rule names the field it is about, not the model that checks it.
  EXPECT_TRUE(has(issues, "/function/timeout_s", "L6"));
}

TEST(scenario, vary_accepts_any_integer_field_and_names_bad_entries) {
  const scenario s =
      load_scenario({{"vary", {{"/esm/batch_size", {1, 10}}, {"/function/reserved_concurrency", {1, 3}}}}});
  EXPECT_EQ(s.vary.at("/esm/batch_size"), nlohmann::json({1, 10}));
  const auto issues = issues_of({{"vary",
                                  {{"/esm/no_such_field", {1, 2}},
                                   {"/function/function_name", {1, 2}},
                                   {"/esm/batch_size", {5, 1}},
                                   {"esm.batch_size", {1, 2}}}}});
  EXPECT_TRUE(has(issues, "/vary/~1esm~1no_such_field", "JSON pointer of an integer or string scenario field"));
  // A string field is an enumeration: it takes the list of values to choose from.
  EXPECT_TRUE(has(issues, "/vary/~1function~1function_name", "values to choose from"));
  EXPECT_TRUE(has(issues, "/vary/~1esm~1batch_size", "[lowest, highest]"));
  EXPECT_TRUE(has(issues, "/vary/esm.batch_size", "JSON pointer"));
}

TEST(scenario, settings_override_by_path) {
  const auto doc =
      apply_settings(nlohmann::json(builtin_scenario()), {"queue.visibility_timeout_s=60", "/esm/batch_size=5"});
  const scenario s = load_scenario(doc);
  EXPECT_EQ(s.queue.visibility_timeout_s, 60);
  EXPECT_EQ(s.esm.batch_size, 5);
  EXPECT_THROW(apply_settings(nlohmann::json::object(), {"no_equals_sign"}), scenario_error);
}

std::vector<scenario_issue> setting_issues(const std::string& setting) {
  try {
    (void)apply_settings(nlohmann::json(builtin_scenario()), {setting});
  } catch (const scenario_error& e) {
    return e.issues();
  }
  return {};
}

TEST(scenario, a_huge_array_index_in_a_setting_is_an_error_not_an_allocation) {
  EXPECT_TRUE(has(setting_issues("/iam/roles/99999999/name=x"), "/iam/roles/99999999/name", "past the end"));
  EXPECT_TRUE(has(setting_issues("/vary/x/4000000000=1"), "/vary/x/4000000000", "past the end"));
  // Appending (index = size, or "-") still works.
  const auto roles = builtin_scenario().iam.roles.size();
  const auto doc = apply_settings(nlohmann::json(builtin_scenario()),
                                  {"/iam/roles/" + std::to_string(roles) + "={\"name\":\"r\",\"actions\":[]}"});
  EXPECT_EQ(doc["iam"]["roles"].size(), roles + 1);
}

TEST(scenario, a_setting_below_a_scalar_or_with_a_deep_value_is_named) {
  EXPECT_TRUE(has(setting_issues("/queue/visibility_timeout_s/x=1"), "/queue/visibility_timeout_s/x",
                  "not an object or array"));
  EXPECT_TRUE(has(setting_issues("/vary=" + std::string(1000, '[')), "/vary", "nesting deeper"));
  EXPECT_TRUE(has(setting_issues("/queue={\"a\":"), "/queue", "not valid JSON"));
}

TEST(scenario, a_typo_in_effects_expected_is_rejected) {
  const auto issues = issues_of({{"effects", {{"expected", "reference_transfrom"}}}});
  EXPECT_TRUE(has(issues, "/effects/expected", "unknown function \"reference_transfrom\""));
  EXPECT_TRUE(issues_of({{"effects", {{"expected", ""}}}}).empty());
}

TEST(scenario, short_polling_pollers_are_rejected_with_the_fact) {  // MD15, S4
  const auto issues = issues_of({{"esm", {{"receive_wait_time_s", 0}}}});
  EXPECT_TRUE(has(issues, "/esm/receive_wait_time_s", "short polling"));
  EXPECT_TRUE(has(issues, "/esm/receive_wait_time_s", "MD15"));
  EXPECT_TRUE(issues_of({{"esm", {{"receive_wait_time_s", 1}}}}).empty());
}

TEST(scenario, type_errors_of_optional_fields_read_without_library_prefix) {
  const auto issues = issues_of({{"function", {{"reserved_concurrency", "ten"}}}});
  ASSERT_FALSE(issues.empty());
  for (const auto& i : issues) EXPECT_EQ(i.message.find("[json.exception"), std::string::npos) << i.message;
}

TEST(scenario, legacy_constants_load_as_distributions_and_clash_with_their_replacement) {  // MD18, MD19
  const scenario s =
      load_scenario({{"function", {{"init_duration_ms", 300}}}, {"store", {{"ttl_delete_delay_s", 60}}}});
  EXPECT_EQ(s.function.init_duration.kind, models::dist_kind::constant);
  EXPECT_EQ(s.function.init_duration.value_ms, 300);
  EXPECT_EQ(s.store.ttl_deletion.preset, "custom");
  EXPECT_EQ(s.store.ttl_deletion.effective().value_ms, 60'000);
  const auto both = issues_of({{"function", {{"init_duration_ms", 300}, {"init_duration", {{"kind", "constant"}}}}}});
  EXPECT_TRUE(has(both, "/function/init_duration_ms", "older form of /function/init_duration (MD18)"));
  EXPECT_TRUE(
      has(issues_of({{"store", {{"ttl_delete_delay_s", "soon"}}}}), "/store/ttl_delete_delay_s", "expected a number"));
  EXPECT_TRUE(has(issues_of({{"function", {{"init_duration_ms", 20000}}}}), "/function/init_duration/value_ms",
                  "0..10000 (milliseconds) (MD18)"));
}

TEST(scenario, ttl_deletion_and_init_phase_are_validated_with_their_facts) {  // MD18, MD19
  EXPECT_TRUE(has(issues_of({{"store", {{"ttl_deletion", {{"preset", "fast"}}}}}}), "/store/ttl_deletion/preset",
                  "realistic, adversarial or custom (MD19)"));
  const auto long_delay = issues_of(
      {{"store", {{"ttl_deletion", {{"preset", "custom"}, {"delay", {{"kind", "constant"}, {"value_ms", 4e9}}}}}}}});
  EXPECT_TRUE(has(long_delay, "/store/ttl_deletion/delay/value_ms", "(MD19)"));
  EXPECT_TRUE(
      has(issues_of({{"function", {{"init_duration", {{"kind", "lognormal"}, {"median_ms", 250}, {"sigma", 4}}}}}}),
          "/function/init_duration/sigma", "0..3 (MD18)"));
  EXPECT_TRUE(has(issues_of({{"function", {{"environment_idle_timeout_s", -5}}}}),
                  "/function/environment_idle_timeout_s", "(MD33)"));
  // The adversarial preset is a valid choice, and `check` varies the preset.
  EXPECT_NO_THROW(load_scenario({{"store", {{"ttl_deletion", {{"preset", "adversarial"}}}}}}));
  EXPECT_TRUE(builtin_scenario().vary.contains("/store/ttl_deletion/preset"));
}

TEST(scenario, schema_lists_every_section_and_forbids_unknown_fields) {
  const auto schema = scenario_schema();
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["additionalProperties"], false);
  for (const char* section : {"gateway", "clients", "queue", "dlq", "esm", "function", "store", "iam", "effects"})
    EXPECT_TRUE(schema["properties"].contains(section)) << section;
  EXPECT_EQ(schema["properties"]["queue"]["properties"]["visibility_timeout_s"]["type"], "integer");
  const auto& function = schema["properties"]["function"]["properties"];
  EXPECT_EQ(function["init_duration"]["properties"]["kind"]["default"], "lognormal");
  EXPECT_FALSE(function.contains("init_duration_ms"));  // the older form loads, but is not listed
  EXPECT_EQ(schema["properties"]["store"]["properties"]["ttl_deletion"]["properties"]["preset"]["default"],
            "realistic");
}

}  // namespace
}  // namespace slsim::pipeline
