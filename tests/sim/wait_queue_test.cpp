// sim::wait_queue: FIFO wake-ups, deadlines, cancellation.
#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"
#include "slsim/sim/wait_queue.hpp"

namespace slsim::sim {
namespace {

asio::awaitable<void> waiter(wait_queue& q, time_ns deadline, int id, std::vector<std::pair<int, bool>>& log) {
  boost::system::error_code ec;
  try {
    co_await q.async_wait_until(deadline, asio::use_awaitable);
  } catch (const boost::system::system_error& e) {
    ec = e.code();
  }
  log.push_back({id, !ec});
}

TEST(wait_queue, notify_one_wakes_in_waiting_order) {
  context ctx;
  wait_queue q(ctx);
  std::vector<std::pair<int, bool>> log;
  for (int i = 0; i < 3; ++i) ctx.spawn("w" + std::to_string(i), waiter(q, seconds(100), i, log));
  ctx.schedule_at(seconds(1), [&](detail::fire_code) { q.notify_one(); });
  ctx.schedule_at(seconds(2), [&](detail::fire_code) { q.notify_one(); });
  const auto result = ctx.run();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0], (std::pair<int, bool>{0, true}));
  EXPECT_EQ(log[1], (std::pair<int, bool>{1, true}));
  EXPECT_EQ(log[2], (std::pair<int, bool>{2, false}));  // timed out at its deadline
  EXPECT_EQ(result.end_time, seconds(100));
}

TEST(wait_queue, timed_out_waiters_are_skipped_by_notify) {
  context ctx;
  wait_queue q(ctx);
  std::vector<std::pair<int, bool>> log;
  ctx.spawn("short", waiter(q, seconds(1), 0, log));
  ctx.spawn("long", waiter(q, seconds(50), 1, log));
  ctx.schedule_at(seconds(5), [&](detail::fire_code) { EXPECT_TRUE(q.notify_one()); });
  ctx.run();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], (std::pair<int, bool>{0, false}));
  EXPECT_EQ(log[1], (std::pair<int, bool>{1, true}));
}

}  // namespace
}  // namespace slsim::sim
