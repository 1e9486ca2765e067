// esm_config validation (L2, L3, L6, L10, L15) and its JSON codec; the ESM refuses to be
// created with an invalid configuration.
#include <gtest/gtest.h>

#include <algorithm>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

bool has(const std::vector<models::violation>& vs, const std::string& path, const std::string& fact) {
  return std::any_of(vs.begin(), vs.end(), [&](const auto& v) { return v.path == path && v.fact == fact; });
}

TEST(esm_config, defaults_are_aws_defaults_and_valid) {  // L2, L3, L8, MD14, MD15
  const esm_config c;
  EXPECT_EQ(c.batch_size, 10);
  EXPECT_EQ(c.maximum_batching_window_s, 0);
  EXPECT_FALSE(c.report_batch_item_failures);
  EXPECT_EQ(c.scaling.initial_concurrency, 5);
  EXPECT_EQ(c.scaling.scale_up_per_minute, 300);
  EXPECT_EQ(c.scaling.max_concurrency, 1250);
  EXPECT_EQ(c.throttle_backoff_initial_ms, 1000);
  EXPECT_EQ(c.throttle_backoff_max_ms, 60000);
  EXPECT_EQ(c.receive_wait_time_s, 20);
  EXPECT_EQ(c.receive_max_messages, 10);
  EXPECT_TRUE(c.validate().empty());
}

TEST(esm_config, batch_size_over_ten_needs_a_batching_window) {  // L2
  esm_config c;
  c.batch_size = 11;
  EXPECT_TRUE(has(c.validate(), "esm.maximum_batching_window_s", "L2"));
  c.maximum_batching_window_s = 1;
  EXPECT_TRUE(c.validate().empty());
  c.batch_size = 10001;
  EXPECT_TRUE(has(c.validate(), "esm.batch_size", "L2"));
}

TEST(esm_config, ranges_of_window_and_maximum_concurrency) {  // L3, L10
  esm_config c;
  c.maximum_batching_window_s = 301;
  c.maximum_concurrency = 1;
  const auto vs = c.validate();
  EXPECT_TRUE(has(vs, "esm.maximum_batching_window_s", "L3"));
  EXPECT_TRUE(has(vs, "esm.maximum_concurrency", "L10"));
  c.maximum_batching_window_s = 300;
  c.maximum_concurrency = 1000;
  EXPECT_TRUE(c.validate().empty());
}

TEST(esm_config, fifo_allows_at_most_ten_and_no_window) {  // L2, L3
  queue::queue_config q;
  q.type = queue::queue_type::fifo;
  esm_config c;
  c.batch_size = 20;
  c.maximum_batching_window_s = 5;
  const auto vs = c.validate(q, runtime::function_config{});
  EXPECT_TRUE(has(vs, "esm.batch_size", "L2"));
  EXPECT_TRUE(has(vs, "esm.maximum_batching_window_s", "L3"));
}

TEST(esm_config, function_timeout_above_visibility_timeout_is_rejected) {  // L6
  queue::queue_config q;
  q.visibility_timeout_s = 30;
  EXPECT_TRUE(has(esm_config{}.validate(q, testing::function_with(60)), "function.timeout_s", "L6"));
  EXPECT_TRUE(esm_config{}.validate(q, testing::function_with(30)).empty());
}

TEST(esm_config, creating_the_mapping_with_timeout_above_visibility_throws) {  // L6
  testing::harness h;
  try {
    h.create(testing::standard_queue(30), testing::function_with(60), {});
    FAIL() << "expected config_error";
  } catch (const models::config_error& e) {
    EXPECT_TRUE(has(e.violations(), "function.timeout_s", "L6"));
  }
}

TEST(esm_config, filter_patterns_are_body_only_and_at_most_five) {  // L15
  esm_config c;
  c.filter_patterns = {R"({"body":{"kind":["order"]}})"};
  EXPECT_TRUE(c.validate().empty());
  c.filter_patterns.push_back(R"({"attributes":{"x":["y"]}})");
  c.filter_patterns.push_back("not json");
  const auto vs = c.validate();
  EXPECT_TRUE(has(vs, "esm.filter_patterns[1]", "L15"));
  EXPECT_TRUE(has(vs, "esm.filter_patterns[2]", "L15"));
  c.filter_patterns.assign(6, R"({"body":{"k":["v"]}})");
  EXPECT_TRUE(has(c.validate(), "esm.filter_patterns.size", "L15"));
}

TEST(esm_config, provisioned_mode_ranges_and_no_maximum_concurrency) {  // L12, L10
  esm_config c;
  c.provisioned_mode = provisioned_poller_config{};
  EXPECT_TRUE(c.validate().empty());
  c.provisioned_mode->minimum_pollers = 1;
  c.provisioned_mode->maximum_pollers = 2001;
  c.maximum_concurrency = 10;
  const auto vs = c.validate();
  EXPECT_TRUE(has(vs, "esm.provisioned_mode.minimum_pollers", "L12"));
  EXPECT_TRUE(has(vs, "esm.provisioned_mode.maximum_pollers", "L12"));
  EXPECT_TRUE(has(vs, "esm.maximum_concurrency", "L10"));
  const nlohmann::json j = c;
  EXPECT_EQ(j.get<esm_config>().provisioned_mode->maximum_pollers, 2001);
}

TEST(esm_config, json_round_trip_and_aws_function_response_types) {  // L13
  esm_config c;
  c.batch_size = 100;
  c.maximum_batching_window_s = 5;
  c.maximum_concurrency = 50;
  const nlohmann::json j = c;
  const auto back = j.get<esm_config>();
  EXPECT_EQ(back.batch_size, 100);
  EXPECT_EQ(back.maximum_concurrency, 50);
  const auto aws =
      nlohmann::json::parse(R"({"function_response_types":["ReportBatchItemFailures"]})").get<esm_config>();
  EXPECT_TRUE(aws.report_batch_item_failures);
  EXPECT_EQ(aws.batch_size, 10);
}

}  // namespace
}  // namespace slsim::esm
