// The sampler daemon records series on the virtual-time period grid.
#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>

#include "slsim/metrics/sampler.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::metrics {
namespace {

TEST(sampler, samples_every_period_in_virtual_time_and_does_not_keep_the_run_alive) {
  sim::context ctx;
  registry reg;
  const counter requests = reg.add_counter("gateway.requests");
  start_sampler(ctx, reg, sim::seconds(60));
  // Work: one request every 10 s for 150 s.
  ctx.spawn("load", [](sim::context& c, registry& r, counter n) -> boost::asio::awaitable<void> {
    for (int i = 0; i < 15; ++i) {
      co_await sim::async_sleep_for(c, sim::seconds(10), boost::asio::use_awaitable);
      r.increment(n);
    }
  }(ctx, reg, requests));
  const auto result = ctx.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(result.end_time, sim::seconds(150));
  auto pts = reg.points_of("gateway.requests");
  ASSERT_EQ(pts.size(), 2u);  // at 60 s and 120 s; the run ended before 180 s
  EXPECT_EQ(pts[0].t, sim::seconds(60));
  // Same-instant events run in scheduling order: the sampler's 60 s wake-up was
  // scheduled before the load's, so the request at 60 s falls into the second period.
  EXPECT_EQ(pts[0].value, 5);  // 10..50 s
  EXPECT_EQ(pts[1].value, 6);  // 60..110 s
  sample_final(reg, result.end_time);
  pts = reg.points_of("gateway.requests");
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_EQ(pts[2].t, sim::seconds(150));
  EXPECT_EQ(pts[2].value, 4);          // 120..150 s
  sample_final(reg, result.end_time);  // idempotent at the same instant
  EXPECT_EQ(reg.points_of("gateway.requests").size(), 3u);
}

TEST(sampler, rejects_a_non_positive_period) {
  sim::context ctx;
  registry reg;
  EXPECT_THROW(start_sampler(ctx, reg, 0), std::invalid_argument);
}

}  // namespace
}  // namespace slsim::metrics
