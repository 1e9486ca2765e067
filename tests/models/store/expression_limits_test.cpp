// MD21: DynamoDB's documented expression limits, each at the limit (accepted) and one past
// it (ValidationException), and the parser's recursion bound on inputs that would otherwise
// overflow the stack (a deeply nested expression sent by a handler).
#include <gtest/gtest.h>

#include "expression_ast.hpp"
#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

store_result condition_put(store_core& core, const std::string& condition, expression_args e = {}) {
  return core.put_item(put({{"pk", S("a")}, {"v", N(1)}}, condition, std::move(e)), 0);
}

// "a = :v OR a = :v OR ..." padded with spaces to exactly `bytes` bytes.
std::string condition_of_size(std::size_t bytes) {
  std::string text = "attribute_not_exists(pk)";
  text += std::string(bytes - text.size(), ' ');
  return text;
}

TEST(expression_limits, a_4096_byte_expression_is_accepted) {
  store_core core{{table()}};
  EXPECT_TRUE(condition_put(core, condition_of_size(4096)).ok());
}

TEST(expression_limits, a_4097_byte_expression_is_a_validation_error) {
  store_core core{{table()}};
  const auto r = condition_put(core, condition_of_size(4097));
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_EQ(
      r.message,
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
}

TEST(expression_limits, an_update_expression_over_4_kb_is_rejected_as_an_update_expression) {
  store_core core{{table()}};
  const auto r = core.update_item(update("a", "SET v = :v" + std::string(4090, ' '), values({{":v", N(1)}})), 0);
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_NE(r.message.find("Invalid UpdateExpression: Expression size has exceeded"), std::string::npos) << r.message;
}

std::string in_list(std::size_t operands) {
  std::string text = "v IN (";
  for (std::size_t i = 0; i < operands; ++i) text += (i ? "," : "") + std::string(":v");
  return text + ")";
}

TEST(expression_limits, in_takes_100_operands) {
  store_core core{{table()}};
  EXPECT_TRUE(condition_put(core, "attribute_not_exists(pk) OR " + in_list(100), values({{":v", N(1)}})).ok());
}

TEST(expression_limits, in_with_101_operands_is_a_validation_error) {
  store_core core{{table()}};
  const auto r = condition_put(core, in_list(101), values({{":v", N(1)}}));
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_EQ(r.message,
            "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
}

// n comparisons joined by OR: 2n - 1 operators.
std::string operators(std::size_t comparisons) {
  std::string text;
  for (std::size_t i = 0; i < comparisons; ++i) text += (i ? " OR " : "") + std::string("v=:v");
  return text;
}

TEST(expression_limits, three_hundred_operators_are_accepted) {
  store_core core{{table()}};
  const auto r = condition_put(core, "attribute_not_exists(pk) OR " + operators(149), values({{":v", N(1)}}));
  EXPECT_TRUE(r.ok()) << r.message;  // 1 + 1 + 297 + ... = 2 + 2*149-1 = 299 ≤ 300
}

TEST(expression_limits, three_hundred_and_one_operators_are_a_validation_error) {
  store_core core{{table()}};
  const auto r = condition_put(core, operators(151), values({{":v", N(1)}}));  // 151 + 150 = 301
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_EQ(r.message, "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
}

TEST(expression_limits, update_operators_count_plus_not_the_assignment) {
  store_core core{{table()}};
  // 300 clauses "vN=:v+:v": 300 "+" and 300 assignments, which do not count.
  std::string ok = "SET ";
  for (int i = 0; i < 300; ++i) ok += (i ? "," : "") + std::string("v") + std::to_string(i) + "=:v+:v";
  ASSERT_LE(ok.size() + 8, 4096u);
  EXPECT_TRUE(core.update_item(update("a", ok, values({{":v", N(1)}})), 0).ok());
  const auto r = core.update_item(update("a", ok + ",w=:v+:v", values({{":v", N(1)}})), 1);
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_EQ(r.message, "Invalid UpdateExpression: The expression contains too many operators; operator count: 301");
}

TEST(expression_limits, a_document_path_of_32_levels_is_accepted_and_33_is_not) {
  store_core core{{table()}};
  const auto path = [](std::size_t levels) {
    std::string p = "a";
    for (std::size_t i = 1; i < levels; ++i) p += ".b";
    return p;
  };
  EXPECT_TRUE(condition_put(core, "attribute_not_exists(" + path(32) + ")").ok());
  const auto r = condition_put(core, "attribute_not_exists(" + path(33) + ")");
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_EQ(r.message,
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
}

TEST(expression_limits, a_placeholder_of_255_bytes_is_accepted_and_256_is_not) {
  store_core core{{table()}};
  const std::string ok = ":" + std::string(254, 'v');
  const std::string over = ":" + std::string(255, 'v');
  EXPECT_TRUE(condition_put(core, "attribute_not_exists(pk) OR v = " + ok, values({{ok, N(1)}})).ok());
  const auto r = condition_put(core, "attribute_not_exists(pk) OR v = " + over, values({{over, N(1)}}));
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_NE(r.message.find("ExpressionAttributeValues contains invalid key"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("256"), std::string::npos) << r.message;
}

TEST(expression_limits, substitutions_over_2_mb_are_a_validation_error) {
  store_core core{{table()}};
  // Two values of 1 MiB + 1 byte each: every value alone is fine, together they exceed 2 MB.
  const std::string big(std::size_t{1} << 20, 'x');
  const auto r = condition_put(core, "attribute_not_exists(pk) OR (v = :a AND v = :b)",
                               values({{":a", S(big)}, {":b", S(big + "y")}}));
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_NE(r.message.find("maximum size of 2 MB"), std::string::npos) << r.message;
}

// The class of the reported crash: nesting that would recurse ~100k frames deep.
TEST(expression_limits, deeply_nested_parentheses_are_a_validation_error_not_a_crash) {
  store_core core{{table()}};
  const std::size_t depth = 100'000;
  const auto r = condition_put(core, repeat("(", depth) + "v = :v" + repeat(")", depth), values({{":v", N(1)}}));
  EXPECT_EQ(r.error, store_errc::validation);  // over 4 KB: rejected before parsing
  // Within 4 KB, the recursion bound answers.
  const auto p = detail::parse_condition(repeat("(", 1500) + "v = :v" + repeat(")", 1500));
  EXPECT_EQ(p->syntax_error, "The expression has redundant parentheses;");
  const auto n = detail::parse_condition(repeat("NOT ", 1000) + "v = :v");
  EXPECT_EQ(n->syntax_error, "The expression contains too many operators; operator count: 1001");
  const auto f = detail::parse_condition(repeat("size(", 400) + "a" + repeat(")", 400) + " > :v");
  EXPECT_EQ(f->syntax_error, "The expression contains too many operators; operator count: 401");
}

TEST(expression_limits, nesting_of_300_operators_still_parses) {
  // Each level holds an operator: 150 NOTs inside 150 parenthesis levels is valid.
  const auto p = detail::parse_condition(repeat("(NOT ", 150) + "v = :v" + repeat(")", 150));
  EXPECT_EQ(p->syntax_error, "");
}

TEST(expression_limits, values_nested_32_levels_are_accepted_and_33_are_not) {
  store_core core{{table()}};
  const auto nested = [](int levels) {
    attribute_value v = N(1);
    for (int i = 1; i < levels; ++i) v = attribute_value::l({v});
    return v;
  };
  EXPECT_TRUE(core.put_item(put({{"pk", S("a")}, {"v", nested(32)}}), 0).ok());
  const auto r = core.put_item(put({{"pk", S("b")}, {"v", nested(33)}}), 1);
  EXPECT_EQ(r.error, store_errc::validation);
  EXPECT_NE(r.message.find("Nesting Levels have exceeded supported limits"), std::string::npos) << r.message;
  const auto c = condition_put(core, "attribute_not_exists(pk) OR v = :v", values({{":v", nested(33)}}));
  EXPECT_EQ(c.error, store_errc::validation);
}

}  // namespace
}  // namespace slsim::store
