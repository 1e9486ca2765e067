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

}  // namespace
}  // namespace slsim::traces
