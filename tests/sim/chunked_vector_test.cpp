// chunked_vector: indexes like a vector across its doubling and full-size chunks, never
// moves an element once added, and keeps its full-size chunks in record storage.
#include "slsim/sim/chunked_vector.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace slsim::sim {
namespace {

// Against std::vector, for element sizes whose full chunks hold different counts (a 4 KB
// element's chunk holds 256, so a few hundred pushes cross into full chunks).
template <std::size_t Bytes>
void answers_as_a_vector_does(std::size_t pushes) {
  using element = std::array<std::uint8_t, Bytes>;
  chunked_vector<element> chunked;
  std::vector<element> expected;
  std::vector<const element*> addresses;
  for (std::size_t i = 0; i < pushes; ++i) {
    element e{};
    e[0] = static_cast<std::uint8_t>(i);
    e[Bytes - 1] = static_cast<std::uint8_t>(i >> 8);
    addresses.push_back(&chunked.emplace_back(e));
    expected.push_back(e);
    RC_ASSERT(chunked.size() == expected.size());
    RC_ASSERT(chunked.back() == e);
  }
  for (std::size_t i = 0; i < pushes; ++i) {
    RC_ASSERT(chunked[i] == expected[i]);
    RC_ASSERT(&chunked[i] == addresses[i]);  // never moved by later pushes
  }
  RC_ASSERT(std::equal(chunked.begin(), chunked.end(), expected.begin(), expected.end()));
  chunked.clear();
  RC_ASSERT(chunked.empty());
}

RC_GTEST_PROP(chunked_vector, answers_as_a_vector_does, ()) {
  answers_as_a_vector_does<4096>(*rc::gen::inRange<std::size_t>(0, 1500));
  answers_as_a_vector_does<1000>(*rc::gen::inRange<std::size_t>(0, 3000));
  answers_as_a_vector_does<24>(*rc::gen::inRange<std::size_t>(0, 3000));
}

// Long enough to reach several full-size chunks of small elements (a megabyte each: 131,072
// uint64s), with strings whose storage is the element's own.
TEST(chunked_vector, holds_a_long_runs_records_in_file_backed_chunks) {
  const std::size_t before = record_storage::file_backed_bytes();
  chunked_vector<std::uint64_t> numbers;
  chunked_vector<std::string> texts;
  constexpr std::size_t n = 600'000;
  for (std::size_t i = 0; i < n; ++i) {
    numbers.emplace_back(i * 7);
    if (i % 100 == 0) texts.push_back(std::string(40, static_cast<char>('a' + i % 26)) + std::to_string(i));
  }
  EXPECT_GE(record_storage::file_backed_bytes() - before, std::size_t{3} << 20);  // the full chunks
  record_storage::release_pages();
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(numbers[i], i * 7) << i;
  for (std::size_t i = 0; i < n / 100; ++i)
    ASSERT_EQ(texts[i], std::string(40, static_cast<char>('a' + (i * 100) % 26)) + std::to_string(i * 100)) << i;
  auto moved = std::move(numbers);
  EXPECT_EQ(moved.size(), n);
  EXPECT_EQ(moved[n - 1], (n - 1) * 7);
  EXPECT_TRUE(numbers.empty());  // NOLINT(bugprone-use-after-move): a moved-from vector is empty and usable
  numbers.emplace_back(5);
  EXPECT_EQ(numbers.size(), 1u);
  EXPECT_EQ(numbers[0], 5u);
  numbers = std::move(moved);
  EXPECT_EQ(numbers.size(), n);
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(numbers[n / 2], (n / 2) * 7);
  moved = std::move(numbers);
  moved.clear();
  texts.clear();
  EXPECT_EQ(record_storage::file_backed_bytes(), before);
}

}  // namespace
}  // namespace slsim::sim
