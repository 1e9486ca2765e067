// Figures measured from real runs of the pipeline with the reference handler.
#include <gtest/gtest.h>

#include <algorithm>

#include "slsim/examples/handlers.hpp"
#include "slsim/sweep/run_point.hpp"

namespace slsim::sweep {
namespace {

sweep_spec spec_with(std::vector<axis> axes, const std::vector<std::string>& fixed) {
  sweep_spec s;
  nlohmann::json base = pipeline::builtin_scenario();
  s.scenario = pipeline::apply_settings(base, fixed);
  s.axes = std::move(axes);
  s.seeds = 2;
  return s;
}

TEST(check_points, settings_aws_rejects_are_invalid_with_field_and_fact) {
  // L6: function timeout 3 s > visibility 2 s; L2: batch size 20 without a window.
  const auto s = spec_with(
      {make_axis("-a", "esm.batch_size", "10,20"), make_axis("-b", "queue.visibility_timeout_s", "2,30")}, {});
  const auto status = check_points(s);
  ASSERT_EQ(status.size(), 4u);
  EXPECT_FALSE(status[0].valid);
  EXPECT_NE(status[0].reason.find("/function/timeout_s"), std::string::npos) << status[0].reason;
  EXPECT_NE(status[0].reason.find("L6"), std::string::npos);
  EXPECT_TRUE(status[1].valid);
  EXPECT_FALSE(status[3].valid);
  EXPECT_NE(status[3].reason.find("/esm/maximum_batching_window_s"), std::string::npos) << status[3].reason;
  EXPECT_NE(status[3].reason.find("L2"), std::string::npos);
}

TEST(measure, throttled_pollers_push_valid_messages_to_the_dlq_with_cause_throttle) {
  // P2: reserved concurrency 1 under five pollers; slow store calls keep the one
  // environment busy, throttled batches outlive their visibility and come back counted.
  const auto s =
      spec_with({make_axis("-r", "function.reserved_concurrency", "1,20")},
                {"clients.arrival.requests=200", "clients.arrival.rate_per_s=50",
                 "queue.redrive_policy.max_receive_count=2", "store.latency.fixed_ms=300", "esm.batch_size=1"});
  const auto& handler = examples::reference_handler();
  const auto starved = run_sweep_case(s, 0, 1, handler);
  const auto roomy = run_sweep_case(s, 1, 1, handler);
  EXPECT_GT(starved[metric::false_dlq], 0);
  EXPECT_GT(starved.false_dlq_causes.at("throttle"), 0u);
  EXPECT_GT(starved[metric::throttled], 0);
  EXPECT_EQ(roomy[metric::false_dlq], 0);
  EXPECT_TRUE(roomy.properties_held);
  EXPECT_GT(starved[metric::latency_p99_s], roomy[metric::latency_p99_s]);
}

TEST(measure, without_an_expected_function_poison_requests_in_the_dlq_are_not_false_dlq) {
  // With no `effects.expected`, whether a message should have been processed comes from its
  // request's kind in the gateway ledger, looked up by the client's requestId: a poison
  // order that reaches the DLQ is where it belongs, not a false DLQ entry.
  const auto s = spec_with({make_axis("-a", "esm.batch_size", "1")},
                           {"effects.expected=\"\"", "clients.arrival.requests=40", "clients.mix.valid=0",
                            "clients.mix.poison=1", "clients.mix.invalid=0", "clients.mix.oversized=0",
                            "clients.mix.unauthenticated=0", "queue.redrive_policy.max_receive_count=1"});
  // A handler that throws on poison: the messages come back as handler errors, not reported.
  const auto& handlers = examples::builtin_handlers();
  const auto throws = std::find_if(handlers.begin(), handlers.end(),
                                   [](const handler_definition& h) { return h.name == "zoo/throw_on_poison"; });
  ASSERT_NE(throws, handlers.end());
  const auto m = run_sweep_case(s, 0, 1, *throws);
  EXPECT_GT(m[metric::invocations], 0);
  EXPECT_EQ(m[metric::false_dlq], 0);
}

TEST(measure, the_same_case_measures_the_same) {
  const auto s = spec_with({make_axis("-a", "esm.batch_size", "5")}, {});
  const auto& handler = examples::reference_handler();
  EXPECT_EQ(nlohmann::json(run_sweep_case(s, 0, 7, handler)), nlohmann::json(run_sweep_case(s, 0, 7, handler)));
  EXPECT_NE(nlohmann::json(run_sweep_case(s, 0, 7, handler)), nlohmann::json(run_sweep_case(s, 0, 8, handler)));
}

}  // namespace
}  // namespace slsim::sweep
