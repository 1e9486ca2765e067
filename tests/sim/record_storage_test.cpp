// Per-request records out of the process (docs/architecture.md §8): large blocks live in a
// file mapping whose pages can be released and read back unchanged; the flat id index
// answers as a std::map does.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "slsim/sim/id_index.hpp"
#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {
namespace {

std::size_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

constexpr std::size_t k_values = std::size_t{4} << 20;  // 32 MiB of 8-byte values

std::uint64_t pattern(std::size_t i) { return i * 0x9e3779b97f4a7c15ULL + 7; }

TEST(record_storage, a_large_block_lives_in_a_file_and_reads_back_after_its_pages_are_released) {
  const std::size_t before = record_storage::file_backed_bytes();
  {
    record_vector<std::uint64_t> values;
    values.reserve(k_values);
    ASSERT_GE(record_storage::file_backed_bytes(), before + k_values * sizeof(std::uint64_t));
    for (std::size_t i = 0; i < k_values; ++i) values.push_back(pattern(i));
    const std::size_t touched = resident_bytes();
    record_storage::release_pages();
    const std::size_t released = resident_bytes();
    // The 32 MiB written leave the process; nothing else here frees that much.
    EXPECT_LT(released + (24u << 20), touched) << "resident before " << touched << ", after " << released;
    for (std::size_t i = 0; i < k_values; ++i)
      if (values[i] != pattern(i)) FAIL() << "value " << i << " changed across a release";
    record_storage::release_pages();
    values[12345] = 1;  // a write after a release lands too
    record_storage::release_pages();
    EXPECT_EQ(values[12345], 1u);
  }
  EXPECT_EQ(record_storage::file_backed_bytes(), before);  // the block's file is gone with it
}

TEST(record_storage, small_blocks_come_from_the_heap) {
  const std::size_t before = record_storage::file_backed_bytes();
  record_vector<int> small(1000, 3);
  EXPECT_EQ(record_storage::file_backed_bytes(), before);
  record_storage::release_pages();
  EXPECT_EQ(small[999], 3);
}

TEST(record_storage, a_block_past_the_file_size_limit_comes_from_the_heap) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 1 << 20;  // a full disk as a small file may grow no further
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &low), 0);
  const std::size_t before = record_storage::file_backed_bytes();
  {
    record_vector<std::uint64_t> values(std::size_t{1} << 20, 5);  // 8 MiB
    EXPECT_EQ(record_storage::file_backed_bytes(), before);
    record_storage::release_pages();
    EXPECT_EQ(values.back(), 5u);
  }
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
}

TEST(record_storage, a_forked_child_does_not_share_the_parent_s_blocks) {
  record_vector<std::uint64_t> values(std::size_t{1} << 18, 9);  // 2 MiB: file-backed
  ASSERT_GT(record_storage::file_backed_bytes(), 0u);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The block is not mapped here (a write would have reached the parent's records).
    const bool mapped = ::msync(values.data(), 4096, MS_ASYNC) == 0;
    _exit(mapped ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child inherited the parent's file-backed block";
  EXPECT_EQ(values.front(), 9u);
}

TEST(record_storage, the_release_period_is_a_power_of_two) {
  const auto saved = record_storage::set_policy({.file_block_bytes = 1 << 20, .release_every_events = 100});
  EXPECT_EQ(record_storage::release_mask(), 127u);
  record_storage::set_policy(saved);
  EXPECT_EQ(record_storage::release_mask(), saved.release_every_events - 1);
}

// id_index against std::map: inserts (some of ids already present), lookups of present and
// absent ids, growth from empty and from a reservation, ids at the ends of the range.
// Generations from one id to more than the ids inserted: sealed tables and their filters.
RC_GTEST_PROP(id_index, answers_as_a_map_does, (const std::vector<std::uint64_t>& raw, bool reserve, bool file)) {
  const auto saved = record_storage::set_policy({.file_block_bytes = file ? 1 : std::size_t{1} << 20});
  const auto generation = *rc::gen::inRange<std::size_t>(1, raw.size() + 8);
  id_index index(generation);
  std::map<std::uint64_t, std::uint32_t> model;
  if (reserve) index.reserve(raw.size() / 2);
  std::vector<std::uint64_t> ids = raw;
  ids.insert(ids.end(), {0, UINT64_MAX, 1, 2, 3});
  std::uint32_t next = 0;
  for (const auto id : ids) {
    const auto key = id % 3 == 0 ? id % 64 : id;  // repeats
    const auto [value, inserted] = index.try_emplace(key, next);
    const auto [it, model_inserted] = model.try_emplace(key, next);
    RC_ASSERT(inserted == model_inserted);
    RC_ASSERT(value == it->second);
    ++next;
    RC_ASSERT(index.find(key ^ 0x5555) ==
              (model.count(key ^ 0x5555) ? std::optional(model[key ^ 0x5555]) : std::nullopt));
  }
  RC_ASSERT(index.size() == model.size());
  std::map<std::uint64_t, std::uint32_t> listed;
  index.for_each([&](std::uint64_t id, std::uint32_t value) { RC_ASSERT(listed.emplace(id, value).second); });
  RC_ASSERT(listed == model);
  for (const auto& [id, value] : model) RC_ASSERT(index.find(id) == std::optional(value));
  index.clear();
  RC_ASSERT(index.empty());
  RC_ASSERT(!index.find(ids.front()));
  record_storage::set_policy(saved);
}

// The reason for generations: a long run's lookups of recent ids touch the newest table's
// pages, not the whole index's. 2 M random ids in file-backed tables (32 MB); after a page
// release, looking up the last 20,000 and inserting 20,000 new ones must bring back well
// under the 32 MB one table would (40,000 random probes hit nearly all its 8,000 pages).
TEST(id_index, recent_lookups_touch_the_newest_generation_only) {
  const auto saved = record_storage::set_policy({.file_block_bytes = std::size_t{1} << 20});
  constexpr std::uint32_t ids = 2'000'000;
  id_index index;
  std::uint64_t state = 7;
  const auto next_id = [&] {  // splitmix64: random request numbers, as the clients draw them
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  std::vector<std::uint64_t> recent;
  for (std::uint32_t i = 0; i < ids; ++i) {
    const auto id = next_id();
    ASSERT_TRUE(index.try_emplace(id, i).second);
    if (i >= ids - 20'000) recent.push_back(id);
  }
  ASSERT_GT(record_storage::file_backed_bytes(), std::size_t{24} << 20);
  record_storage::release_pages();
  const std::size_t before = resident_bytes();
  const std::uint64_t reads_before = index.sealed_table_reads();
  for (std::uint32_t i = 0; i < recent.size(); ++i) ASSERT_EQ(index.find(recent[i]), ids - 20'000 + i);
  for (std::uint32_t i = 0; i < 20'000; ++i) ASSERT_TRUE(index.try_emplace(next_id(), ids + i).second);
  const std::size_t after = resident_bytes();
  // What the index decides: 20,000 absent ids against 30 sealed generations read an old
  // table only on a fingerprint match (about 1 in 10,000 a generation: 59 reads here).
  EXPECT_LT(index.sealed_table_reads() - reads_before, 200u);
  // What the kernel makes of it: each such read maps a fault-around window (64 KB here) or
  // a page cache folio, whose size the kernel chooses; one table measured 32.9 MB, this 3.7.
  EXPECT_LT(after, before + (std::size_t{16} << 20)) << "resident before " << before << ", after " << after;
  record_storage::set_policy(saved);
}

}  // namespace
}  // namespace slsim::sim
