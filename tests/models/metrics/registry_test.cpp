// The metrics registry: handles, per-period sums, gauges, distributions.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "slsim/metrics/registry.hpp"

namespace slsim::metrics {
namespace {

TEST(registry, counter_is_sampled_as_the_sum_since_the_previous_sample) {
  registry reg;
  const counter sent = reg.add_counter("queue.sent");
  reg.increment(sent, 3);
  reg.sample(sim::seconds(60));
  reg.increment(sent);
  reg.increment(sent, 4);
  reg.sample(sim::seconds(120));
  reg.sample(sim::seconds(180));
  const auto pts = reg.points_of("queue.sent");
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_EQ(pts[0].value, 3);
  EXPECT_EQ(pts[1].value, 5);
  EXPECT_EQ(pts[2].value, 0);
  EXPECT_EQ(pts[1].t, sim::seconds(120));
  EXPECT_EQ(reg.total(sent), 8);
}

TEST(registry, registering_a_name_twice_returns_the_same_handle) {
  registry reg;
  const counter a = reg.add_counter("gateway.requests");
  const counter b = reg.add_counter("gateway.requests");
  reg.increment(a);
  reg.increment(b);
  EXPECT_EQ(reg.total(a), 2);
  EXPECT_EQ(reg.series().size(), 1u);
  EXPECT_THROW(reg.add_gauge("gateway.requests"), std::invalid_argument);
}

TEST(registry, gauge_reads_its_probe_at_each_sample) {
  registry reg;
  int depth = 7;
  reg.add_gauge("queue.depth", "Count", [&depth] { return static_cast<double>(depth); });
  const gauge manual = reg.add_gauge("runtime.concurrent_executions");
  reg.set(manual, 2);
  reg.sample(sim::seconds(60));
  depth = 11;
  reg.set(manual, 5);
  reg.sample(sim::seconds(120));
  const auto d = reg.points_of("queue.depth");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].value, 7);
  EXPECT_EQ(d[1].value, 11);
  EXPECT_EQ(reg.points_of("runtime.concurrent_executions")[1].value, 5);
}

TEST(registry, distribution_reports_count_average_and_max_per_period) {
  registry reg;
  const distribution duration = reg.add_distribution("runtime.duration");
  reg.observe(duration, 10);
  reg.observe(duration, 30);
  reg.sample(sim::seconds(60));
  reg.sample(sim::seconds(120));
  const auto count = reg.points_of("runtime.duration.count");
  ASSERT_EQ(count.size(), 2u);
  EXPECT_EQ(count[0].value, 2);
  EXPECT_EQ(count[1].value, 0);
  const auto avg = reg.points_of("runtime.duration.avg");
  ASSERT_EQ(avg.size(), 1u);  // an empty period has no average
  EXPECT_EQ(avg[0].value, 20);
  EXPECT_EQ(reg.points_of("runtime.duration.max")[0].value, 30);
}

// Law: however increments are spread over samples, the sampled sums add up to the total.
RC_GTEST_PROP(registry, sampled_sums_add_up_to_the_counter_total, (const std::vector<std::uint8_t>& steps)) {
  registry reg;
  const counter c = reg.add_counter("c");
  sim::time_ns t = 0;
  for (const std::uint8_t s : steps) {
    if (s % 4 == 0) {
      reg.sample(t += sim::seconds(60));
    } else {
      reg.increment(c, s);
    }
  }
  reg.sample(t + sim::seconds(60));
  double sum = 0;
  for (const point& p : reg.points_of("c")) sum += p.value;
  RC_ASSERT(static_cast<std::int64_t>(sum) == reg.total(c));
}

}  // namespace
}  // namespace slsim::metrics
