// The gateway's metrics, ledger export, trace records and client cancellation.
#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "slsim/metrics/sampler.hpp"

namespace slsim::gateway {
namespace {

TEST(observability, gateway_counts_requests_by_status_in_the_shared_registry) {
  sim::context ctx;
  metrics::registry reg;
  queue::queue_service queues(ctx, sim::rng(1));
  queues.create_queue({.name = "requests"});
  iam::iam_service iam(ctx, iam::iam_config{}, &reg);
  gateway_config config = testing::exact_config();
  config.throttling.account = {true, 1.0, 2};
  api_gateway gw(ctx, config, queues, iam, sim::rng(2), &reg);
  metrics::start_sampler(ctx, reg, sim::seconds(60));
  std::vector<testing::outcome> out(4);
  for (std::size_t i = 0; i < 3; ++i)
    ctx.spawn("call", testing::call_at(ctx, gw, 0, testing::valid_request(i + 1), sim::k_never, out, i));
  ctx.spawn("call", testing::call_at(ctx, gw, sim::seconds(90), testing::valid_request(9), sim::k_never, out, 3));
  const auto result = ctx.run();
  ASSERT_TRUE(result.ok()) << result.describe();
  metrics::sample_final(reg, result.end_time);
  const auto accepted = reg.points_of("gateway.status.202");
  ASSERT_EQ(accepted.size(), 2u);  // at 60 s and at the end (90 s + 8 ms)
  EXPECT_EQ(accepted[0].value, 2);
  EXPECT_EQ(accepted[1].value, 1);
  EXPECT_EQ(reg.points_of("gateway.status.429")[0].value, 1);
  EXPECT_EQ(reg.points_of("gateway.throttled")[0].value, 1);
  EXPECT_EQ(reg.points_of("gateway.enqueued")[0].value, 2);
  EXPECT_EQ(reg.points_of("gateway.in_flight")[0].value, 0);
  EXPECT_EQ(reg.points_of("iam.checks")[0].value, 2);
  EXPECT_EQ(reg.points_of("gateway.integration_latency.avg")[0].value, 8.0);
}

TEST(observability, ledger_exports_every_attempt_as_json) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(30)});
  h.send(0, testing::valid_request(5));
  h.send(sim::seconds(60), testing::valid_request(5));
  http_request bad = testing::valid_request(6);
  bad.kind = request_kind::invalid;
  bad.body = "{";
  h.send(0, std::move(bad));
  ASSERT_TRUE(h.run().ok());
  const nlohmann::json j = h.gateway->ledger();
  ASSERT_EQ(j["requests"].size(), 2u);
  const auto& first = j["requests"][0];
  EXPECT_EQ(first["request_id"], format_request_id(5));
  ASSERT_EQ(first["attempts"].size(), 2u);
  EXPECT_EQ(first["attempts"][0]["status"], 504);
  EXPECT_EQ(first["attempts"][0]["enqueued"], true);
  EXPECT_EQ(first["attempts"][1]["attempt"], 2);
  EXPECT_EQ(j["requests"][1]["kind"], "invalid");
  EXPECT_EQ(j["requests"][1]["attempts"][0]["status"], 400);
  EXPECT_EQ(j["requests"][1]["attempts"][0]["correlation_id"], "");
}

TEST(observability, each_answer_is_traced_and_a_different_body_changes_the_hash) {
  const auto run = [](int amount) {
    testing::harness h(testing::exact_config());
    http_request r = testing::valid_request(1);
    r.body = testing::valid_body(1, amount);
    h.send(0, std::move(r));
    return h.run();
  };
  const auto a = run(10);
  const auto b = run(10);
  const auto c = run(11);
  EXPECT_GE(a.records, 2u);  // enqueue + response
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_NE(a.trace_hash, c.trace_hash);
}

// A cancelled call completes at once with operation_aborted; the gateway still
// finishes the request (the message is stored and the ledger says "cancelled").
TEST(observability, cancelled_call_completes_with_operation_aborted_and_the_server_side_finishes) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(5)});
  boost::asio::cancellation_signal signal;
  boost::system::error_code seen;
  sim::time_ns completed_at = -1;
  h.gateway->async_call(testing::valid_request(1), boost::asio::bind_cancellation_slot(
                                                       signal.slot(), [&](boost::system::error_code ec, http_response) {
                                                         seen = ec;
                                                         completed_at = h.ctx.now();
                                                       }));
  h.ctx.schedule_at(sim::seconds(1),
                    [&signal](sim::detail::fire_code) { signal.emit(boost::asio::cancellation_type::terminal); });
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(seen, boost::asio::error::operation_aborted);
  EXPECT_EQ(completed_at, sim::seconds(1));
  const attempt_record& a = h.gateway->ledger().attempts()[0];
  EXPECT_EQ(a.client_saw, client_view::cancelled);
  EXPECT_EQ(a.status, 202);
  EXPECT_EQ(h.stored(), 1u);
  EXPECT_EQ(h.gateway->in_flight(), 0u);
}

}  // namespace
}  // namespace slsim::gateway
