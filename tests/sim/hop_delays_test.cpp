// Delay perturbation (sim/hop_delays.hpp): off it draws nothing; on, about `probability` of
// hops get an extra delay of at least 1 ms, none beyond `max`, and a stream replays its delays.
#include "slsim/sim/hop_delays.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "slsim/sim/context.hpp"

namespace slsim::sim {
namespace {

std::vector<time_ns> draws(const hop_delay_config& config, std::uint64_t seed, int n) {
  hop_delays d(config, rng_source(seed).stream("hop_delays"));
  std::vector<time_ns> out;
  for (int i = 0; i < n; ++i) out.push_back(d.draw());
  return out;
}

TEST(hop_delays, off_by_default_and_draws_nothing) {
  context ctx;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(ctx.hop_delay(), 0);
  hop_delays zero_probability({.probability = 0.0, .max = seconds(1)}, rng_source(1).stream("hop_delays"));
  EXPECT_FALSE(zero_probability.on());
  EXPECT_EQ(zero_probability.draw(), 0);
}

TEST(hop_delays, a_share_of_hops_is_delayed_within_the_bounds) {
  const hop_delay_config config{.probability = 0.1, .max = milliseconds(500)};
  const auto d = draws(config, 7, 20000);
  int delayed = 0, long_ones = 0, capped = 0;
  for (const time_ns t : d) {
    if (t == 0) continue;
    ++delayed;
    EXPECT_GE(t, k_millisecond);
    EXPECT_LE(t, config.max);
    long_ones += t > milliseconds(20);
    capped += t == config.max;
  }
  EXPECT_NEAR(delayed / 20000.0, 0.1, 0.01);
  // Pareto, x_min 1 ms, alpha 1: P(> 20 ms) = 5%, P(>= 500 ms) = 0.2% of the delayed hops.
  EXPECT_NEAR(long_ones / static_cast<double>(delayed), 0.05, 0.015);
  EXPECT_GT(capped, 0);
  EXPECT_LT(capped, delayed / 50);
}

TEST(hop_delays, a_stream_replays_its_delays_and_another_seed_differs) {
  const hop_delay_config config{.probability = 0.2, .max = seconds(1)};
  EXPECT_EQ(draws(config, 3, 500), draws(config, 3, 500));
  EXPECT_NE(draws(config, 3, 500), draws(config, 4, 500));
}

}  // namespace
}  // namespace slsim::sim
