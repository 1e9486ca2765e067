// The request ledger (docs/architecture.md §6, §8): every attempt kept, or, folded, each
// attempt only while its call lasts with its request's facts kept instead.
#include <gtest/gtest.h>

#include "slsim/gateway/ledger.hpp"

namespace slsim::gateway {
namespace {

TEST(ledger, a_request_record_says_whether_an_attempt_was_answered_2xx_and_enqueued) {
  request_ledger ledger;
  const auto first = ledger.begin_attempt(7, 0, request_kind::valid, 10);
  ledger.note_answered(first, 504);
  const auto second = ledger.begin_attempt(7, 0, request_kind::valid, 20);
  ledger.note_enqueued(second);
  ledger.note_answered(second, 200);
  const auto* r = ledger.find(7);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->answered_2xx);
  EXPECT_TRUE(r->enqueued);
  EXPECT_EQ(r->attempts, 2u);
  EXPECT_EQ(ledger.attempts().size(), 2u);  // every attempt kept
  EXPECT_EQ(ledger.attempts_of(7).size(), 2u);
  const auto third = ledger.begin_attempt(8, 1, request_kind::poison, 30);
  ledger.note_answered(third, 400);
  EXPECT_FALSE(ledger.find(8)->answered_2xx);
  EXPECT_FALSE(ledger.find(8)->enqueued);
}

TEST(ledger, folded_it_reuses_the_slots_of_attempts_whose_call_is_over) {
  request_ledger ledger;
  ledger.fold_attempts();
  for (std::uint64_t request = 1; request <= 1000; ++request) {
    const auto a = ledger.begin_attempt(request, 0, request_kind::valid, 0);
    EXPECT_EQ(ledger.attempt(a).attempt, 1u);
    const auto retry = ledger.begin_attempt(request, 0, request_kind::valid, 1);
    EXPECT_EQ(ledger.attempt(retry).attempt, 2u);  // numbered per request as before (keyed draws)
    ledger.note_answered(a, 504);
    ledger.end_attempt(a);
    if (request % 2 == 0) ledger.note_enqueued(retry);
    ledger.note_answered(retry, request % 2 == 0 ? 200 : 500);
    ledger.end_attempt(retry);
  }
  EXPECT_LE(ledger.attempts().size(), 2u);  // two calls at a time at most: two slots
  EXPECT_EQ(ledger.requests().size(), 1000u);
  for (const auto& r : ledger.requests()) {
    EXPECT_EQ(r.attempts, 2u);
    EXPECT_EQ(r.answered_2xx, r.request_id % 2 == 0);
    EXPECT_EQ(r.enqueued, r.request_id % 2 == 0);
  }
  EXPECT_TRUE(ledger.take_attempts().empty());
}

}  // namespace
}  // namespace slsim::gateway
