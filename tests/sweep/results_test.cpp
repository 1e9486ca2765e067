// Aggregation across seeds, the recommendation, merging shards, CSV.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "slsim/sweep/aggregate.hpp"
#include "slsim/sweep/recommend.hpp"
#include "slsim/sweep/results_csv.hpp"

namespace slsim::sweep {
namespace {

case_row row(std::size_t point, std::uint64_t seed, double cost, double p99, bool held = true, double false_dlq = 0) {
  case_row r{point, seed, {}, {}};
  r.figures.values[static_cast<std::size_t>(metric::cost_usd)] = cost;
  r.figures.values[static_cast<std::size_t>(metric::latency_p99_s)] = p99;
  r.figures.values[static_cast<std::size_t>(metric::false_dlq)] = false_dlq;
  r.figures.properties_held = held;
  if (!held) r.figures.violated = {"dlq_routing"};
  if (false_dlq > 0) r.figures.false_dlq_causes["throttle"] = static_cast<std::uint64_t>(false_dlq);
  return r;
}

sweep_results three_points() {
  sweep_results r;
  r.spec.axes = {make_axis("-a", "esm.batch_size", "1,5,10")};
  r.spec.seeds = 2;
  r.points = {{true, ""}, {true, ""}, {false, "rejected (L2)"}};
  r.rows = {row(0, 1, 3.0, 1.0), row(0, 2, 5.0, 3.0), row(1, 1, 1.0, 9.0), row(1, 2, 1.0, 11.0, true, 2)};
  return r;
}

TEST(aggregate, gives_mean_sample_sd_and_range_per_point) {
  const auto points = aggregate(three_points());
  ASSERT_EQ(points.size(), 3u);
  EXPECT_DOUBLE_EQ(points[0][metric::cost_usd].mean, 4.0);
  EXPECT_DOUBLE_EQ(points[0][metric::cost_usd].stddev, std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(points[0][metric::latency_p99_s].min, 1.0);
  EXPECT_DOUBLE_EQ(points[0][metric::latency_p99_s].max, 3.0);
  EXPECT_EQ(points[1].false_dlq_causes.at("throttle"), 2u);
  EXPECT_FALSE(points[2].valid);
  EXPECT_EQ(points[2].cases, 0u);
}

TEST(recommend, picks_the_cheapest_point_meeting_the_constraints) {
  const auto points = aggregate(three_points());
  EXPECT_EQ(recommend(points, {}).point, std::optional<std::size_t>(1));  // cheapest, all held
  constraints fast;
  fast.max_p99_s = 5;
  EXPECT_EQ(recommend(points, fast).point, std::optional<std::size_t>(0));
  constraints clean;
  clean.no_false_dlq = true;
  EXPECT_EQ(recommend(points, clean).point, std::optional<std::size_t>(0));
  constraints impossible;
  impossible.max_p99_s = 0.5;
  const auto none = recommend(points, impossible);
  EXPECT_FALSE(none.point);
  EXPECT_NE(none.reason.find("no point"), std::string::npos);
  EXPECT_NE(disqualification(points[2], {}).find("rejected by AWS"), std::string::npos);
}

TEST(recommend, never_picks_a_point_where_a_property_failed) {
  auto r = three_points();
  r.rows[2] = row(1, 1, 1.0, 9.0, false);
  const auto points = aggregate(r);
  EXPECT_FALSE(points[1].all_held());
  EXPECT_EQ(recommend(points, {}).point, std::optional<std::size_t>(0));
}

TEST(merge, shards_combine_into_the_whole_and_mismatches_are_refused) {
  const auto whole = three_points();
  sweep_results a = whole, b = whole;
  a.rows = {whole.rows[0], whole.rows[3]};
  b.rows = {whole.rows[2], whole.rows[1]};
  const auto merged = merge({a, b}, {"a", "b"});
  EXPECT_EQ(nlohmann::json(merged), nlohmann::json(whole));
  EXPECT_EQ(results_csv(merged, aggregate(merged)), results_csv(whole, aggregate(whole)));
  EXPECT_THROW((void)merge({a, a}, {"a", "a again"}), std::invalid_argument);  // the same case twice
  sweep_results other = b;
  other.spec.seeds = 3;
  EXPECT_THROW((void)merge({a, other}, {"a", "other"}), std::invalid_argument);
}

TEST(results, survive_a_json_round_trip_and_malformed_files_are_named) {
  const auto r = three_points();
  const auto back = sweep_results_from_json(nlohmann::json(r), "r.json");
  EXPECT_EQ(nlohmann::json(back), nlohmann::json(r));
  auto broken = nlohmann::json(r);
  broken["cases"][1]["figures"]["metrics"].erase("cost_usd");
  try {
    (void)sweep_results_from_json(broken, "r.json");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("r.json: /cases/1"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)sweep_results_from_json(nlohmann::json{{"format", "slsim-check"}}, "r.json"),
               std::invalid_argument);
}

TEST(results_csv, has_a_row_per_point_with_quoted_reasons) {
  const auto r = three_points();
  const auto csv = results_csv(r, aggregate(r));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_EQ(csv.rfind("esm.batch_size,valid,reason,seeds,properties_held,errors,latency_p50_s_mean", 0), 0u);
  EXPECT_NE(csv.find("10,no,rejected (L2),0,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("throttle:2"), std::string::npos);
}

}  // namespace
}  // namespace slsim::sweep
