// The synchronous handler form (slsim/sync_handler.hpp): blocking-style store calls on a
// stackful coroutine, in virtual time, deterministic. Not built under the sanitizers.
#include <gtest/gtest.h>

#include <boost/system/system_error.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/order_writes.hpp"
#include "slsim/faults/fault_plan.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/sync_handler.hpp"

namespace slsim {
namespace {

// The reference handler's logic written synchronously.
batch_response handle_orders(const sqs_event& event, sync_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = examples::parse_order(record.body);
    if (!o || o->poison) {
      response.batch_item_failures.push_back({record.message_id});  // L13: rejected permanently
      continue;
    }
    boost::system::error_code ec;
    const auto result = ctx.transact_write_items(examples::record_order(*o, "results", "totals"), ec);
    if (ec && !examples::already_recorded(ec, result)) response.batch_item_failures.push_back({record.message_id});
    ctx.log(ec ? "already recorded or retry" : "recorded");
  }
  return response;
}

const handler_definition& sync_orders() {
  static const handler_definition h{.name = "sync_orders",
                                    .summary = "",
                                    .must_violate = "",
                                    .init = {},
                                    .typed = synchronous(&handle_orders),
                                    .raw = {}};
  return h;
}

batch_response throw_on_first(const sqs_event&, sync_context& ctx) {
  (void)ctx.get_item(store::get_request{.table = "results", .key = {{"pk", store::attribute_value::s("nothing")}}});
  throw std::runtime_error("boom");
}

TEST(sync_handler, holds_every_property_under_faults_like_the_coroutine_form) {
  const nlohmann::json base = pipeline::builtin_scenario();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const auto c = properties::generate_case(base, seed, {});
    const auto r = properties::run_and_check(c, sync_orders());
    ASSERT_TRUE(r.result.ok()) << "seed " << seed << ": " << properties::describe_case(c) << "\n"
                               << (r.result.primary() ? r.result.primary()->detail : std::string());
    EXPECT_GT(r.outcome.store_calls, 0u);
  }
}

TEST(sync_handler, the_builtin_sync_form_holds_every_property_over_100_generated_cases) {
  // correct/sync_form: the reference's whole contract (FIFO groups included) in this form.
  const auto* h = examples::find_builtin("correct/sync_form");
  ASSERT_NE(h, nullptr);
  const nlohmann::json base = pipeline::builtin_scenario();
  std::uint64_t store_calls = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const auto c = properties::generate_case(base, seed, {});
    const auto r = properties::run_and_check(c, *h);
    ASSERT_TRUE(r.result.ok()) << "seed " << seed << ": " << properties::describe_case(c) << "\n"
                               << (r.result.primary() ? r.result.primary()->detail : std::string());
    store_calls += r.outcome.store_calls;
  }
  EXPECT_GT(store_calls, 100u);
}

TEST(sync_handler, a_seed_replays_to_the_same_trace_hash) {
  const auto c = properties::generate_case(nlohmann::json(pipeline::builtin_scenario()), 7, {});
  const auto a = properties::run_and_check(c, sync_orders());
  const auto b = properties::run_and_check(c, sync_orders());
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  auto other = c;
  other.seed = 8;
  EXPECT_NE(properties::run_and_check(other, sync_orders()).trace_hash, a.trace_hash);
}

TEST(sync_handler, an_exception_fails_the_whole_batch) {  // L1
  static const handler_definition thrower{.name = "sync_thrower",
                                          .summary = "",
                                          .must_violate = "",
                                          .init = {},
                                          .typed = synchronous(&throw_on_first),
                                          .raw = {}};
  properties::case_spec c;
  c.seed = 3;
  c.scenario = pipeline::apply_settings(nlohmann::json(pipeline::builtin_scenario()),
                                        {"clients.arrival.requests=5", "clients.retry.late_retry_probability=0"});
  const auto r = properties::run_and_check(c, thrower);
  EXPECT_GT(r.outcome.runtime.errors, 0u);
  EXPECT_EQ(r.outcome.runtime.successes, 0u);
  EXPECT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();  // the simulated world itself did not fail
}

TEST(sync_handler, survives_a_crash_injected_at_every_await_point_before_or_after_its_call) {
  // A crash at an await point used to unwind the stackful coroutine while the runtime's
  // posted cancellation still pointed into it (SIGSEGV, reported against the handler).
  const auto base = pipeline::apply_settings(
      nlohmann::json(pipeline::builtin_scenario()),
      {"clients.arrival.requests=8", "clients.retry.late_retry_probability=0", "esm.maximum_batching_window_s=1"});
  int crashes = 0;
  for (std::uint32_t invocation = 1; invocation <= 3; ++invocation)
    for (std::uint32_t point = 1; point <= 6; ++point)
      for (bool after : {false, true}) {
        properties::case_spec c;
        c.seed = 11;
        c.scenario = base;
        c.plan.faults = {faults::fault{
            .kind = faults::fault_kind::handler_crash, .nth = invocation, .point = point, .after = after}};
        const auto r = properties::run_and_check(c, sync_orders());
        ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
        EXPECT_TRUE(r.result.ok()) << faults::describe(c.plan.faults[0]) << ": "
                                   << (r.result.primary() ? r.result.primary()->detail : std::string());
        crashes += static_cast<int>(r.outcome.runtime.crashes);
      }
  EXPECT_GT(crashes, 10);  // the crashes did land
}

TEST(sync_handler, a_timeout_during_a_store_call_stops_its_retries) {  // MD5
  // A throttle burst longer than the 3 s timeout: the invocation is cut while the SDK
  // backs off; no attempt of its leaves after the cut.
  properties::case_spec c;
  c.seed = 5;
  c.scenario = pipeline::apply_settings(nlohmann::json(pipeline::builtin_scenario()),
                                        {"clients.arrival.requests=3", "clients.retry.late_retry_probability=0",
                                         "store.retry.preset=\"aws_sdk_cpp\"", "function.reserved_concurrency=1"});
  c.plan.faults = {faults::fault{.kind = faults::fault_kind::store_throttle, .nth = 1, .count = 30}};
  const auto r = properties::run_and_check(c, sync_orders());
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_TRUE(r.result.ok()) << (r.result.primary() ? r.result.primary()->detail : std::string());
  EXPECT_GT(r.outcome.runtime.timeouts, 0u);
}

}  // namespace
}  // namespace slsim
