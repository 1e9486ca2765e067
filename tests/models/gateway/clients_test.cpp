// Clients (docs/architecture.md §6): arrivals, kinds, retries reusing the requestId, late retries.
#include <gtest/gtest.h>

#include "harness.hpp"
#include "slsim/gateway/clients.hpp"

namespace slsim::gateway {
namespace {

struct fleet_run {
  testing::harness h;
  std::unique_ptr<client_fleet> fleet;
  sim::run_result result;
  fleet_run(gateway_config g, client_config c, std::uint64_t seed = 11) : h(std::move(g)) {
    fleet = std::make_unique<client_fleet>(h.ctx, std::move(c), *h.gateway, sim::rng_source(seed).stream("clients"));
    fleet->start();
    result = h.run();
  }
};

client_config only_valid(std::int64_t requests) {
  client_config c;
  c.mix = {1, 0, 0, 0, 0};
  c.arrival.requests = requests;
  c.retry.late_retry_probability = 0;
  return c;
}

// G1 + retries: 429s are retried with exponential backoff, always with the same requestId.
TEST(clients, retries_reuse_the_request_id_with_exponential_backoff) {
  gateway_config g = testing::exact_config();
  g.throttling.account = {true, 0.001, 1};  // one request, then 429 for a long time
  client_config c = only_valid(2);
  c.arrival.rate_per_s = 1000;  // the second request arrives 1 ms after the first
  c.retry.jitter = false;
  c.retry.max_attempts = 4;
  fleet_run run(g, c);
  ASSERT_TRUE(run.result.ok()) << run.result.describe();
  const auto& reqs = run.fleet->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].attempts, 1u);
  EXPECT_EQ(reqs[0].final_status, 202);
  EXPECT_EQ(reqs[1].attempts, 4u);
  EXPECT_EQ(reqs[1].final_status, 429);
  const auto attempts = run.h.gateway->ledger().attempts_of(reqs[1].request_id);
  ASSERT_EQ(attempts.size(), 4u);
  const sim::time_ns t0 = sim::milliseconds(1);
  EXPECT_EQ(attempts[0].received_at, t0);
  EXPECT_EQ(attempts[1].received_at, t0 + sim::milliseconds(100));
  EXPECT_EQ(attempts[2].received_at, t0 + sim::milliseconds(300));
  EXPECT_EQ(attempts[3].received_at, t0 + sim::milliseconds(700));
  for (const auto& a : attempts) EXPECT_EQ(a.request_id, reqs[1].request_id);
  EXPECT_EQ(run.fleet->totals().retries, 3u);
}

// G6 end to end: a 504 whose message was stored, then the client's retry: two messages, one requestId.
TEST(clients, retry_after_integration_timeout_duplicates_the_message) {
  client_config c = only_valid(1);
  c.retry.jitter = false;
  c.timeout_s = 60;
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(31)});
  client_fleet fleet(h.ctx, c, *h.gateway, sim::rng(5));
  fleet.start();
  ASSERT_TRUE(h.run().ok());
  const auto& r = fleet.requests()[0];
  EXPECT_EQ(r.attempts, 2u);
  EXPECT_EQ(r.final_status, 202);
  EXPECT_EQ(h.gateway->ledger().enqueued_count(r.request_id), 2u);
  EXPECT_EQ(h.stored(), 2u);
}

// Client-side timeouts are retried like 5xx.
TEST(clients, client_timeout_is_retried) {
  client_config c = only_valid(1);
  c.timeout_s = 1;
  c.retry.jitter = false;
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::slow, sim::seconds(2)});
  client_fleet fleet(h.ctx, c, *h.gateway, sim::rng(5));
  fleet.start();
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(fleet.requests()[0].attempts, 2u);
  EXPECT_EQ(fleet.totals().timeouts, 1u);
  const auto attempts = h.gateway->ledger().attempts_of(fleet.requests()[0].request_id);
  EXPECT_EQ(attempts[0].client_saw, client_view::timed_out);
  EXPECT_EQ(attempts[1].received_at, sim::seconds(1) + sim::milliseconds(100));
  EXPECT_EQ(h.stored(), 2u);  // the timed-out attempt was still stored
}

// A late retry comes long after the first attempt, with the same requestId.
TEST(clients, late_retry_resends_the_same_request_much_later) {
  client_config c = only_valid(3);
  c.retry.late_retry_probability = 1;
  c.retry.late_retry_min_s = 7200;
  c.retry.late_retry_max_s = 7200;
  fleet_run run(testing::exact_config(), c);
  ASSERT_TRUE(run.result.ok()) << run.result.describe();
  for (const auto& r : run.fleet->requests()) {
    EXPECT_TRUE(r.late_retry);
    const auto attempts = run.h.gateway->ledger().attempts_of(r.request_id);
    ASSERT_EQ(attempts.size(), 2u);
    EXPECT_GE(attempts[1].received_at - attempts[0].received_at, sim::seconds(7200));
  }
  EXPECT_EQ(run.fleet->totals().late_retries, 3u);
  EXPECT_LE(run.result.end_time, run.fleet->config().retry_horizon() + sim::seconds(1));
}

// docs/architecture.md §6: each kind gets its gateway answer; only valid and poison requests reach SQS.
TEST(clients, request_kinds_get_their_documented_answers) {
  gateway_config g = testing::exact_config();
  g.auth.authorizer = authorizer_kind::token;
  g.auth.allow_tokens = {"t0", "t1"};
  client_config c;
  c.clients = 2;
  c.arrival.requests = 150;
  c.arrival.rate_per_s = 50;
  c.mix = {0.4, 0.15, 0.15, 0.1, 0.2};
  c.retry.late_retry_probability = 0;
  c.credentials = {{"", "t0"}, {"", "t1"}};
  fleet_run run(g, c);
  ASSERT_TRUE(run.result.ok()) << run.result.describe();
  std::array<int, 5> seen{};
  std::uint64_t expected_stored = 0;
  for (const auto& r : run.fleet->requests()) {
    ++seen[static_cast<std::size_t>(r.kind)];
    switch (r.kind) {
      case request_kind::valid:
      case request_kind::poison:
        EXPECT_EQ(r.final_status, 202);
        ++expected_stored;
        break;
      case request_kind::invalid:
        EXPECT_EQ(r.final_status, 400);
        break;
      case request_kind::oversized:
        EXPECT_EQ(r.final_status, 413);
        break;
      case request_kind::unauthenticated:
        EXPECT_TRUE(r.final_status == 401 || r.final_status == 403);
        break;
    }
    EXPECT_EQ(r.attempts, 1u);
    EXPECT_EQ(run.h.gateway->ledger().find(r.request_id)->kind, r.kind);
  }
  for (int n : seen) EXPECT_GT(n, 10);  // every kind occurs
  EXPECT_EQ(run.h.stored(), expected_stored);
}

TEST(clients, constant_and_burst_arrivals_are_exactly_spaced) {
  client_config c = only_valid(6);
  c.arrival.rate_per_s = 4;
  fleet_run constant(testing::exact_config(), c);
  const auto& a = constant.h.gateway->ledger().attempts();
  ASSERT_EQ(a.size(), 6u);
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i].received_at, sim::milliseconds(250) * static_cast<sim::time_ns>(i));
  c.arrival.process = arrival_process::bursts;
  c.arrival.burst_size = 3;
  c.arrival.burst_interval_s = 10;
  fleet_run bursts(testing::exact_config(), c);
  const auto& b = bursts.h.gateway->ledger().attempts();
  ASSERT_EQ(b.size(), 6u);
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i].received_at, i < 3 ? 0 : sim::seconds(10)) << i;
}

TEST(clients, ramp_shortens_gaps_and_poisson_averages_the_rate) {
  client_config c = only_valid(400);
  c.arrival.process = arrival_process::ramp;
  c.arrival.rate_per_s = 1;
  c.arrival.ramp_to_rate_per_s = 100;
  c.arrival.ramp_duration_s = 5;  // ~250 requests during the ramp, the rest at 100 rps
  fleet_run ramp(testing::exact_config(), c);
  const auto& r = ramp.h.gateway->ledger().attempts();
  ASSERT_EQ(r.size(), 400u);
  EXPECT_EQ(r[1].received_at - r[0].received_at, sim::k_second);  // at the initial rate
  EXPECT_GT(r[100].received_at - r[99].received_at, r[200].received_at - r[199].received_at);
  EXPECT_EQ(r[399].received_at - r[398].received_at, sim::milliseconds(10));  // at the final rate
  c.arrival.process = arrival_process::poisson;
  c.arrival.rate_per_s = 100;
  c.arrival.requests = 2000;
  fleet_run poisson(testing::exact_config(), c);
  const double span = sim::to_seconds(poisson.h.gateway->ledger().attempts().back().received_at);
  EXPECT_NEAR(span, 20.0, 2.0);  // 1999 gaps of mean 10 ms
}

// The determinism contract: same seed, same trace hash; another seed, another hash.
TEST(clients, same_seed_gives_the_same_trace_hash) {
  client_config c;
  c.arrival.requests = 100;
  c.arrival.process = arrival_process::poisson;
  c.mix.oversized = 0;
  const auto hash = [&c](std::uint64_t seed) { return fleet_run(testing::exact_config(), c, seed).result.trace_hash; };
  EXPECT_EQ(hash(1), hash(1));
  EXPECT_NE(hash(1), hash(2));
}

}  // namespace
}  // namespace slsim::gateway
