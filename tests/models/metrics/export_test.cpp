// CSV and JSON exports of sampled series.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "slsim/metrics/export.hpp"
#include "slsim/metrics/metrics_config.hpp"

namespace slsim::metrics {
namespace {

registry two_samples() {
  registry reg;
  const counter throttles = reg.add_counter("gateway.throttled");
  reg.add_gauge("queue.depth", "Count", [] { return 4.5; });
  reg.increment(throttles, 2);
  reg.sample(sim::seconds(60));
  reg.sample(sim::milliseconds(90'500));
  return reg;
}

TEST(export_metrics, csv_lists_series_timestamp_and_value_in_sampling_order) {
  const registry reg = two_samples();
  std::ostringstream out;
  write_csv(out, reg);
  EXPECT_EQ(out.str(),
            "series,unit,timestamp_s,value\n"
            "gateway.throttled,Count,60,2\n"
            "queue.depth,Count,60,4.5\n"
            "gateway.throttled,Count,90.5,0\n"
            "queue.depth,Count,90.5,4.5\n");
}

TEST(export_metrics, json_groups_points_by_series) {
  const registry reg = two_samples();
  const nlohmann::json j = to_json(reg);
  ASSERT_EQ(j["series"].size(), 2u);
  EXPECT_EQ(j["series"][0]["name"], "gateway.throttled");
  EXPECT_EQ(j["series"][0]["points"][0][0], 60.0);
  EXPECT_EQ(j["series"][0]["points"][0][1], 2.0);
  EXPECT_EQ(j["series"][1]["points"][1][0], 90.5);
  EXPECT_EQ(j["series"][1]["points"][1][1], 4.5);
}

TEST(export_metrics, config_round_trips_and_validates_the_period) {
  metrics_config c;
  EXPECT_TRUE(c.validate().empty());
  c.sample_period_s = 0;
  const auto v = c.validate();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].path, "metrics.sample_period_s");
  const nlohmann::json j = metrics_config{.enabled = false, .sample_period_s = 10};
  const auto back = j.get<metrics_config>();
  EXPECT_FALSE(back.enabled);
  EXPECT_EQ(back.sample_period_s, 10);
  EXPECT_EQ(nlohmann::json::parse("{}").get<metrics_config>().sample_period_s, 60);
}

}  // namespace
}  // namespace slsim::metrics
