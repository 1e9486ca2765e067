// What the ESM deletes and what comes back (L1, L13, P4, P5, L15), and the event shape (L14).
#include <gtest/gtest.h>

#include <fstream>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;
using testing::test_code;

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

TEST(esm_delivery, error_returns_the_whole_batch_after_the_visibility_timeout_without_immediate_retry) {  // L1, P4
  harness h;
  h.create(testing::standard_queue(30), testing::function_with(10), {});
  const std::vector<std::string> ids{h.send("a"), h.send("poison"), h.send("b")};
  h.run_for(sim::seconds(50));
  ASSERT_EQ(h.code.seen.size(), 2u);
  EXPECT_EQ(h.code.seen[0].start, 0);
  EXPECT_GE(h.code.seen[1].start, sim::seconds(30));   // no retry before the visibility timeout
  EXPECT_EQ(as_set(h.code.seen[1].ids), as_set(ids));  // good neighbours come back too (P4)
  EXPECT_EQ(h.code.seen[1].receive_counts, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(h.queues.counters(h.queue_name).deleted, 0u);
  EXPECT_EQ(h.observed.count(failure_cause::handler_error), 6u);
}

TEST(esm_delivery, success_deletes_the_whole_batch) {  // L1
  harness h;
  h.create(testing::standard_queue(30), testing::function_with(10), {});
  h.send("a");
  h.send("b");
  h.run_for(sim::seconds(60));
  EXPECT_EQ(h.code.seen.size(), 1u);
  EXPECT_EQ(h.queues.counters(h.queue_name).deleted, 2u);
  EXPECT_EQ(h.observed.deleted.size(), 2u);
  EXPECT_EQ(h.queues.get_queue_attributes(h.queue_name).approximate_number_of_messages_not_visible, 0);
}

TEST(esm_delivery, partial_batch_response_retries_only_the_reported_items) {  // L13
  harness h;
  esm_config e;
  e.report_batch_item_failures = true;
  h.code.how = test_code::mode::partial;
  h.create(testing::standard_queue(30), testing::function_with(10), e);
  h.send("a");
  const std::string poison = h.send("poison");
  h.send("b");
  h.run_for(sim::seconds(50));
  ASSERT_EQ(h.code.seen.size(), 2u);
  EXPECT_EQ(h.code.seen[1].ids, (std::vector<std::string>{poison}));
  EXPECT_GE(h.code.seen[1].start, sim::seconds(30));
  EXPECT_EQ(h.queues.counters(h.queue_name).deleted, 2u);
  EXPECT_EQ(h.observed.count(failure_cause::reported), 2u);
}

/// Runs one batch of {a, b, c} whose handler returns `raw` and reports which ids came back.
struct raw_case {
  harness h;
  std::vector<std::string> ids;
  raw_case(bool enabled, const std::function<std::string(const std::vector<std::string>&)>& response) {
    esm_config e;
    e.report_batch_item_failures = enabled;
    h.code.how = test_code::mode::raw;
    h.create(testing::standard_queue(30), testing::function_with(10), e);
    ids = {h.send("a"), h.send("b"), h.send("c")};
    h.code.raw_response = response(ids);
    h.run_for(sim::seconds(45));
  }
  std::vector<std::string> redelivered() const {
    return h.code.seen.size() > 1 ? h.code.seen[1].ids : std::vector<std::string>{};
  }
};

TEST(esm_delivery, misspelled_top_level_key_counts_as_success) {  // L13, P5
  raw_case c(true, [](const auto& ids) { return R"({"batchItemFailure":[{"itemIdentifier":")" + ids[0] + R"("}]})"; });
  EXPECT_TRUE(c.redelivered().empty());
  EXPECT_EQ(c.h.queues.counters(c.h.queue_name).deleted, 3u);
}

TEST(esm_delivery, item_id_key_fails_the_whole_batch) {  // L13, P5
  raw_case c(true, [](const auto& ids) { return R"({"batchItemFailures":[{"itemId":")" + ids[0] + R"("}]})"; });
  EXPECT_EQ(as_set(c.redelivered()), as_set(c.ids));
  // Both deliveries (t = 0 and t = 30 s) return the same malformed response: 2 x 3 messages.
  EXPECT_EQ(c.h.observed.count(failure_cause::invalid_response), 6u);
}

TEST(esm_delivery, unknown_item_identifier_fails_the_whole_batch) {  // L13, P5
  raw_case c(true, [](const auto&) { return R"({"batchItemFailures":[{"itemIdentifier":"not-in-batch"}]})"; });
  EXPECT_EQ(as_set(c.redelivered()), as_set(c.ids));
}

TEST(esm_delivery, empty_item_identifier_fails_the_whole_batch) {  // L13, P5
  raw_case c(true, [](const auto&) { return R"({"batchItemFailures":[{"itemIdentifier":""}]})"; });
  EXPECT_EQ(as_set(c.redelivered()), as_set(c.ids));
}

TEST(esm_delivery, invalid_json_fails_the_whole_batch) {  // L13
  raw_case c(true, [](const auto&) { return R"({"batchItemFailures":)"; });
  EXPECT_EQ(as_set(c.redelivered()), as_set(c.ids));
}

TEST(esm_delivery, feature_off_ignores_the_failure_list_and_deletes_everything) {  // L13, P5
  raw_case c(false,
             [](const auto& ids) { return R"({"batchItemFailures":[{"itemIdentifier":")" + ids[1] + R"("}]})"; });
  EXPECT_TRUE(c.redelivered().empty());
  EXPECT_EQ(c.h.queues.counters(c.h.queue_name).deleted, 3u);
}

TEST(esm_delivery, filtered_out_messages_are_deleted_without_invocation) {  // L15
  harness h;
  esm_config e;
  e.filter_patterns = {R"({"body":{"kind":["order"]}})"};
  h.create(testing::standard_queue(30), testing::function_with(10), e);
  h.send(R"({"kind":"order","n":1})");
  const std::string other = h.send(R"({"kind":"refund"})");
  h.run_for(sim::seconds(40));
  ASSERT_EQ(h.code.seen.size(), 1u);
  EXPECT_EQ(h.code.seen[0].bodies, (std::vector<std::string>{R"({"kind":"order","n":1})"}));
  EXPECT_EQ(h.observed.filtered, (std::vector<std::string>{other}));
  EXPECT_TRUE(h.queues.stored_messages(h.queue_name).empty());
}

void expect_same_keys(const nlohmann::json& a, const nlohmann::json& b, const std::string& path) {
  if (!a.is_object() || !b.is_object()) return;
  std::set<std::string> ka, kb;
  for (const auto& [k, v] : a.items()) ka.insert(k);
  for (const auto& [k, v] : b.items()) kb.insert(k);
  EXPECT_EQ(ka, kb) << "at " << path;
  for (const auto& k : ka)
    if (b.contains(k)) expect_same_keys(a[k], b[k], path + "." + k);
}

TEST(esm_delivery, generated_records_have_the_shape_of_the_real_lambda_event) {  // L14
  harness h;
  h.code.capture_json = true;
  h.create(testing::standard_queue(30), testing::function_with(10), {});
  h.send("Message Body", "",
         {{.name = "Attribute1", .data_type = "String", .string_value = "AttributeValue1"},
          {.name = "Attribute2", .data_type = "Number", .string_value = "123"},
          {.name = "Attribute3", .data_type = "Binary", .binary_value = "1100"}});
  h.run_for(sim::seconds(5));
  ASSERT_EQ(h.code.events_json.size(), 1u);
  std::ifstream in(std::string(SLSIM_TEST_FIXTURES) + "/sqs-event.aws-lambda-go.json");
  const auto fixture = nlohmann::json::parse(in);
  const auto& record = h.code.events_json[0]["Records"][0];
  expect_same_keys(record, fixture["Records"][0], "Records[0]");
  expect_same_keys(h.code.events_json[0], fixture, "");
  for (const auto& [k, v] : record["attributes"].items()) EXPECT_TRUE(v.is_string()) << k;  // L14
  EXPECT_EQ(record["messageAttributes"]["Attribute3"]["binaryValue"], "MTEwMA==");          // base64, as in the sample
  EXPECT_EQ(record["eventSource"], "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"], queue::queue_arn(h.queue_name));
  EXPECT_EQ(record["attributes"]["ApproximateReceiveCount"], "1");
}

TEST(esm_delivery, equal_runs_give_equal_trace_hashes) {
  const auto once = [](const std::string& body) {
    harness h;
    h.create(testing::standard_queue(30), testing::function_with(10), {});
    for (int i = 0; i < 25; ++i) h.send(i == 7 ? body : "m" + std::to_string(i));
    return h.run_for(sim::seconds(100)).trace_hash;
  };
  EXPECT_EQ(once("poison"), once("poison"));
  EXPECT_NE(once("poison"), once("fine"));
}

}  // namespace
}  // namespace slsim::esm
