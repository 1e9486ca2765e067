// MD17: the handler's compute time (function.duration) is spent inside the invocation, in
// virtual time, from the runtime's own stream: it lengthens the invocation and its billed
// duration, counts toward the timeout, and is no await point of the handler.
#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "slsim/runtime/lambda_runtime.hpp"

namespace slsim::runtime {
namespace {

namespace asio = boost::asio;

/// Does nothing but count its await points (none) and remember when it started.
struct idle_code final : function_code {
  std::vector<sim::time_ns> started;
  std::vector<std::uint32_t> await_points;
  asio::awaitable<void> init(environment_info&) override { co_return; }
  asio::awaitable<invocation_output> invoke(const sqs_event&, invocation_info& info) override {
    started.push_back(info.context().now());
    await_points.push_back(info.await_points());
    co_return batch_response{};
  }
};

// Each batch holds messages of its own, as every delivery the ESM makes does: compute
// time is drawn under the delivery (runtime::delivery_key), so one identical event
// invoked again would draw the same again.
sqs_event batch_of(int n, int batch = 0) {
  sqs_event e;
  for (int i = 0; i < n; ++i) {
    sqs_message m;
    m.message_id = "m" + std::to_string(batch) + "-" + std::to_string(i);
    m.body = "{}";
    e.records.push_back(m);
  }
  return e;
}

std::vector<invoke_outcome> invoke_batches(const function_config& config, idle_code& code, std::vector<int> sizes,
                                           std::uint64_t seed = 1) {
  sim::context ctx;
  lambda_runtime rt(ctx, sim::rng(seed), config, code);
  std::vector<invoke_outcome> out;
  ctx.spawn("caller",
            [](lambda_runtime& r, std::vector<int> s, std::vector<invoke_outcome>& o) -> asio::awaitable<void> {
              int batch = 0;
              for (int n : s) o.push_back(co_await r.async_invoke(batch_of(n, ++batch), asio::use_awaitable));
            }(rt, std::move(sizes), out));
  EXPECT_TRUE(ctx.run().ok());
  return out;
}

TEST(compute_time, constant_per_invocation_plus_per_record_is_the_invocation_duration) {  // MD17
  function_config c;
  c.duration.per_invocation = models::duration_dist::constant(50);
  c.duration.per_record = models::duration_dist::constant(200);
  idle_code code;
  const auto out = invoke_batches(c, code, {1, 3});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, invoke_status::ok);
  EXPECT_EQ(out[0].duration, sim::milliseconds(250));
  EXPECT_EQ(out[1].duration, sim::milliseconds(650));
  EXPECT_EQ(out[1].billed_duration, sim::milliseconds(650));
  // The compute time is spent before the handler body, and is none of its await points.
  EXPECT_EQ(code.started.at(0), sim::milliseconds(250) + (out[0].init_duration));
  EXPECT_EQ(code.await_points, (std::vector<std::uint32_t>{0, 0}));
}

TEST(compute_time, compute_longer_than_the_timeout_times_out_before_the_handler_runs) {  // MD17, L5
  function_config c;
  c.timeout_s = 1;
  c.duration.per_record = models::duration_dist::constant(600);
  idle_code code;
  const auto out = invoke_batches(c, code, {2});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, invoke_status::timeout);
  EXPECT_EQ(out[0].duration, sim::seconds(1));
  EXPECT_TRUE(code.started.empty());
}

TEST(compute_time, exponential_compute_has_the_configured_mean_and_replays_by_seed) {  // MD17
  function_config c;
  c.timeout_s = 60;
  c.duration.per_record = models::duration_dist::exponential(100);
  idle_code a, b;
  const std::vector<int> sizes(2000, 1);
  const auto out = invoke_batches(c, a, sizes, 7);
  const auto again = invoke_batches(c, b, sizes, 7);
  double sum = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    sum += sim::to_seconds(out[i].duration);
    EXPECT_EQ(out[i].duration, again[i].duration);
  }
  // Mean 0.1 s; the standard error of 2,000 draws is 0.1/sqrt(2000) = 2.2 ms: allow 4.5 of them.
  EXPECT_NEAR(sum / static_cast<double>(out.size()), 0.1, 0.01);
}

TEST(compute_time, config_rejects_negative_or_unordered_values_naming_path_and_fact) {  // MD17
  function_config c;
  c.duration.per_record = models::duration_dist::constant(-1);
  c.duration.per_invocation = models::duration_dist::empirical(0, 50, 40, 100);
  const auto v = c.validate();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].path, "function.duration.per_invocation");
  EXPECT_EQ(v[0].fact, "MD17");
  EXPECT_EQ(v[1].path, "function.duration.per_record.value_ms");
  EXPECT_EQ(v[1].allowed, "0..900000 (milliseconds)");
}

TEST(compute_time, json_round_trips_and_reads_a_cloudwatch_table) {  // MD17
  function_config c;
  nlohmann::json j = {
      {"duration", {{"per_record", {{"kind", "empirical"}, {"p50_ms", 120}, {"p90_ms", 300}, {"p99_ms", 900}}}}}};
  j.get_to(c);
  EXPECT_EQ(c.duration.per_record.kind, models::dist_kind::empirical);
  EXPECT_DOUBLE_EQ(c.duration.per_record.p90_ms, 300);
  function_config back = nlohmann::json(c).get<function_config>();
  EXPECT_EQ(nlohmann::json(back), nlohmann::json(c));
}

}  // namespace
}  // namespace slsim::runtime
