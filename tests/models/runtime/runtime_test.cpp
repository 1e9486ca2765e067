// lambda_runtime: environments, concurrency, timeouts with kill lag, crashes, billing
// (L5, L11, MD5, MD11), driven through the public facade with a small function_code.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <stdexcept>

#include "slsim/runtime/judge.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::runtime {
namespace {

namespace asio = boost::asio;

/// Sleeps `steps` times `step`, counting an effect after each sleep; may throw at the end.
struct test_code final : function_code {
  int steps = 1;
  sim::time_ns step = sim::milliseconds(100);
  bool throw_error = false;
  int inits = 0;
  int effects = 0;
  int invocations_started = 0;
  std::map<std::uint64_t, int> per_environment;  // the handler-visible warm state
  std::vector<sim::time_ns> remaining_at_start;

  asio::awaitable<void> init(environment_info& env) override {
    ++inits;
    per_environment[env.environment_id] = 0;
    co_return;
  }

  asio::awaitable<invocation_output> invoke(const sqs_event&, invocation_info& info) override {
    ++invocations_started;
    ++per_environment.at(info.environment_id());
    remaining_at_start.push_back(info.remaining_time());
    for (int i = 0; i < steps; ++i) {
      info.await_point();
      co_await sim::async_sleep_for(info.context(), step, asio::use_awaitable);
      ++effects;
    }
    if (throw_error) throw std::runtime_error("boom");
    co_return batch_response{};
  }
};

sqs_event one_message(const std::string& id) {
  sqs_message m;
  m.message_id = id;
  m.body = "{}";
  return sqs_event{{m}};
}

asio::awaitable<void> invoke_at(sim::context& ctx, lambda_runtime& rt, sim::time_ns at,
                                std::vector<invoke_outcome>& out) {
  co_await sim::async_sleep_until(ctx, at, asio::use_awaitable);
  out.push_back(co_await rt.async_invoke(one_message("m"), asio::use_awaitable));
}

/// Runs invocations starting at the given instants and returns their outcomes in completion order.
std::vector<invoke_outcome> run_invocations(function_config config, test_code& code, std::vector<sim::time_ns> starts,
                                            std::uint64_t* trace_hash = nullptr,
                                            metrics::registry* registry = nullptr) {
  sim::context ctx;
  lambda_runtime rt(ctx, sim::rng(1), std::move(config), code, registry);
  std::vector<invoke_outcome> out;
  for (auto t : starts) ctx.spawn("caller", invoke_at(ctx, rt, t, out));
  const auto result = ctx.run();
  EXPECT_TRUE(result.ok()) << result.describe();
  if (trace_hash) *trace_hash = result.trace_hash;
  return out;
}

TEST(lambda_runtime, init_runs_once_per_environment_and_warm_invocations_reuse_it) {
  test_code code;
  const auto out = run_invocations({}, code, {0, sim::seconds(1), sim::seconds(2)});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(code.inits, 1);
  EXPECT_TRUE(out[0].cold);
  EXPECT_FALSE(out[1].cold);
  EXPECT_FALSE(out[2].cold);
  EXPECT_EQ(out[1].environment_id, out[0].environment_id);
  EXPECT_EQ(code.per_environment.at(out[0].environment_id), 3);  // warm state survived
}

TEST(lambda_runtime, concurrent_invocations_get_their_own_environments) {
  test_code code;
  const auto out = run_invocations({}, code, {0, 0});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(code.inits, 2);
  EXPECT_NE(out[0].environment_id, out[1].environment_id);
  EXPECT_TRUE(out[0].cold && out[1].cold);
}

TEST(lambda_runtime, invocation_beyond_reserved_concurrency_is_throttled_and_never_runs) {  // L11
  test_code code;
  function_config config;
  config.reserved_concurrency = 1;
  const auto out = run_invocations(config, code, {0, sim::milliseconds(10)});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, invoke_status::throttled);  // completes at once, first
  EXPECT_EQ(out[0].environment_id, 0u);
  EXPECT_EQ(out[1].status, invoke_status::ok);
  EXPECT_EQ(code.invocations_started, 1);
}

TEST(lambda_runtime, reserved_concurrency_zero_throttles_everything) {  // L11
  test_code code;
  function_config config;
  config.reserved_concurrency = 0;
  const auto out = run_invocations(config, code, {0, sim::seconds(5)});
  ASSERT_EQ(out.size(), 2u);
  for (const auto& o : out) EXPECT_EQ(o.status, invoke_status::throttled);
  EXPECT_EQ(code.invocations_started, 0);
}

TEST(lambda_runtime, timeout_cuts_the_handler_and_earlier_effects_persist) {  // L5, MD5
  test_code code;
  code.steps = 5;
  code.step = sim::milliseconds(300);
  function_config config;
  config.timeout_s = 1;
  config.init_duration = models::duration_dist::constant(200);
  const auto out = run_invocations(config, code, {0, sim::seconds(10)});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, invoke_status::timeout);
  EXPECT_EQ(out[0].duration, sim::seconds(1));
  EXPECT_EQ(out[0].billed_duration, sim::milliseconds(1200));  // up to the timeout, plus INIT (MD18)
  // Effects at 0.3, 0.6, 0.9 s persisted; the step that would end at 1.2 s was cut.
  EXPECT_EQ(code.effects, 3 + 3);
  EXPECT_TRUE(out[1].cold);  // the timed-out environment was discarded
  EXPECT_EQ(code.inits, 2);
}

TEST(lambda_runtime, kill_lag_lets_the_handler_run_past_the_timeout) {  // MD5
  test_code code;
  code.steps = 5;
  code.step = sim::milliseconds(300);
  function_config config;
  config.timeout_s = 1;
  config.kill_lag_ms = 250;  // cut at 1.25 s: the effect at 1.2 s happens, still a timeout
  const auto out = run_invocations(config, code, {0});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, invoke_status::timeout);
  EXPECT_EQ(code.effects, 4);
}

TEST(lambda_runtime, crash_at_an_await_point_keeps_earlier_effects_and_discards_the_environment) {
  test_code code;
  code.steps = 3;
  sim::context ctx;
  lambda_runtime rt(ctx, sim::rng(1), {}, code);
  rt.crash_next_invocation(crash_point::at(2));
  std::vector<invoke_outcome> out;
  ctx.spawn("a", invoke_at(ctx, rt, 0, out));
  ctx.spawn("b", invoke_at(ctx, rt, sim::seconds(5), out));
  const auto result = ctx.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, invoke_status::crash);
  EXPECT_EQ(out[0].duration, sim::milliseconds(100));  // died at the 2nd await point
  EXPECT_EQ(out[1].status, invoke_status::ok);
  EXPECT_TRUE(out[1].cold);
  EXPECT_EQ(code.effects, 1 + 3);
  EXPECT_EQ(rt.stats().crashes, 1u);
}

TEST(lambda_runtime, crash_before_return_discards_a_finished_result) {
  test_code code;
  code.steps = 2;
  sim::context ctx;
  lambda_runtime rt(ctx, sim::rng(1), {}, code);
  rt.crash_next_invocation(crash_point::before_return());
  std::vector<invoke_outcome> out;
  ctx.spawn("a", invoke_at(ctx, rt, 0, out));
  ASSERT_TRUE(ctx.run().ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, invoke_status::crash);
  EXPECT_EQ(code.effects, 2);
  EXPECT_EQ(judge_invocation(out[0], std::vector<std::string>{"m"}, true).kind, verdict_kind::complete_failure);
}

TEST(lambda_runtime, handler_exception_is_an_error_and_the_environment_stays_warm) {  // L1
  test_code code;
  code.throw_error = true;
  const auto out = run_invocations({}, code, {0, sim::seconds(1)});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, invoke_status::handler_error);
  EXPECT_EQ(out[0].error, "boom");
  EXPECT_FALSE(out[1].cold);
}

TEST(lambda_runtime, billing_rounds_up_to_the_millisecond) {  // MD11
  test_code code;
  code.step = sim::microseconds(100'500);
  function_config config;
  config.memory_mb = 1024;
  config.init_duration = models::duration_dist::constant(0);  // no INIT to bill (MD18)
  const auto out = run_invocations(config, code, {0});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].duration, sim::microseconds(100'500));
  EXPECT_EQ(out[0].billed_duration, sim::milliseconds(101));
  EXPECT_DOUBLE_EQ(out[0].gb_seconds, 1.0 * 0.101);
}

TEST(lambda_runtime, remaining_time_starts_at_the_timeout) {  // L5
  test_code code;
  function_config config;
  config.timeout_s = 7;
  config.init_duration = models::duration_dist::constant(250);  // init time does not eat the handler's timeout
  const auto out = run_invocations(config, code, {0});
  ASSERT_EQ(code.remaining_at_start.size(), 1u);
  EXPECT_EQ(code.remaining_at_start[0], sim::seconds(7));
  EXPECT_EQ(out[0].init_duration, sim::milliseconds(250));
}

TEST(lambda_runtime, init_phase_is_billed_with_its_cold_invocation_only) {  // MD11, MD18
  test_code code;
  code.step = sim::microseconds(100'500);
  function_config config;
  config.memory_mb = 1024;
  config.init_duration = models::duration_dist::constant(300);
  const auto out = run_invocations(config, code, {0, sim::seconds(5)});
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].cold);
  EXPECT_EQ(out[0].init_duration, sim::milliseconds(300));
  EXPECT_EQ(out[0].billed_duration, sim::milliseconds(401));  // 300 ms INIT + 100.5 ms, rounded up
  EXPECT_DOUBLE_EQ(out[0].gb_seconds, 0.401);
  ASSERT_FALSE(out[1].cold);
  EXPECT_EQ(out[1].billed_duration, sim::milliseconds(101));
}

TEST(lambda_runtime, default_init_phase_is_a_managed_runtime_lognormal_drawn_per_environment) {  // MD32
  test_code code;
  function_config config;                    // default INIT: lognormal, median 250 ms
  std::vector<sim::time_ns> starts(400, 0);  // 400 concurrent cold starts
  const auto out = run_invocations(config, code, starts);
  ASSERT_EQ(out.size(), 400u);
  std::vector<double> init_ms;
  for (const auto& o : out) {
    ASSERT_TRUE(o.cold);
    init_ms.push_back(sim::to_seconds(o.init_duration) * 1000);
  }
  std::sort(init_ms.begin(), init_ms.end());
  EXPECT_NEAR(init_ms[200], 250, 40);         // the median
  EXPECT_GT(init_ms[396], 2 * init_ms[200]);  // a right tail: p99 ≈ 3.2 × the median
  EXPECT_LT(init_ms.back(), 10'000);
}

TEST(lambda_runtime, idle_environment_is_reclaimed_after_ten_minutes_by_default) {  // MD33
  test_code code;
  const auto warm = run_invocations({}, code, {0, sim::seconds(9 * 60)});
  ASSERT_EQ(warm.size(), 2u);
  EXPECT_FALSE(warm[1].cold);
  const auto cold = run_invocations({}, code, {0, sim::seconds(11 * 60)});
  ASSERT_EQ(cold.size(), 2u);
  EXPECT_TRUE(cold[1].cold);
  function_config never;
  never.environment_idle_timeout_s = 0;  // 0 keeps idle environments forever
  const auto kept = run_invocations(never, code, {0, sim::seconds(11 * 60)});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_FALSE(kept[1].cold);
}

TEST(lambda_runtime, environments_are_recycled_after_max_invocations) {
  test_code code;
  function_config config;
  config.environment_max_invocations = 2;
  const auto out = run_invocations(config, code, {0, sim::seconds(1), sim::seconds(2)});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[1].cold);
  EXPECT_TRUE(out[2].cold);
  EXPECT_EQ(code.inits, 2);
}

TEST(lambda_runtime, recycle_fault_makes_the_next_invocation_cold) {
  test_code code;
  sim::context ctx;
  lambda_runtime rt(ctx, sim::rng(1), {}, code);
  std::vector<invoke_outcome> out;
  ctx.spawn("a", invoke_at(ctx, rt, 0, out));
  ctx.spawn("b", invoke_at(ctx, rt, sim::seconds(2), out));
  ctx.schedule_at(sim::seconds(1), [&](sim::detail::fire_code) { rt.recycle_environments(); });
  ASSERT_TRUE(ctx.run().ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[1].cold);
  EXPECT_EQ(rt.stats().environments_recycled, 1u);
}

TEST(lambda_runtime, invalid_config_is_rejected_at_construction) {  // L5
  test_code code;
  sim::context ctx;
  function_config config;
  config.timeout_s = 0;
  EXPECT_THROW(lambda_runtime(ctx, sim::rng(1), config, code), models::config_error);
}

TEST(lambda_runtime, equal_runs_give_equal_trace_hashes) {
  test_code a;
  test_code b;
  b.step = sim::milliseconds(101);
  std::uint64_t h1 = 0, h2 = 0, h3 = 0;
  run_invocations({}, a, {0, 0, sim::seconds(1)}, &h1);
  test_code a2;
  run_invocations({}, a2, {0, 0, sim::seconds(1)}, &h2);
  run_invocations({}, b, {0, 0, sim::seconds(1)}, &h3);
  EXPECT_EQ(h1, h2);
  EXPECT_NE(h1, h3);
}

std::int64_t counted(const metrics::registry& r, const std::string& name) {
  metrics::counter c;
  EXPECT_TRUE(r.find_counter(name, c)) << name;
  return r.total(c);
}

TEST(runtime_metrics, count_invocations_cold_starts_throttles_successes_errors_and_timeouts) {  // L5, L11
  metrics::registry registry;
  test_code code;
  function_config one;
  one.reserved_concurrency = 1;
  // Two at once: one runs cold, the other is throttled (L11); a later one reuses the warm one.
  run_invocations(one, code, {0, 0, sim::seconds(1)}, nullptr, &registry);
  EXPECT_EQ(counted(registry, "runtime.invocations"), 2);
  EXPECT_EQ(counted(registry, "runtime.cold_starts"), 1);
  EXPECT_EQ(counted(registry, "runtime.throttles"), 1);
  EXPECT_EQ(counted(registry, "runtime.successes"), 2);
  EXPECT_EQ(counted(registry, "runtime.errors"), 0);

  metrics::registry failing;
  test_code thrower;
  thrower.throw_error = true;
  run_invocations({}, thrower, {0}, nullptr, &failing);
  EXPECT_EQ(counted(failing, "runtime.errors"), 1);
  EXPECT_EQ(counted(failing, "runtime.successes"), 0);

  metrics::registry slow;
  test_code sleeper;
  sleeper.steps = 40;  // 4 s of work against a 1 s timeout (L5)
  function_config short_timeout;
  short_timeout.timeout_s = 1;
  run_invocations(short_timeout, sleeper, {0}, nullptr, &slow);
  EXPECT_EQ(counted(slow, "runtime.timeouts"), 1);
  EXPECT_EQ(counted(slow, "runtime.crashes"), 0);
}

}  // namespace
}  // namespace slsim::runtime
