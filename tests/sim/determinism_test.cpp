// The determinism contract: equal inputs give equal trace hashes, in this process and
// in another; any change of content changes the hash; the seed itself is not hashed.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "slsim/sim/context.hpp"
#include "slsim/sim/demo_workload.hpp"

namespace slsim::sim {
namespace {

std::string run_command(const std::string& command) {
  std::array<char, 4096> buffer{};
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  while (fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
}

TEST(determinism, same_seed_gives_identical_trace_hash) {
  const auto a = run_demo({.seed = 1234});
  const auto b = run_demo({.seed = 1234});
  EXPECT_TRUE(a.ok()) << a.describe();
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_EQ(a.records, 100u * 100u);
}

TEST(determinism, same_seed_gives_identical_hash_in_a_separate_process) {
  const auto here = run_demo({.seed = 99});
  const std::string out = run_command(std::string(SLSIM_BINARY) + " demo --seed 99");
  char expected[32];
  std::snprintf(expected, sizeof expected, "%016llx", static_cast<unsigned long long>(here.trace_hash));
  EXPECT_NE(out.find(std::string("trace_hash ") + expected), std::string::npos) << "child printed:\n" << out;
}

TEST(determinism, different_seeds_give_different_hashes) {
  EXPECT_NE(run_demo({.seed = 1}).trace_hash, run_demo({.seed = 2}).trace_hash);
}

RC_GTEST_PROP(determinism, any_seed_replays_to_the_same_hash, (std::uint64_t seed)) {
  const demo_options options{.seed = seed, .workers = 10, .steps = 10};
  RC_ASSERT(run_demo(options).trace_hash == run_demo(options).trace_hash);
}

// One record stream, with one carried value optionally changed.
std::uint64_t hash_of_records(std::int64_t third_value, std::uint64_t digest, std::string_view text) {
  static constexpr event_kind kind{"test", "stored"};
  context ctx;
  ctx.emit({.kind = &kind, .ids = {1, 2, 3, 4}, .value = 10});
  ctx.emit({.kind = &kind, .ids = {1, 2, 3, 5}, .value = 20});
  ctx.emit({.kind = &kind, .ids = {1, 2, 3, 6}, .value = third_value, .digest = digest, .text = text});
  return ctx.run().trace_hash;
}

TEST(determinism, changing_one_carried_value_changes_the_hash) {
  const auto base = hash_of_records(30, 0xabc, "stored item");
  EXPECT_EQ(base, hash_of_records(30, 0xabc, "stored item"));
  EXPECT_NE(base, hash_of_records(31, 0xabc, "stored item"));  // a value
  EXPECT_NE(base, hash_of_records(30, 0xabd, "stored item"));  // a payload digest
  EXPECT_NE(base, hash_of_records(30, 0xabc, "stored iten"));  // one character of text
}

TEST(determinism, record_order_and_kind_are_hashed) {
  static constexpr event_kind send{"queue", "send"};
  static constexpr event_kind recv{"queue", "receive"};
  auto hash = [](const event_kind& first, const event_kind& second) {
    context ctx;
    ctx.emit({.kind = &first, .ids = {1, 0, 0, 0}});
    ctx.emit({.kind = &second, .ids = {1, 0, 0, 0}});
    return ctx.run().trace_hash;
  };
  EXPECT_NE(hash(send, recv), hash(recv, send));
  EXPECT_NE(hash(send, send), hash(recv, recv));
}

TEST(determinism, tracing_off_still_hashes_the_same_schedule) {
  // Scheduling alone (no records) hashes to the empty fold: the hash is about content.
  EXPECT_EQ(run_demo({.seed = 1, .trace = false}).trace_hash, run_demo({.seed = 2, .trace = false}).trace_hash);
}

// Digests are part of every trace (bodies, ids, error texts): their values are pinned, so
// a faster implementation cannot silently change every recorded trace hash.
TEST(determinism, byte_digests_keep_their_values) {
  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += static_cast<char>('a' + i % 26);
  EXPECT_EQ(digest_bytes(""), 0xCE98ACB11AFBBF7EULL);
  EXPECT_EQ(digest_bytes("a"), 0x9C7437E661AF7C42ULL);
  EXPECT_EQ(digest_bytes("12345678"), 0x7D67A2CD0A24112CULL);
  EXPECT_EQ(digest_bytes("{\"requestId\":\"r-1\"}"), 0x7B7418DD0B41B633ULL);
  EXPECT_EQ(digest_bytes(long_text), 0xBA2FBE292C112C90ULL);
}

}  // namespace
}  // namespace slsim::sim
