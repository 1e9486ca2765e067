// PCT over the tasks it schedules (sim/pct.hpp): within the window the highest-priority
// task runs first, priorities are shuffled by the seed and replay, change points hand the
// run to another task, no event runs more than the window late, other tasks' events are
// never delayed, and depth 0 leaves the run exactly as without PCT.
#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <vector>

#include "slsim/sim/context.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::sim {
namespace {

constexpr event_kind k_step{"test", "step", {"task", "index"}};

struct step {
  char task;
  time_ns due;
  time_ns ran;
};

asio::awaitable<void> stepper(context& ctx, char name, int steps, time_ns period, std::vector<step>& out) {
  for (int i = 0; i < steps; ++i) {
    const time_ns due = ctx.now() + period;
    co_await async_sleep_for(ctx, period, asio::use_awaitable);
    out.push_back({name, due, ctx.now()});
    ctx.emit({.kind = &k_step, .ids = {static_cast<std::uint64_t>(name), static_cast<std::uint64_t>(i), 0, 0}});
  }
}

struct pct_run {
  std::string order;  // the scheduled tasks' steps, in the order they ran
  std::vector<step> steps;
  std::uint64_t hash = 0;
};

// Tasks A and B (scheduled by PCT) step every 1 ms; task o (not scheduled) every 3 ms.
pct_run run_two(std::uint32_t depth, time_ns window, std::uint64_t seed, bool enable = true) {
  context ctx(tie_order::fifo, rng_source(seed).stream("scheduler"));
  if (enable) ctx.enable_pct({.depth = depth, .window = window, .steps = 12}, rng_source(seed).stream("pct"), "inv");
  pct_run r;
  ctx.spawn("inv", stepper(ctx, 'A', 6, milliseconds(1), r.steps));
  ctx.spawn("inv", stepper(ctx, 'B', 6, milliseconds(1), r.steps));
  ctx.spawn("other", stepper(ctx, 'o', 3, milliseconds(3), r.steps));
  r.hash = ctx.run().trace_hash;
  for (const auto& s : r.steps)
    if (s.task != 'o') r.order += s.task;
  return r;
}

int switches(const std::string& order) {
  int n = 0;
  for (std::size_t i = 1; i < order.size(); ++i) n += order[i] != order[i - 1];
  return n;
}

TEST(pct, depth_zero_leaves_the_run_as_without_pct) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed)
    EXPECT_EQ(run_two(0, milliseconds(20), seed).hash, run_two(0, 0, seed, false).hash) << "seed " << seed;
}

TEST(pct, without_pct_concurrent_steps_interleave) { EXPECT_EQ(run_two(0, 0, 1, false).order, "ABABABABABAB"); }

TEST(pct, depth_one_runs_the_higher_priority_task_first_within_the_window) {
  bool a_first = false, b_first = false;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto r = run_two(1, milliseconds(20), seed);
    ASSERT_TRUE(r.order == "AAAAAABBBBBB" || r.order == "BBBBBBAAAAAA") << "seed " << seed << ": " << r.order;
    a_first |= r.order.front() == 'A';
    b_first |= r.order.front() == 'B';
    EXPECT_EQ(r.hash, run_two(1, milliseconds(20), seed).hash) << "replay of seed " << seed;
  }
  EXPECT_TRUE(a_first && b_first) << "the priorities are not shuffled by the seed";
}

TEST(pct, a_zero_window_orders_only_same_instant_events_by_priority) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto order = run_two(1, 0, seed).order;
    EXPECT_TRUE(order == "ABABABABABAB" || order == "BABABABABABA") << "seed " << seed << ": " << order;
  }
}

TEST(pct, change_points_hand_the_run_to_the_other_task) {
  int handed_over = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed)
    handed_over += switches(run_two(2, milliseconds(20), seed).order) > 1;
  EXPECT_GT(handed_over, 5) << "depth 2 never lowered the running task mid-way";
}

TEST(pct, no_event_runs_more_than_the_window_late_and_other_tasks_are_never_late) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    for (std::uint32_t depth : {1u, 2u, 3u}) {
      const time_ns window = milliseconds(4);
      const auto r = run_two(depth, window, seed);
      for (const auto& s : r.steps) {
        if (s.task == 'o')
          EXPECT_EQ(s.ran, s.due) << "seed " << seed;
        else
          EXPECT_LE(s.ran - s.due, window) << "seed " << seed << " task " << s.task;
        EXPECT_GE(s.ran, s.due);
      }
    }
}

}  // namespace
}  // namespace slsim::sim
