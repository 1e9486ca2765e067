// The L13 judge: every partial-batch-response case of L13 and P5.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/runtime/invoke_outcome.hpp"
#include "slsim/runtime/judge.hpp"

namespace slsim::runtime {
namespace {

const std::vector<std::string> k_ids{"m1", "m2", "m3"};

std::string nlohmann_text(const batch_response& r) { return nlohmann::json(r).dump(); }

batch_verdict judge_raw(std::string_view json, bool enabled = true) { return judge_response(json, k_ids, enabled); }

TEST(judge, feature_off_ignores_the_failure_list_and_deletes_everything) {  // L13, P5
  const auto v = judge_raw(R"({"batchItemFailures":[{"itemIdentifier":"m1"}]})", false);
  EXPECT_EQ(v.kind, verdict_kind::complete_success);
  EXPECT_EQ(judge_raw("not json", false).kind, verdict_kind::complete_success);
  EXPECT_EQ(judge_response(batch_response{{{"m2"}}}, k_ids, false).kind, verdict_kind::complete_success);
}

TEST(judge, listed_items_fail_and_the_rest_succeed) {  // L13
  const auto v = judge_raw(R"({"batchItemFailures":[{"itemIdentifier":"m3"},{"itemIdentifier":"m1"}]})");
  EXPECT_EQ(v.kind, verdict_kind::partial_failure);
  EXPECT_EQ(v.failed_ids, (std::vector<std::string>{"m1", "m3"}));  // batch order
  EXPECT_TRUE(v.failed("m1"));
  EXPECT_FALSE(v.failed("m2"));
}

TEST(judge, empty_or_null_list_empty_object_and_null_are_success) {  // L13
  for (const char* payload : {R"({"batchItemFailures":[]})", R"({"batchItemFailures":null})", "{}", "null", ""})
    EXPECT_EQ(judge_raw(payload).kind, verdict_kind::complete_success) << payload;
  EXPECT_EQ(judge_response(invocation_output{}, k_ids, true).kind, verdict_kind::complete_success);
  EXPECT_EQ(judge_response(batch_response{}, k_ids, true).kind, verdict_kind::complete_success);
}

TEST(judge, misspelled_top_level_key_counts_as_success) {  // L13 [inf], P5
  EXPECT_EQ(judge_raw(R"({"batchItemFailure":[{"itemIdentifier":"m1"}]})").kind, verdict_kind::complete_success);
}

TEST(judge, empty_or_null_item_identifier_fails_the_whole_batch) {  // L13, P5
  EXPECT_EQ(judge_raw(R"({"batchItemFailures":[{"itemIdentifier":""}]})").kind, verdict_kind::complete_failure);
  EXPECT_EQ(judge_raw(R"({"batchItemFailures":[{"itemIdentifier":null}]})").kind, verdict_kind::complete_failure);
  EXPECT_EQ(judge_response(batch_response{{{""}}}, k_ids, true).kind, verdict_kind::complete_failure);
}

TEST(judge, misspelled_entry_key_fails_the_whole_batch) {  // L13 "bad key name", P5
  const auto v = judge_raw(R"({"batchItemFailures":[{"itemId":"m1"}]})");
  EXPECT_EQ(v.kind, verdict_kind::complete_failure);
  EXPECT_FALSE(v.reason.empty());
  EXPECT_TRUE(v.failed("m2"));  // a complete failure keeps every message
}

TEST(judge, unknown_item_identifier_fails_the_whole_batch) {  // L13, P5
  EXPECT_EQ(judge_raw(R"({"batchItemFailures":[{"itemIdentifier":"m9"}]})").kind, verdict_kind::complete_failure);
  EXPECT_EQ(judge_response(batch_response{{{"m1"}, {"nope"}}}, k_ids, true).kind, verdict_kind::complete_failure);
}

TEST(judge, invalid_json_fails_the_whole_batch) {  // L13
  EXPECT_EQ(judge_raw(R"({"batchItemFailures":[)").kind, verdict_kind::complete_failure);
}

TEST(judge, error_timeout_crash_and_throttle_fail_the_whole_batch) {  // L1, L13: a thrown exception
  for (auto status :
       {invoke_status::handler_error, invoke_status::timeout, invoke_status::crash, invoke_status::throttled}) {
    invoke_outcome o;
    o.status = status;
    o.output = batch_response{};
    EXPECT_EQ(judge_invocation(o, k_ids, true).kind, verdict_kind::complete_failure) << to_string(status);
    EXPECT_EQ(judge_invocation(o, k_ids, false).kind, verdict_kind::complete_failure) << to_string(status);
  }
  invoke_outcome ok;
  ok.output = raw_payload{R"({"batchItemFailures":[{"itemIdentifier":"m2"}]})"};
  EXPECT_EQ(judge_invocation(ok, k_ids, true).failed_ids, (std::vector<std::string>{"m2"}));
}

RC_GTEST_PROP(judge, reported_subset_is_exactly_what_fails, (std::vector<bool> pick)) {  // L13
  std::vector<std::string> ids;
  batch_response response;
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < pick.size(); ++i) {
    ids.push_back("id" + std::to_string(i));
    if (pick[i]) expected.push_back(ids.back());
  }
  for (auto it = expected.rbegin(); it != expected.rend(); ++it) response.batch_item_failures.push_back({*it});
  const auto typed = judge_response(response, ids, true);
  const auto raw = judge_response(nlohmann_text(response), ids, true);
  RC_ASSERT(typed.failed_ids == expected);
  RC_ASSERT(raw.failed_ids == expected);
  RC_ASSERT((typed.kind == verdict_kind::partial_failure) == !expected.empty());
}

}  // namespace
}  // namespace slsim::runtime
