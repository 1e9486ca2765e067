// text_arena: what is stored reads back until released, counts add up, and chunks are
// recycled when their strings are gone (a source queue's bodies) or kept in record storage
// (a DLQ's).
#include "slsim/sim/text_arena.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <map>
#include <string>

namespace slsim::sim {
namespace {

// Against a map of the strings held: stores (fresh strings, strings larger than a chunk,
// copies of strings already held, empty ones) and releases in any order.
RC_GTEST_PROP(text_arena, reads_back_what_it_holds, ()) {
  text_arena arena;
  std::map<int, std::pair<text_ref, std::string>> held;
  int next = 0;
  const int steps = *rc::gen::inRange(1, 400);
  for (int step = 0; step < steps; ++step) {
    const int action = *rc::gen::inRange(0, 10);
    if (action < 5 || held.empty()) {
      const auto size = *rc::gen::oneOf(rc::gen::inRange<std::size_t>(0, 300),
                                        rc::gen::inRange<std::size_t>(3000, 9000));  // past the first chunks
      std::string text(size, static_cast<char>('a' + next % 26));
      if (size > 1) text[size / 2] = '#';
      auto ref = arena.store(text);
      RC_ASSERT(ref.size() == text.size());
      held.emplace(next++, std::pair{std::move(ref), std::move(text)});
    } else if (action < 7) {  // a copy of a held string, stored from its own view
      auto& [ref, text] = std::next(held.begin(), *rc::gen::inRange<std::size_t>(0, held.size()))->second;
      auto copy = arena.store(arena.view(ref));
      held.emplace(next++, std::pair{std::move(copy), text});
    } else {
      const auto it = std::next(held.begin(), *rc::gen::inRange<std::size_t>(0, held.size()));
      arena.release(it->second.first);
      RC_ASSERT(it->second.first.empty());
      held.erase(it);
    }
    std::size_t live = 0;
    for (const auto& [id, entry] : held) {
      RC_ASSERT(arena.view(entry.first) == entry.second);
      live += entry.second.size();
    }
    RC_ASSERT(arena.live_bytes() == live);
  }
  for (auto& [id, entry] : held) arena.release(entry.first);
  RC_ASSERT(arena.live_bytes() == 0u);
  RC_ASSERT(arena.chunk_bytes() <= text_arena::k_max_chunk_bytes);  // only the chunk being filled is left
}

// A source queue: a million 200-byte bodies, each released 2,000 stores later. The arena's
// chunks must not grow with the count (it holds ~400 KB live at a time).
TEST(text_arena, recycles_chunks_whose_strings_are_gone) {
  text_arena arena;
  std::deque<text_ref> window;
  const std::string body(200, 'x');
  std::size_t most = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    window.push_back(arena.store(body));
    if (window.size() > 2000) {
      arena.release(window.front());
      window.pop_front();
    }
    most = std::max(most, arena.chunk_bytes());
  }
  EXPECT_LE(most, 3 * text_arena::k_max_chunk_bytes) << "a million bodies of 200 bytes: 200 MB if never recycled";
  while (!window.empty()) {
    arena.release(window.front());
    window.pop_front();
  }
  EXPECT_EQ(arena.live_bytes(), 0u);
}

// A DLQ: strings kept to the end live in file-backed chunks (their pages can leave memory).
TEST(text_arena, keeps_long_lived_strings_in_record_storage) {
  const std::size_t before = record_storage::file_backed_bytes();
  text_arena arena;
  std::vector<text_ref> kept;
  const std::string body(500, 'y');
  for (int i = 0; i < 40'000; ++i) kept.push_back(arena.store(body));  // 20 MB
  EXPECT_GE(record_storage::file_backed_bytes() - before, std::size_t{16} << 20);
  record_storage::release_pages();
  for (const auto& ref : kept) ASSERT_EQ(arena.view(ref), body);
}

}  // namespace
}  // namespace slsim::sim
