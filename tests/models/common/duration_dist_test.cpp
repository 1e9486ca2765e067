// duration_dist: the scenario's way to state compute time and latencies (MD16, MD17).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/models/duration_dist.hpp"

namespace slsim::models {
namespace {

std::vector<double> sample_ms(const duration_dist& d, int n, std::uint64_t seed = 3) {
  sim::rng rng(seed);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<double>(d.draw(rng)) / sim::k_millisecond);
  std::sort(out.begin(), out.end());
  return out;
}

double at(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size()))];
}

TEST(duration_dist, an_empirical_table_reproduces_its_quantiles) {  // MD16, MD17
  const auto d = duration_dist::empirical(13.5, 16, 34, 105);
  const auto s = sample_ms(d, 200000);
  EXPECT_NEAR(at(s, 0.10), 14, 0.2);
  EXPECT_NEAR(at(s, 0.50), 16, 0.2);
  EXPECT_NEAR(at(s, 0.90), 34, 1);
  EXPECT_NEAR(at(s, 0.99), 105, 4);
  EXPECT_GE(s.front(), 13.5);
  // The tail beyond p99 keeps going (heavier than p99) but stops at its p99.99 cap.
  EXPECT_GT(s.back(), 200);
  EXPECT_LE(s.back(), d.quantile_ms(0.9999) + 1e-6);
}

TEST(duration_dist, an_empirical_tail_respects_max) {
  const auto d = duration_dist::empirical(20, 28, 100, 645, 2000);
  const auto s = sample_ms(d, 100000);
  EXPECT_LE(s.back(), 2000);
  EXPECT_NEAR(at(s, 0.5), 28, 1);
}

TEST(duration_dist, exponential_and_lognormal_match_their_formulas) {
  const auto e = duration_dist::exponential(200);
  const auto se = sample_ms(e, 200000);
  EXPECT_NEAR(at(se, 0.5), 200 * std::log(2.0), 3);
  EXPECT_NEAR(e.quantile_ms(0.5), 200 * std::log(2.0), 1e-9);
  const auto l = duration_dist::lognormal(16, 0.5);
  const auto sl = sample_ms(l, 200000);
  EXPECT_NEAR(at(sl, 0.5), 16, 0.2);
  EXPECT_NEAR(l.quantile_ms(0.99), 16 * std::exp(0.5 * 2.3263), 0.05);
  EXPECT_NEAR(at(sl, 0.99), l.quantile_ms(0.99), 1.5);
}

TEST(duration_dist, constant_and_zero_draw_nothing_from_the_stream) {
  sim::rng a(5), b(5);
  EXPECT_EQ(duration_dist::constant(200).draw(a), sim::milliseconds(200));
  EXPECT_TRUE(duration_dist{}.is_zero());
  EXPECT_EQ(duration_dist{}.draw(a), 0);
  EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(duration_dist, validation_names_field_value_range_and_fact) {
  validator v;
  duration_dist::lognormal(-5, 4).validate("esm.latency.invoke", "MD16", 1000, v);
  duration_dist::empirical(0, 10, 5, 20, 15).validate("x", "MD17", 1000, v);
  const auto& all = v.violations();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].message(), "esm.latency.invoke.median_ms = -5: allowed 0..1000 (milliseconds) (MD16)");
  EXPECT_EQ(all[1].path, "esm.latency.invoke.sigma");
  EXPECT_EQ(all[2].allowed, "min_ms <= p50_ms <= p90_ms <= p99_ms");
  EXPECT_EQ(all[3].path, "x.max_ms");
}

TEST(duration_dist, json_keeps_every_field_and_reads_partial_objects) {
  duration_dist d;
  nlohmann::json{{"kind", "exponential"}, {"mean_ms", 42}}.get_to(d);
  EXPECT_EQ(d.kind, dist_kind::exponential);
  EXPECT_DOUBLE_EQ(d.mean_ms, 42);
  const nlohmann::json j = d;
  EXPECT_EQ(j["kind"], "exponential");
  EXPECT_TRUE(j.contains("p99_ms"));
  EXPECT_EQ(j.get<duration_dist>().describe(), "exponential mean 42 ms");
}

}  // namespace
}  // namespace slsim::models
