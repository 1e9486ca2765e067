// Long polling in virtual time (S4): returns as soon as a message is available.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "queue_test_support.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::queue::testing {
namespace {

namespace asio = boost::asio;
using sim::seconds;

struct poll_outcome {
  std::error_code ec;
  std::vector<received_message> messages;
  sim::time_ns at = -1;
};

asio::awaitable<void> poll(queue_service& svc, std::string q, int wait, poll_outcome& out) {
  receive_request r;
  r.max_number_of_messages = 10;
  r.wait_time_s = wait;
  auto [ec, ms] = co_await svc.async_receive_message(q, r, asio::as_tuple(asio::use_awaitable));
  out = {ec, std::move(ms), svc.context().now()};
}

TEST(queue_long_poll, returns_as_soon_as_a_message_arrives) {  // S4
  harness h;
  h.svc.create_queue(h.standard("q"));
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "q", 20, out));
  h.at(seconds(3), [&] { h.send("q", "a"); });
  ASSERT_TRUE(h.run().ok());
  EXPECT_FALSE(out.ec);
  EXPECT_EQ(out.at, seconds(3));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].body, "a");
}

TEST(queue_long_poll, ends_empty_when_the_wait_expires) {  // S4
  harness h;
  h.svc.create_queue(h.standard("q"));
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "q", 20, out));
  h.at(seconds(21), [&] { h.send("q", "late"); });
  ASSERT_TRUE(h.run().ok());
  EXPECT_FALSE(out.ec);
  EXPECT_EQ(out.at, seconds(20));
  EXPECT_TRUE(out.messages.empty());
}

TEST(queue_long_poll, wakes_when_a_visibility_timeout_expires) {  // S4, S5
  harness h;
  h.svc.create_queue(h.standard("q", 7));
  h.send("q", "a");
  ASSERT_EQ(h.receive("q").size(), 1u);
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "q", 20, out));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(out.at, seconds(7));
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].receive_count, 2);
}

TEST(queue_long_poll, wakes_when_visibility_is_shortened) {  // S4, S6
  harness h;
  h.svc.create_queue(h.standard("q", 100));
  h.send("q", "a");
  const std::string handle = h.receive("q").at(0).receipt_handle;
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "q", 20, out));
  h.at(seconds(2), [&] { h.svc.change_message_visibility("q", handle, 3); });
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(out.at, seconds(5));
  EXPECT_EQ(out.messages.size(), 1u);
}

TEST(queue_long_poll, two_pollers_share_arrivals_in_waiting_order) {  // S4
  harness h;
  h.svc.create_queue(h.standard("q"));
  poll_outcome first, second;
  h.ctx.spawn("p1", poll(h.svc, "q", 20, first));
  h.ctx.spawn("p2", poll(h.svc, "q", 20, second));
  h.at(seconds(1), [&] { h.send("q", "a"); });
  h.at(seconds(2), [&] { h.send("q", "b"); });
  ASSERT_TRUE(h.run().ok());
  ASSERT_EQ(first.messages.size(), 1u);
  ASSERT_EQ(second.messages.size(), 1u);
  EXPECT_EQ(first.messages[0].body, "a");
  EXPECT_EQ(second.messages[0].body, "b");
  EXPECT_EQ(second.at, seconds(2));
}

TEST(queue_long_poll, daemon_poller_is_cancelled_at_quiescence) {  // S4 (kernel daemons)
  harness h;
  h.svc.create_queue(h.standard("q"));
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "q", 20, out), sim::task_kind::daemon);
  const auto result = h.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(out.ec, std::errc::operation_canceled);  // as the store completes a cancelled call
  EXPECT_EQ(result.end_time, 0);
}

TEST(queue_long_poll, unknown_queue_completes_with_queue_does_not_exist) {
  harness h;
  poll_outcome out;
  h.ctx.spawn("poller", poll(h.svc, "nope", 20, out));
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(out.ec, queue_errc::queue_does_not_exist);
}

}  // namespace
}  // namespace slsim::queue::testing
