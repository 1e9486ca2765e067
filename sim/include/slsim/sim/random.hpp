#pragma once
// Seeded randomness (docs/architecture.md §2). One documented generator, xoshiro256**
// (Blackman & Vigna), seeded through splitmix64. Distributions are our own code so
// that a seed draws the same numbers with every standard library; std::*_distribution
// is implementation-defined and would break replay across toolchains.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace slsim::sim {

/// One stream of pseudo-random numbers. Cheap to copy; copies continue independently.
class rng {
 public:
  /// Seeds the four-word state by running splitmix64 from `seed`.
  explicit rng(std::uint64_t seed) noexcept;

  /// The next raw 64-bit output of xoshiro256**.
  std::uint64_t next_u64() noexcept;
  /// Uniform integer in [lo, hi] (inclusive), unbiased (Lemire's rejection method).
  /// Requires lo <= hi.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) noexcept;
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform01() noexcept;
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) noexcept;
  /// True with probability p (p <= 0: never; p >= 1: always, without drawing).
  bool bernoulli(double p) noexcept;
  /// Exponential with the given mean (inverse-CDF method).
  double exponential(double mean) noexcept;
  /// Standard normal (Box–Muller; the second value of each pair is discarded so the
  /// number of draws per call is fixed at two).
  double normal() noexcept;
  /// Log-normal: exp(mu + sigma * normal()).
  double lognormal(double mu, double sigma) noexcept;

 private:
  std::array<std::uint64_t, 4> s_;
};

/// The run's root of randomness. Streams are split by name: stream("queue") draws the
/// same numbers whatever other streams do, so adding a draw in one model never shifts
/// another's (docs/architecture.md §2).
class rng_source {
 public:
  explicit rng_source(std::uint64_t seed) noexcept : seed_(seed) {}
  /// A fresh stream for `name`; the same name and seed always give the same stream.
  rng stream(std::string_view name) const noexcept;
  /// Member `index` of the family of streams `name` (one per request, say): independent of
  /// every other index, so adding or removing a member never shifts the others.
  rng stream(std::string_view name, std::uint64_t index) const noexcept;
  std::uint64_t seed() const noexcept { return seed_; }

 private:
  std::uint64_t seed_;
};

/// splitmix64's output function, exposed because seeding and hashing share it.
std::uint64_t splitmix64(std::uint64_t& state) noexcept;

/// Folds `part` into the identity `key` (order matters): builds one stable 64-bit key
/// from several parts (a request id and its attempt, a call's invocation and its index).
constexpr std::uint64_t mix_key(std::uint64_t key, std::uint64_t part) noexcept {
  std::uint64_t z = key ^ (part + 0x9e3779b97f4a7c15ULL + (key << 6) + (key >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A family of streams, one per key: a model draws a message's, a call's or an
/// invocation's numbers from the member keyed by that thing's stable identity rather
/// than from one shared sequence, so removing one request (shrinking, docs/architecture.md
/// §6) leaves every other request's draws as they were. `at` costs five splitmix rounds
/// and allocates nothing.
class keyed_rng {
 public:
  /// The family's base is the next number of `parent` (a model's named stream).
  explicit keyed_rng(rng& parent) noexcept : base_(parent.next_u64()) {}
  explicit keyed_rng(std::uint64_t base) noexcept : base_(base) {}
  /// Member `key` of the family: the same key always gives the same stream.
  rng at(std::uint64_t key) const noexcept;

 private:
  std::uint64_t base_;
};

/// Identities for draws whose owner is what they are about and when (a message's content,
/// a receive call on a queue, a buggify site): (what, virtual time, how many earlier events
/// about the same thing at that same nanosecond). Another event shifts a key only when it
/// is about the same thing at the very same instant. No allocation once the busiest
/// instant's list has grown.
class instant_keys {
 public:
  std::uint64_t next(std::int64_t now, std::uint64_t what);

 private:
  std::int64_t last_ = INT64_MIN;
  std::vector<std::uint64_t> seen_;  // `what`s of the events at `last_`
};
/// FNV-1a 64 of a byte string: the stable name digest used to split streams.
constexpr std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace slsim::sim
