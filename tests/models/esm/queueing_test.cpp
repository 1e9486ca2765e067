// Queueing theory as an oracle: with Poisson arrivals, c pollers at batch size 1 (c
// servers), exponential compute time and instantaneous hops, the pipeline is an M/M/c
// queue, so the mean wait before invocation must match Erlang C's formula.
#include <gtest/gtest.h>

#include <cmath>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;

/// Erlang C: the mean wait in queue of M/M/c with arrival rate `lambda` and service rate `mu` per server.
double erlang_c_mean_wait(int c, double lambda, double mu) {
  const double a = lambda / mu;  // offered load in Erlangs
  const double rho = a / c;
  double sum = 0;
  double term = 1;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term / (1 - rho);  // a^c / c! / (1 - rho)
  const double p_wait = tail / (sum + tail);
  return p_wait / (c * mu - lambda);
}

TEST(esm_queueing, mean_wait_before_invocation_matches_erlang_c) {
  constexpr int c = 4;
  constexpr double lambda = 30;  // per second
  constexpr double mean_service_s = 0.1;
  constexpr int n = 24000;
  constexpr int warmup = 2000;
  harness h;
  h.code.work = 0;
  esm_config e;
  e.batch_size = 1;
  e.scaling.initial_concurrency = c;  // c servers, fixed: no scale-up, no scale-down below c
  e.scaling.max_concurrency = c;
  e.scaling.scale_up_per_minute = 0;
  e.latency.invoke = models::duration_dist::constant(0);  // MD16 hops off: a pure queue
  e.latency.delete_call = models::duration_dist::constant(0);
  runtime::function_config f = testing::function_with(10);
  f.duration.per_record = models::duration_dist::exponential(mean_service_s * 1000);  // MD17
  f.init_duration = models::duration_dist::constant(0);  // MD32 off: every server is the same
  h.create(testing::standard_queue(60), f, e);
  sim::rng arrivals(2024);
  std::vector<sim::time_ns> sent(n);
  sim::time_ns t = 0;
  for (int i = 0; i < n; ++i) {
    t += static_cast<sim::time_ns>(arrivals.exponential(1.0 / lambda) * 1e9);
    sent[i] = t;
    h.ctx.schedule_at(t, [&h, i](sim::detail::fire_code) { h.send(std::to_string(i)); });
  }
  h.run_for(t + sim::seconds(30));
  ASSERT_EQ(h.code.seen.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(h.mapping->stats().peak_target, c);

  // Wait = invocation start − send. The compute time is spent inside the invocation before
  // the handler body runs, so the invocation started at its deadline minus the timeout.
  std::vector<double> waits;
  for (const auto& s : h.code.seen) {
    const int i = std::stoi(s.bodies.at(0));
    if (i >= warmup) waits.push_back(sim::to_seconds(s.deadline - sim::seconds(10) - sent[i]));
  }
  // Waits are autocorrelated: estimate the standard error from 20 batch means.
  constexpr int batches = 20;
  const std::size_t per = waits.size() / batches;
  std::vector<double> means;
  double total = 0;
  for (int b = 0; b < batches; ++b) {
    double s = 0;
    for (std::size_t k = b * per; k < (b + 1) * per; ++k) s += waits[k];
    means.push_back(s / static_cast<double>(per));
    total += means.back();
  }
  const double mean = total / batches;
  double var = 0;
  for (double m : means) var += (m - mean) * (m - mean);
  const double se = std::sqrt(var / (batches - 1) / batches);
  const double expected = erlang_c_mean_wait(c, lambda, 1 / mean_service_s);
  EXPECT_NEAR(expected, 0.0509, 0.0005);  // the formula itself (c = 4, ρ = 0.75)
  EXPECT_NEAR(mean, expected, 4 * se) << "simulated " << mean << " s, Erlang C " << expected << " s, se " << se;
  EXPECT_LT(se, 0.15 * expected);  // the check is tight enough to mean something
}

}  // namespace
}  // namespace slsim::esm
