// First-divergence diff between two traces.
#include <gtest/gtest.h>

#include "slsim/sim/context.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::traces {
namespace {

constexpr sim::event_kind k_put{"store", "put", {"item"}, "outcome"};

std::string trace_with(std::int64_t third_outcome, int records) {
  std::string memory;
  sim::context ctx;
  trace_writer writer(memory, trace_header{"0.1.0", "h", {{"seed", 1}}});
  ctx.set_trace_listener(&writer);
  for (int i = 0; i < records; ++i)
    ctx.emit({.kind = &k_put, .ids = {static_cast<std::uint64_t>(i + 1)}, .value = i == 2 ? third_outcome : 0});
  const auto result = ctx.run();
  writer.finish({result.records, result.trace_hash, "ok", result.end_time});
  return memory;
}

TEST(trace_diff, identical_traces_have_no_divergence) {
  const auto a = parse_trace(trace_with(1, 5), "a");
  const auto b = parse_trace(trace_with(1, 5), "b");
  EXPECT_FALSE(first_divergence(a, b).has_value());
}

TEST(trace_diff, reports_the_first_divergent_line_with_both_versions) {
  const auto a = parse_trace(trace_with(1, 5), "a");
  const auto b = parse_trace(trace_with(2, 5), "b");
  const auto d = first_divergence(a, b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line, 4u);  // header, record 0, record 1, then record 2 differs
  EXPECT_NE(d->left.find("\"outcome\":1"), std::string::npos);
  EXPECT_NE(d->right.find("\"outcome\":2"), std::string::npos);
  EXPECT_EQ(d->context.size(), 3u);
  const auto text = d->describe("a", "b");
  EXPECT_NE(text.find("first divergence at line 4"), std::string::npos) << text;
}

TEST(trace_diff, a_longer_trace_diverges_where_the_shorter_ends) {
  const auto a = parse_trace(trace_with(1, 3), "a");
  const auto b = parse_trace(trace_with(1, 6), "b");
  const auto d = first_divergence(a, b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line, 5u);  // a's end line vs b's 4th record
  EXPECT_NE(d->left.find("\"end\":true"), std::string::npos);
  EXPECT_EQ(d->after_counts.at("store.put").second, 3u);
}

TEST(trace_diff, the_divergence_names_the_request_of_the_first_differing_line) {
  line_comparer c;
  c.both(R"({"c":"runtime","e":"invoke_start","invocation":4,"environment":2})",
         R"({"c":"runtime","e":"invoke_start","invocation":4,"environment":2})");
  c.both(R"({"c":"store","e":"change","key_digest":1,"invocation":7,"digest":"aa"})",
         R"({"c":"store","e":"change","key_digest":1,"invocation":7,"digest":"bb"})");
  const auto d = c.result();
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->request);
  EXPECT_EQ(d->request->field, "invocation");
  EXPECT_EQ(d->request->id, 7u);
  EXPECT_TRUE(d->request->on_line);
  EXPECT_EQ(d->kind, "store.change");
  EXPECT_NE(d->describe("a", "b").find("first differing request: invocation 7 (store.change)"), std::string::npos);
}

TEST(trace_diff, a_differing_line_without_an_id_is_named_by_the_nearest_line_before_it) {
  line_comparer c;
  c.both(R"({"c":"client","e":"attempt","request":3,"attempt":1})",
         R"({"c":"client","e":"attempt","request":3,"attempt":1})");
  c.both(R"({"c":"esm","e":"deliver","batch":2,"attempt":1,"invocation":9,"message_index":0})",
         R"({"c":"esm","e":"deliver","batch":2,"attempt":1,"invocation":9,"message_index":0})");
  c.both(R"({"c":"store","e":"op","operation_hash":5,"returned_digest":1})",
         R"({"c":"store","e":"op","operation_hash":5,"returned_digest":2})");
  const auto d = c.result();
  ASSERT_TRUE(d && d->request);
  EXPECT_EQ(d->request->field, "invocation");
  EXPECT_EQ(d->request->id, 9u);
  EXPECT_FALSE(d->request->on_line);
  EXPECT_NE(d->describe("a", "b").find("named by the nearest line before it"), std::string::npos);
}

TEST(trace_diff, ids_that_are_zero_name_no_request) {
  line_comparer c;
  c.both(R"({"c":"x","e":"y","invocation":0,"value":1})", R"({"c":"x","e":"y","invocation":0,"value":2})");
  const auto d = c.result();
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->request);
}

}  // namespace
}  // namespace slsim::traces
