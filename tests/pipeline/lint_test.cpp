// Each lint rule fires on a scenario built for it, and none on the built-in scenario.
#include <gtest/gtest.h>

#include "slsim/pipeline/lint.hpp"

namespace slsim::pipeline {
namespace {

std::vector<std::string> rules(const scenario& s) {
  std::vector<std::string> out;
  for (const auto& w : lint(s)) out.push_back(w.rule);
  return out;
}

bool fires(const scenario& s, const std::string& rule) {
  const auto r = rules(s);
  return std::find(r.begin(), r.end(), rule) != r.end();
}

TEST(lint, builtin_scenario_has_no_warnings) { EXPECT_TRUE(lint(builtin_scenario()).empty()); }

TEST(lint, visibility_shorter_than_six_function_timeouts) {  // L6, P1
  scenario s = builtin_scenario();
  s.function.timeout_s = 10;
  EXPECT_TRUE(fires(s, "visibility_timeout_too_short"));
}

TEST(lint, reserved_concurrency_without_maximum_concurrency) {  // L10, L11, P2
  scenario s = builtin_scenario();
  s.function.reserved_concurrency = 2;
  EXPECT_TRUE(fires(s, "pollers_overpull_reserved_concurrency"));
  s.esm.maximum_concurrency = 2;
  EXPECT_FALSE(fires(s, "pollers_overpull_reserved_concurrency"));
}

TEST(lint, dlq_retention_not_longer_than_source) {  // S14, P3
  scenario s = builtin_scenario();
  s.dlq.message_retention_period_s = s.queue.message_retention_period_s;
  EXPECT_TRUE(fires(s, "dlq_retention_not_longer"));
}

TEST(lint, max_receive_count_below_five) {  // L7, P8
  scenario s = builtin_scenario();
  s.queue.redrive_policy.max_receive_count = 1;
  EXPECT_TRUE(fires(s, "max_receive_count_below_5"));
}

TEST(lint, batches_without_partial_batch_responses) {  // P4
  scenario s = builtin_scenario();
  s.esm.report_batch_item_failures = false;
  EXPECT_TRUE(fires(s, "no_partial_batch_response"));
  s.esm.batch_size = 1;
  EXPECT_FALSE(fires(s, "no_partial_batch_response"));
}

TEST(lint, fifo_with_partial_batch_responses) {  // P11
  scenario s = builtin_scenario();
  s.queue.type = queue::queue_type::fifo;
  EXPECT_TRUE(fires(s, "fifo_partial_batch_order"));
}

}  // namespace
}  // namespace slsim::pipeline
