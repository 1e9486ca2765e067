// Tie order: same-instant events in scheduling, reverse or seeded order; time order is
// never affected, and a seed replays its order.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include <boost/asio/use_awaitable.hpp>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::sim {
namespace {

std::vector<int> same_instant_order(tie_order order, std::uint64_t seed, int n = 40) {
  context ctx(order, rng_source(seed).stream("scheduler"));
  std::vector<int> seen;
  for (int i = 0; i < n; ++i) ctx.post([&seen, i] { seen.push_back(i); });
  ctx.run();
  return seen;
}

std::vector<int> ascending(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST(tie_order, fifo_runs_same_instant_events_in_scheduling_order) {
  EXPECT_EQ(same_instant_order(tie_order::fifo, 7), ascending(40));
}

TEST(tie_order, reverse_runs_the_last_scheduled_first) {
  std::vector<int> expected = ascending(40);
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(same_instant_order(tie_order::reverse, 7), expected);
}

TEST(tie_order, random_is_a_permutation_fixed_by_the_seed) {
  const auto first = same_instant_order(tie_order::random, 11);
  EXPECT_EQ(first, same_instant_order(tie_order::random, 11));  // replay
  EXPECT_NE(first, ascending(40));
  EXPECT_NE(first, same_instant_order(tie_order::random, 12));
  auto sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, ascending(40));  // every event ran exactly once
}

TEST(tie_order, never_reorders_events_of_different_instants) {
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random}) {
    context ctx(order, rng_source(3).stream("scheduler"));
    std::vector<time_ns> times;
    for (int i = 20; i > 0; --i)
      ctx.schedule_at(milliseconds(i), [&](detail::fire_code) { times.push_back(ctx.now()); });
    ctx.run();
    ASSERT_EQ(times.size(), 20u) << to_string(order);
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end())) << to_string(order);
  }
}

TEST(tie_order, an_event_posted_while_running_still_runs_after_its_cause) {
  // Causality: whatever the tie order, an event cannot run before the event that
  // scheduled it (it is not in the queue yet).
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random}) {
    context ctx(order, rng_source(5).stream("scheduler"));
    std::vector<int> seen;
    ctx.post([&] {
      seen.push_back(1);
      ctx.post([&] { seen.push_back(2); });
    });
    ctx.run();
    EXPECT_EQ(seen, (std::vector<int>{1, 2})) << to_string(order);
  }
}

asio::awaitable<void> tick_forever(context& ctx, int& ticks) {
  for (;;) {
    co_await async_sleep_for(ctx, seconds(1), asio::use_awaitable);
    ++ticks;
  }
}

TEST(tie_order, a_daemon_shut_down_before_it_started_ends_quietly_in_every_order) {
  // Nothing but a daemon: the run is quiescent at once, so the shutdown comes before the
  // daemon's first resumption. Cancelled before it starts, Asio's co_spawn would throw out
  // of its entry point; the kernel cancels it as it starts instead.
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random}) {
    context ctx(order, rng_source(9).stream("scheduler"));
    int ticks = 0;
    ctx.spawn("sampler", tick_forever(ctx, ticks), task_kind::daemon);
    const run_result result = ctx.run();
    EXPECT_EQ(result.status, run_status::ok) << to_string(order);
    EXPECT_TRUE(result.failures.empty()) << to_string(order);
    EXPECT_EQ(ticks, 0) << to_string(order);
  }
}

// A daemon that, woken at the instant the run goes quiescent, spawns another daemon
// before it sees its own cancellation (the ESM scaler adding pollers). Under fifo its
// wake-up runs before the shutdown; under another tie order it can run after.
asio::awaitable<void> spawn_a_ticker_after(context& ctx, time_ns at, int& ticks) {
  co_await async_sleep_for(ctx, at, asio::use_awaitable);
  ctx.spawn("ticker", tick_forever(ctx, ticks), task_kind::daemon);
  co_await async_sleep_for(ctx, seconds(1), asio::use_awaitable);
}

asio::awaitable<void> work_for(context& ctx, time_ns d) { co_await async_sleep_for(ctx, d, asio::use_awaitable); }

TEST(tie_order, a_daemon_spawned_after_the_shutdown_is_cancelled_as_it_starts) {
  // Reproduces a livelock: pollers spawned by the scaler after the shutdown were never
  // cancelled and polled an empty queue until the event budget ran out.
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random}) {
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      context ctx(order, rng_source(seed).stream("scheduler"));
      int ticks = 0;
      ctx.spawn("scaler", spawn_a_ticker_after(ctx, seconds(5), ticks), task_kind::daemon);
      ctx.spawn("work", work_for(ctx, seconds(5)));
      run_limits limits;
      limits.max_events = 10'000;
      const run_result result = ctx.run(limits);
      EXPECT_EQ(result.status, run_status::ok) << to_string(order) << " seed " << seed;
      EXPECT_EQ(result.end_time, seconds(5)) << to_string(order) << " seed " << seed;
      EXPECT_EQ(ticks, 0) << to_string(order) << " seed " << seed;
    }
  }
}

TEST(tie_order, names_parse_back) {
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random})
    EXPECT_EQ(parse_tie_order(to_string(order)), order);
  EXPECT_FALSE(parse_tie_order("lifo").has_value());
}

}  // namespace
}  // namespace slsim::sim
