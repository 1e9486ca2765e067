// sim::timer: virtual waits, cancellation through slots, tombstones.
#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::sim {
namespace {
using namespace asio::experimental::awaitable_operators;

TEST(timer, wait_completes_at_expiry_in_virtual_time) {
  context ctx;
  time_ns woke = -1;
  ctx.spawn("sleeper", [](context& c, time_ns& out) -> asio::awaitable<void> {
    co_await async_sleep_for(c, seconds(30), asio::use_awaitable);
    out = c.now();
  }(ctx, woke));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(woke, seconds(30));
  EXPECT_EQ(result.end_time, seconds(30));
}

TEST(timer, cancelled_timer_neither_fires_nor_moves_the_clock) {
  context ctx;
  timer t(ctx);
  t.expires_after(hours(1));
  boost::system::error_code got;
  bool completed = false;
  t.async_wait([&](boost::system::error_code ec) {
    got = ec;
    completed = true;
  });
  ctx.schedule_at(seconds(1), [&](detail::fire_code) { EXPECT_EQ(t.cancel(), 1u); });
  const auto result = ctx.run();
  EXPECT_TRUE(completed);
  EXPECT_EQ(got, asio::error::operation_aborted);
  EXPECT_EQ(result.end_time, seconds(1));  // the 1 h expiry was a tombstone
  EXPECT_EQ(t.cancel(), 0u);               // nothing left to cancel
}

TEST(timer, race_with_awaitable_operators_cancels_the_loser) {
  context ctx;
  std::size_t winner = 99;
  time_ns at = -1;
  ctx.spawn("race", [](context& c, std::size_t& w, time_ns& when) -> asio::awaitable<void> {
    auto r = co_await (async_sleep_for(c, seconds(10), asio::use_awaitable) ||
                       async_sleep_for(c, seconds(3), asio::use_awaitable));
    w = r.index();
    when = c.now();
  }(ctx, winner, at));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(winner, 1u);
  EXPECT_EQ(at, seconds(3));
  EXPECT_EQ(result.end_time, seconds(3));  // the 10 s loser never moved the clock
}

TEST(timer, rearmed_timer_fires_once_per_wait) {
  context ctx;
  int fired = 0;
  ctx.spawn("ticker", [](context& c, int& n) -> asio::awaitable<void> {
    timer t(c);
    for (int i = 0; i < 5; ++i) {
      t.expires_after(milliseconds(100));
      co_await t.async_wait(asio::use_awaitable);
      ++n;
    }
  }(ctx, fired));
  const auto result = ctx.run();
  EXPECT_EQ(fired, 5);
  EXPECT_EQ(result.end_time, milliseconds(500));
}

}  // namespace
}  // namespace slsim::sim
