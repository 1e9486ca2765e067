// Condition and update expressions through the public store_core API (D1, D4):
// every feature, and DynamoDB's validation messages for malformed expressions.
#include <gtest/gtest.h>

#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;

class store_expressions : public ::testing::Test {
 protected:
  store_core core{{table()}};
  void SetUp() override {
    item it{{"pk", S("k")},
            {"n", N(5)},
            {"s", S("hello")},
            {"ss", attribute_value::make_set(value_type::ss, {"a", "b"})},
            {"l", attribute_value::l({N(1), S("x"), attribute_value::m({{"c", N(7)}})})},
            {"m", attribute_value::m({{"inr", S("v")}, {"lst", attribute_value::l({N(1), N(2)})}})},
            {"flag", attribute_value::boolean(true)}};
    ASSERT_TRUE(core.put_item(put(std::move(it)), 0).ok());
  }
  // Evaluates `cond` as a DeleteItem-free probe: a conditional no-op update.
  std::string check(const std::string& cond, std::map<std::string, attribute_value, std::less<>> vals = {},
                    std::map<std::string, std::string, std::less<>> names = {}) {
    update_request r;
    r.table = "tbl";
    r.key = {{"pk", S("k")}};
    r.condition = cond;
    if (!vals.empty()) r.expr.values = std::move(vals);
    if (!names.empty()) r.expr.names = std::move(names);
    auto res = core.update_item(r, 1);
    return res.ok() ? "true" : (res.error == store_errc::conditional_check_failed ? "false" : res.message);
  }
  std::string apply(const std::string& expr, std::map<std::string, attribute_value, std::less<>> vals = {},
                    std::map<std::string, std::string, std::less<>> names = {}) {
    update_request r = update("k", expr);
    if (!vals.empty()) r.expr.values = std::move(vals);
    if (!names.empty()) r.expr.names = std::move(names);
    auto res = core.update_item(r, 1);
    return res.ok() ? "OK" : res.message;
  }
  const item& current() { return *core.find("tbl", {{"pk", S("k")}}); }
};

TEST_F(store_expressions, comparisons_follow_type_and_value) {  // D1
  EXPECT_EQ(check("n = :v", {{":v", N("5.0")}}), "true");
  EXPECT_EQ(check("n = :v", {{":v", S("5")}}), "false");  // different types are never equal
  EXPECT_EQ(check("n <> :v", {{":v", S("5")}}), "true");
  EXPECT_EQ(check("n < :v", {{":v", N(10)}}), "true");
  EXPECT_EQ(check("n <= :v", {{":v", N(5)}}), "true");
  EXPECT_EQ(check("n > :v", {{":v", N(5)}}), "false");
  EXPECT_EQ(check("n >= :v", {{":v", N(-1)}}), "true");
  EXPECT_EQ(check("s < :v", {{":v", S("help")}}), "true");
  EXPECT_EQ(check("nothere < :v", {{":v", N(1)}}), "false");
  EXPECT_EQ(check("nothere <> :v", {{":v", N(1)}}), "true");
}

TEST_F(store_expressions, between_in_and_boolean_operators) {  // D1
  EXPECT_EQ(check("n BETWEEN :a AND :b", {{":a", N(1)}, {":b", N(5)}}), "true");
  EXPECT_EQ(check("n between :a and :b", {{":a", N(6)}, {":b", N(9)}}), "false");
  EXPECT_EQ(check("n IN (:a, :b)", {{":a", N(1)}, {":b", N(5)}}), "true");
  EXPECT_EQ(check("n IN (:a)", {{":a", N(1)}}), "false");
  // NOT binds tighter than AND, AND tighter than OR.
  EXPECT_EQ(check("n = :a OR n = :b AND n = :c", {{":a", N(5)}, {":b", N(1)}, {":c", N(2)}}), "true");
  EXPECT_EQ(check("(n = :a OR n = :b) AND n = :c", {{":a", N(5)}, {":b", N(1)}, {":c", N(2)}}), "false");
  EXPECT_EQ(check("NOT n = :a AND n = :b", {{":a", N(1)}, {":b", N(5)}}), "true");
}

TEST_F(store_expressions, functions_and_nested_paths) {  // D1
  EXPECT_EQ(check("attribute_exists(m.inr)"), "true");
  EXPECT_EQ(check("attribute_not_exists(pk)"), "false");  // "create only if absent"
  EXPECT_EQ(check("attribute_exists(l[2].c)"), "true");
  EXPECT_EQ(check("attribute_exists(l[3])"), "false");
  EXPECT_EQ(check("attribute_type(ss, :t)", {{":t", S("SS")}}), "true");
  EXPECT_EQ(check("begins_with(s, :p)", {{":p", S("he")}}), "true");
  EXPECT_EQ(check("contains(s, :p)", {{":p", S("ell")}}), "true");
  EXPECT_EQ(check("contains(ss, :p)", {{":p", S("b")}}), "true");
  EXPECT_EQ(check("contains(l, :p)", {{":p", S("x")}}), "true");
  EXPECT_EQ(check("size(s) = :five", {{":five", N(5)}}), "true");
  EXPECT_EQ(check("size(m.lst) > :one", {{":one", N(1)}}), "true");
  EXPECT_EQ(check("#a.#b = :v", {{":v", S("v")}}, {{"#a", "m"}, {"#b", "inr"}}), "true");
  EXPECT_EQ(check("m.lst[1] = :v", {{":v", N(2)}}), "true");
}

TEST_F(store_expressions, syntax_errors_name_the_token) {
  EXPECT_EQ(check("n ="), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  EXPECT_EQ(check("n = = :v", {{":v", N(1)}}),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
  EXPECT_EQ(check("n = 5"), "Invalid ConditionExpression: Syntax error; token: \"5\", near: \"= 5\"");
  EXPECT_EQ(check(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(apply("SET n = :v +", {{":v", N(1)}}),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
  EXPECT_EQ(apply("PUT n = :v", {{":v", N(1)}}),
            "Invalid UpdateExpression: Syntax error; token: \"PUT\", near: \"PUT n\"");
}

TEST_F(store_expressions, reserved_words_and_placeholders) {
  EXPECT_EQ(check("name = :v", {{":v", S("x")}}),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(check("#name = :v", {{":v", S("x")}}, {{"#name", "name"}}), "false");
  EXPECT_EQ(check("n = :nope", {{":v", N(1)}}),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute "
            "value: :nope");
  EXPECT_EQ(check("#x = :v", {{":v", N(1)}}),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
            "attribute name: #x");
  EXPECT_EQ(check("n = :a", {{":a", N(1)}, {":b", N(2)}}),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
  EXPECT_EQ(check("n = :a", {{":a", N(1)}}, {{"#u", "x"}}),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}");
}

TEST_F(store_expressions, function_misuse_messages) {
  EXPECT_EQ(check("foo(n)"), "Invalid ConditionExpression: Invalid function name; function: foo");
  EXPECT_EQ(check("attribute_exists(n) = :v", {{":v", N(1)}}),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: "
            "attribute_exists");
  EXPECT_EQ(
      check("size(n)"),
      "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
  EXPECT_EQ(check("attribute_exists(n, s)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: "
            "attribute_exists, number of operands: 2");
  EXPECT_EQ(check("n = n"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: =, first operand: [n]");
  EXPECT_EQ(check("n BETWEEN :hi AND :lo", {{":hi", N(9)}, {":lo", N(1)}}),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
            "lower bound; "
            "lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:1}");
  EXPECT_EQ(check("attribute_type(n, :t)", {{":t", S("STRING")}}),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: "
            "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  EXPECT_EQ(check("begins_with(s, :p)", {{":p", N(1)}}),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
            "begins_with, operand type: N");
  EXPECT_EQ(check("((n = :v))", {{":v", N(5)}}),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(check("(n = :v) AND (s = :s)", {{":v", N(5)}, {":s", S("hello")}}), "true");
}

TEST_F(store_expressions, set_arithmetic_if_not_exists_and_list_append) {  // D4
  EXPECT_EQ(apply("SET n = n + :d, c = if_not_exists(c, :z) - :d, l = list_append(l, :t)",
                  {{":d", N("0.5")}, {":z", N(0)}, {":t", attribute_value::l({S("end")})}}),
            "OK");
  EXPECT_EQ(current().at("n"), N("5.5"));
  EXPECT_EQ(current().at("c"), N("-0.5"));
  EXPECT_EQ(current().at("l").list().back(), S("end"));
}

TEST_F(store_expressions, set_on_a_missing_attribute_fails) {  // D4
  EXPECT_EQ(apply("SET x = x + :d", {{":d", N(1)}}),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(apply("SET s = s + :d", {{":d", N(1)}}), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(apply("SET nope.x = :d", {{":d", N(1)}}),
            "The document path provided in the update expression is invalid for update");
}

TEST_F(store_expressions, remove_add_delete) {  // D4
  EXPECT_EQ(apply("REMOVE s, l[0] ADD n :one, ss :more, fresh :one",
                  {{":one", N(1)}, {":more", attribute_value::make_set(value_type::ss, {"c"})}}),
            "OK");
  EXPECT_EQ(apply("DELETE ss :gone", {{":gone", attribute_value::make_set(value_type::ss, {"a"})}}), "OK");
  EXPECT_EQ(current().count("s"), 0u);
  EXPECT_EQ(current().at("l").list().size(), 2u);
  EXPECT_EQ(current().at("l").list()[0], S("x"));
  EXPECT_EQ(current().at("n"), N(6));
  EXPECT_EQ(current().at("fresh"), N(1));  // D4: a missing attribute counts as 0
  EXPECT_EQ(current().at("ss"), attribute_value::make_set(value_type::ss, {"b", "c"}));
  EXPECT_EQ(apply("DELETE ss :all", {{":all", attribute_value::make_set(value_type::ss, {"b", "c"})}}), "OK");
  EXPECT_EQ(current().count("ss"), 0u);  // sets are never empty
  EXPECT_EQ(
      apply("ADD s2 :x", {{":x", S("x")}}),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
  EXPECT_EQ(apply("ADD flag :one", {{":one", N(1)}}), "An operand in the update expression has an incorrect data type");
}

TEST_F(store_expressions, update_validation_messages) {
  EXPECT_EQ(apply("SET a = :v SET b = :v", {{":v", N(1)}}),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  EXPECT_EQ(apply("SET m = :v REMOVE m.inr", {{":v", N(1)}}),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: [m], path two: [m, inr]");
  EXPECT_EQ(
      apply("SET l[0] = :v REMOVE l.x", {{":v", N(1)}}),
      "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these "
      "paths; path one: [l, [0]], path two: [l, x]");
  EXPECT_EQ(apply("SET pk = :v", {{":v", S("z")}}),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  EXPECT_EQ(apply("SET n = :v + :w", {{":v", N(1)}, {":w", S("z")}}),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
            "operand type: S");
  EXPECT_EQ(apply("SET n = foo(n)"), "Invalid UpdateExpression: Invalid function name; function: foo");
  EXPECT_EQ(apply(""), "Invalid UpdateExpression: The expression can not be empty;");
}

TEST_F(store_expressions, nested_set_and_append_beyond_the_end) {  // D4
  EXPECT_EQ(apply("SET m.inr = :v, m.lst[9] = :w", {{":v", S("new")}, {":w", N(3)}}), "OK");
  EXPECT_EQ(current().at("m").map().at("inr"), S("new"));
  ASSERT_EQ(current().at("m").map().at("lst").list().size(), 3u);
  EXPECT_EQ(current().at("m").map().at("lst").list()[2], N(3));
}

}  // namespace
}  // namespace slsim::store
