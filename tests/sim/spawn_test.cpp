// Spawning, failures, quiescence, daemons, hang guards and the real-I/O tripwire.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"
#include "slsim/sim/wait_queue.hpp"

namespace slsim::sim {
namespace {

bool has_failure(const run_result& r, run_status kind, const std::string& task, const std::string& text) {
  for (const auto& f : r.failures)
    if (f.kind == kind && f.task == task && f.message.find(text) != std::string::npos) return true;
  return false;
}

TEST(spawn, escaped_exception_fails_the_run_naming_the_coroutine) {
  context ctx;
  ctx.spawn("invocation-7", [](context& c) -> asio::awaitable<void> {
    co_await async_sleep_for(c, milliseconds(5), asio::use_awaitable);
    throw std::runtime_error("handler failed");
  }(ctx));
  const auto result = ctx.run();
  EXPECT_EQ(result.status, run_status::failed);
  EXPECT_TRUE(has_failure(result, run_status::failed, "invocation-7", "handler failed")) << result.describe();
  EXPECT_EQ(result.failures.front().at, milliseconds(5));
}

TEST(spawn, steady_timer_on_the_sim_executor_fails_the_run_clearly) {
  context ctx;
  ctx.spawn("misuse", []() -> asio::awaitable<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::hours(1));
    co_await t.async_wait(asio::use_awaitable);
  }());
  const auto result = ctx.run();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has_failure(result, run_status::real_io, "main", "real Asio I/O object")) << result.describe();
  EXPECT_TRUE(has_failure(result, run_status::deadlock, "misuse", "deadlock")) << result.describe();
}

TEST(spawn, suspended_work_at_quiescence_is_reported_as_deadlock) {
  context ctx;
  wait_queue never_notified(ctx);
  ctx.spawn("stuck-consumer", [](wait_queue& q) -> asio::awaitable<void> {
    co_await q.async_wait_until(k_never, asio::use_awaitable);
  }(never_notified));
  ctx.spawn("finishes", [](context& c) -> asio::awaitable<void> {
    co_await async_sleep_for(c, seconds(1), asio::use_awaitable);
  }(ctx));
  const auto result = ctx.run();
  EXPECT_EQ(result.status, run_status::deadlock);
  EXPECT_TRUE(has_failure(result, run_status::deadlock, "stuck-consumer", "deadlock")) << result.describe();
  EXPECT_FALSE(has_failure(result, run_status::deadlock, "finishes", "deadlock"));
  EXPECT_EQ(result.end_time, seconds(1));
}

TEST(spawn, finished_tasks_records_are_reused_so_the_table_stays_at_the_live_count) {
  // A long run spawns a few tasks per request; the table holds those alive at once.
  context ctx;
  int finished = 0;
  ctx.spawn("arrivals", [](context& c, int& n) -> asio::awaitable<void> {
    for (int i = 0; i < 10'000; ++i) {
      c.spawn("request", [](context& c2, int& done) -> asio::awaitable<void> {
        co_await async_sleep_for(c2, milliseconds(3), asio::use_awaitable);  // three alive at once
        ++done;
      }(c, n));
      co_await async_sleep_for(c, milliseconds(1), asio::use_awaitable);
    }
  }(ctx, finished));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(finished, 10'000);
  EXPECT_LE(ctx.task_records(), 8u);
}

TEST(spawn, a_task_resumed_and_finished_inside_another_tasks_event_frees_its_record) {
  // A completion posted by one task resumes another inline, within the poster's event: the
  // resumed task finishes with no event of its own pending, so nothing would free it later.
  context ctx;
  int finished = 0;
  using resumer = std::function<void()>;
  ctx.spawn("pairs", [](context& c, int& n) -> asio::awaitable<void> {
    for (int i = 0; i < 1'000; ++i) {
      auto parked = std::make_shared<resumer>();
      c.spawn("waiter", [](resumer* slot, int& done) -> asio::awaitable<void> {
        co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
            [slot](auto handler) {
              auto held = std::make_shared<decltype(handler)>(std::move(handler));
              *slot = [held] { std::move (*held)(); };
            },
            asio::use_awaitable);
        ++done;
      }(parked.get(), n));
      c.spawn("waker", [](context& c2, std::shared_ptr<resumer> slot) -> asio::awaitable<void> {
        co_await async_sleep_for(c2, milliseconds(1), asio::use_awaitable);
        // Moved out first: resuming the waiter ends it, and nothing may run from a slot freed meanwhile.
        c2.post([slot] { std::exchange(*slot, nullptr)(); });
      }(c, parked));
      co_await async_sleep_for(c, milliseconds(2), asio::use_awaitable);
    }
  }(ctx, finished));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(finished, 1'000);
  EXPECT_LE(ctx.task_records(), 8u);
}

TEST(spawn, deadlocks_are_reported_in_spawn_order_when_records_are_reused) {
  // Records freed early are reused by later tasks, so record order is not spawn order.
  context ctx;
  wait_queue never_notified(ctx);
  ctx.spawn("short-1",
            [](context& c) -> asio::awaitable<void> { co_await async_sleep_for(c, 1, asio::use_awaitable); }(ctx));
  ctx.spawn("short-2",
            [](context& c) -> asio::awaitable<void> { co_await async_sleep_for(c, 1, asio::use_awaitable); }(ctx));
  ctx.spawn("stuck-a", [](wait_queue& q) -> asio::awaitable<void> {
    co_await q.async_wait_until(k_never, asio::use_awaitable);
  }(never_notified));
  ctx.spawn("later", [](context& c, wait_queue& q) -> asio::awaitable<void> {
    co_await async_sleep_for(c, seconds(1), asio::use_awaitable);
    for (const char* name : {"stuck-b", "stuck-c"})
      c.spawn(name, [](wait_queue& q2) -> asio::awaitable<void> {
        co_await q2.async_wait_until(k_never, asio::use_awaitable);
      }(q));
  }(ctx, never_notified));
  const auto result = ctx.run();
  std::vector<std::string> stuck;
  for (const auto& f : result.failures)
    if (f.kind == run_status::deadlock) stuck.push_back(f.task);
  EXPECT_EQ(stuck, (std::vector<std::string>{"stuck-a", "stuck-b", "stuck-c"})) << result.describe();
  EXPECT_LE(ctx.task_records(), 5u);  // main, stuck-a, later, and stuck-b/c in the two short tasks' records
}

TEST(spawn, daemon_loop_does_not_keep_the_run_alive_and_is_cancelled) {
  context ctx;
  int ticks = 0;
  bool work_done = false;
  ctx.spawn(
      "poller",
      [](context& c, int& n) -> asio::awaitable<void> {
        for (;;) {
          co_await async_sleep_for(c, seconds(20), asio::use_awaitable);
          ++n;
        }
      }(ctx, ticks),
      task_kind::daemon);
  ctx.spawn("work", [](context& c, bool& done) -> asio::awaitable<void> {
    co_await async_sleep_for(c, seconds(65), asio::use_awaitable);
    done = true;
  }(ctx, work_done));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_TRUE(work_done);
  EXPECT_EQ(ticks, 3);                      // at 20, 40, 60 s; cancelled at 65 s
  EXPECT_EQ(result.end_time, seconds(65));  // the daemon's 80 s wake-up never happened
}

TEST(spawn, daemon_that_fails_before_shutdown_is_a_failure) {
  context ctx;
  ctx.spawn(
      "scaler",
      [](context& c) -> asio::awaitable<void> {
        co_await async_sleep_for(c, seconds(1), asio::use_awaitable);
        throw std::logic_error("scaler bug");
      }(ctx),
      task_kind::daemon);
  ctx.spawn("work", [](context& c) -> asio::awaitable<void> {
    co_await async_sleep_for(c, seconds(2), asio::use_awaitable);
  }(ctx));
  const auto result = ctx.run();
  EXPECT_TRUE(has_failure(result, run_status::failed, "scaler", "scaler bug")) << result.describe();
}

TEST(spawn, spinning_coroutine_trips_the_event_budget) {
  context ctx;
  ctx.spawn("spinner", [](context& c) -> asio::awaitable<void> {
    for (;;) co_await async_sleep_for(c, 0, asio::use_awaitable);
  }(ctx));
  run_limits limits;
  limits.max_events = 10'000;
  const auto result = ctx.run(limits);
  EXPECT_EQ(result.status, run_status::event_budget);
  EXPECT_TRUE(result.hang());
  EXPECT_TRUE(has_failure(result, run_status::event_budget, "spinner", "event budget")) << result.describe();
  EXPECT_EQ(result.end_time, 0);  // it never left the instant it spun at
}

TEST(spawn, a_context_runs_once) {
  context ctx;
  ctx.run();
  EXPECT_THROW(ctx.run(), std::logic_error);
}

TEST(spawn, context_of_rejects_foreign_executors) {
  asio::io_context io;
  EXPECT_THROW(context_of(asio::any_io_executor(io.get_executor())), std::logic_error);
}

}  // namespace
}  // namespace slsim::sim
