// Handler time in the public API: ctx.now() is virtual epoch time (what Date.now() would
// return), ctx.async_busy(d) spends virtual time inside the invocation and is an await
// point, and remaining_time() never goes below 0.
#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/queue/messages.hpp"

namespace slsim {
namespace {

using namespace std::chrono_literals;

struct observations {
  std::vector<std::chrono::system_clock::time_point> before, after;
  std::vector<std::chrono::milliseconds> remaining_after;
};
observations seen;
std::chrono::nanoseconds busy_for = 1500ms;

asio::awaitable<batch_response> busy_handler(const sqs_event& event, lambda_context& ctx) {
  seen.before.push_back(ctx.now());
  co_await ctx.async_busy(busy_for);
  seen.after.push_back(ctx.now());
  seen.remaining_after.push_back(ctx.remaining_time());
  batch_response response;
  for (const auto& r : event.records) response.batch_item_failures.push_back({r.message_id});  // nothing is written
  co_return response;
}

const handler_definition& busy_definition() {
  static const handler_definition h{
      .name = "busy", .summary = "", .must_violate = "", .init = {}, .typed = &busy_handler, .raw = {}};
  return h;
}

pipeline::scenario small_scenario() {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.arrival.requests = 3;
  s.clients.retry.late_retry_probability = 0;
  s.queue.redrive_policy.max_receive_count = 1;
  return s;
}

TEST(handler_time, now_is_virtual_epoch_time_and_async_busy_spends_virtual_time) {
  seen = {};
  busy_for = 1500ms;
  const auto out = pipeline::run_case(small_scenario(), busy_definition(), {.seed = 3});
  ASSERT_FALSE(seen.before.empty());
  const auto epoch = std::chrono::system_clock::time_point(std::chrono::milliseconds(queue::k_epoch_ms));
  for (std::size_t i = 0; i < seen.before.size(); ++i) {
    EXPECT_GE(seen.before[i], epoch);
    EXPECT_LT(seen.before[i], epoch + 1h);  // virtual time, not the wall clock (years later)
    EXPECT_EQ(seen.after[i] - seen.before[i], 1500ms);
    EXPECT_EQ(seen.remaining_after[i], 1500ms);  // 3 s timeout, 1.5 s spent (no store calls)
  }
  // The busy time is the invocation's: it is billed.
  EXPECT_GE(out.runtime.billed_duration, static_cast<sim::time_ns>(seen.before.size()) * sim::milliseconds(1500));
}

TEST(handler_time, busy_past_the_timeout_is_cut_as_a_timeout) {  // L5
  seen = {};
  busy_for = 5s;
  const auto out = pipeline::run_case(small_scenario(), busy_definition(), {.seed = 3});
  EXPECT_FALSE(seen.before.empty());
  EXPECT_TRUE(seen.after.empty());  // never resumed: cut at the 3 s timeout
  EXPECT_EQ(out.runtime.timeouts, out.runtime.invocations);
}

TEST(handler_time, remaining_time_is_clamped_at_zero_past_the_deadline) {
  // The simulated deadline is 3 s; ask with a hooks clock 10 s later.
  struct late_hooks final : handler_hooks {
    void log(std::uint64_t, std::string_view) override {}
    bool buggify(std::string_view) override { return false; }
    std::chrono::nanoseconds now() const override { return 10s; }
  } hooks;
  struct no_clock final : handler_clock {
    std::chrono::system_clock::time_point now() const override { return {}; }
    void wait(std::chrono::nanoseconds, boost::asio::any_completion_handler<busy_signature>) override {}
  } clock;
  environment_state state;
  const std::map<std::string, std::string> vars;
  struct null_store final : store_client {
    void execute(store_operation, boost::asio::any_completion_handler<store_signature>) override {}
  } store;
  lambda_context ctx(store, state, hooks, {}, 3s, vars, {}, clock);
  EXPECT_EQ(ctx.remaining_time(), 0ms);
}

}  // namespace
}  // namespace slsim
