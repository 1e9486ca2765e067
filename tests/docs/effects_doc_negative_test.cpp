// The contract of docs/effects.md's worked example catches the bug it is meant to catch: the
// same handler without `attribute_not_exists(readingId)` writes a reading again on a
// redelivery, which exactly_once reports.
#include <gtest/gtest.h>

#include "sensor_readings_without_condition.hpp"

TEST(sensor_readings, without_its_condition_fails_exactly_once) {
  slsim::check_options options;
  options.scenario = sensors_without_condition::scenario();
  options.seeds = 100;
  options.max_shrink_runs = 50;
  const auto r = slsim::check(sensors_without_condition::handler(), options);
  ASSERT_FALSE(r.passed) << r;
  ASSERT_TRUE(r.violated.has_value());
  EXPECT_EQ(*r.violated, slsim::properties::property::exactly_once) << r;
}
