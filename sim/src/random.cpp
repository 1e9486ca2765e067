#include "slsim/sim/random.hpp"

#include <cmath>
#include <numbers>

namespace slsim::sim {
namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
__extension__ using uint128 = unsigned __int128;  // GCC/Clang builtin; -Wpedantic knows it is an extension
}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

rng::rng(std::uint64_t seed) noexcept {
  std::uint64_t sm = seed;
  for (auto& word : s_) word = splitmix64(sm);
}

std::uint64_t rng::next_u64() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::int64_t rng::uniform_int(std::int64_t lo, std::int64_t hi) noexcept {
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(next_u64());
  const std::uint64_t range = span + 1;
  // Lemire: multiply into 128 bits, reject the few low products that would bias.
  uint128 m = static_cast<uint128>(next_u64()) * range;
  auto low = static_cast<std::uint64_t>(m);
  if (low < range) {
    const std::uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      m = static_cast<uint128>(next_u64()) * range;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + static_cast<std::uint64_t>(m >> 64));
}

double rng::uniform01() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double rng::uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }

bool rng::bernoulli(double p) noexcept {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return uniform01() < p;
}

double rng::exponential(double mean) noexcept { return -mean * std::log1p(-uniform01()); }

double rng::normal() noexcept {
  const double u1 = 1.0 - uniform01();  // (0, 1]: log is finite
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double rng::lognormal(double mu, double sigma) noexcept { return std::exp(mu + sigma * normal()); }

rng rng_source::stream(std::string_view name) const noexcept {
  std::uint64_t mix = seed_ ^ fnv1a64(name);
  return rng(splitmix64(mix));
}

rng rng_source::stream(std::string_view name, std::uint64_t index) const noexcept {
  std::uint64_t mix = seed_ ^ fnv1a64(name);
  std::uint64_t member = splitmix64(mix) ^ (index * 0xd1b54a32d192ed03ULL);
  return rng(splitmix64(member));
}

std::uint64_t instant_keys::next(std::int64_t now, std::uint64_t what) {
  if (now != last_) {
    last_ = now;
    seen_.clear();
  }
  std::uint64_t same = 0;
  for (const auto w : seen_) same += w == what ? 1 : 0;
  seen_.push_back(what);  // may allocate only while the busiest instant grows
  return mix_key(mix_key(what, static_cast<std::uint64_t>(now)), same);
}

rng keyed_rng::at(std::uint64_t key) const noexcept {
  std::uint64_t member = base_ ^ (key * 0xd1b54a32d192ed03ULL);
  return rng(splitmix64(member));
}

}  // namespace slsim::sim
