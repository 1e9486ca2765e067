// Event ordering of the kernel: (time, sequence), never address.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <vector>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::sim {
namespace {

TEST(ordering, same_instant_events_run_in_scheduling_order) {
  context ctx;
  std::vector<int> order;
  for (int i = 0; i < 50; ++i) ctx.post([&order, i] { order.push_back(i); });
  ctx.run();
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(ordering, earlier_time_runs_first_then_sequence) {
  context ctx;
  std::vector<std::pair<time_ns, int>> seen;
  ctx.schedule_at(seconds(2), [&](detail::fire_code) { seen.push_back({ctx.now(), 0}); });
  ctx.schedule_at(seconds(1), [&](detail::fire_code) { seen.push_back({ctx.now(), 1}); });
  ctx.schedule_at(seconds(1), [&](detail::fire_code) { seen.push_back({ctx.now(), 2}); });
  const auto result = ctx.run();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], (std::pair<time_ns, int>{seconds(1), 1}));
  EXPECT_EQ(seen[1], (std::pair<time_ns, int>{seconds(1), 2}));
  EXPECT_EQ(seen[2], (std::pair<time_ns, int>{seconds(2), 0}));
  EXPECT_EQ(result.end_time, seconds(2));
  EXPECT_EQ(result.events, 3u);
}

TEST(ordering, asio_post_through_any_io_executor_runs_on_the_kernel) {
  context ctx;
  asio::any_io_executor ex(ctx.get_executor());
  int ran = 0;
  asio::post(ex, [&] { ++ran; });
  asio::post(ex, [&] { ran *= 10; });
  EXPECT_EQ(ran, 0);  // never inline: blocking.never
  ctx.run();
  EXPECT_EQ(ran, 10);
  EXPECT_EQ(&context_of(ex), &ctx);
}

TEST(ordering, events_scheduled_in_the_past_run_now) {
  context ctx;
  time_ns when = -1;
  ctx.schedule_at(seconds(5), [&](detail::fire_code) {
    ctx.schedule_at(seconds(1), [&](detail::fire_code) { when = ctx.now(); });
  });
  ctx.run();
  EXPECT_EQ(when, seconds(5));
}

TEST(ordering, large_callables_are_stored_too) {
  context ctx;
  std::array<std::uint64_t, 32> big{};
  big[31] = 7;
  std::uint64_t got = 0;
  ctx.post([big, &got] { got = big[31]; });
  ctx.run();
  EXPECT_EQ(got, 7u);
}

}  // namespace
}  // namespace slsim::sim
