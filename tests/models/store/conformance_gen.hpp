#pragma once
// RapidCheck generators of DynamoDB wire requests for the differential tests: Put,
// Update, Delete and Get over a small key space, with random condition and update
// expressions whose placeholders are collected as the expression is built.
#include <rapidcheck.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace slsim::store::conformance {

using json = nlohmann::json;

/// One generated call: the operation name and its JSON body (TableName filled later).
struct wire_op {
  std::string operation;
  json body;
};

/// Builds one expression and the placeholders it uses.
class expr_builder {
 public:
  json values = json::object();
  json names = json::object();

  std::string value(json v) {
    const auto key = ":v" + std::to_string(values.size());
    values[key] = std::move(v);
    return key;
  }

  static json number() {
    static const std::vector<std::string> k{"0", "1", "2", "-3", "1.5", "10", "0.25", "100", "7"};
    return {{"N", *rc::gen::elementOf(k)}};
  }
  static json string() {
    // No "": rule_empty_string_in (dynalite treats an empty string as absent in IN).
    static const std::vector<std::string> k{"x", "xy", "abc", "b", "ab"};
    return {{"S", *rc::gen::elementOf(k)}};
  }
  static json string_set() {
    static const std::vector<json> k{json::array({"x"}), json::array({"x", "y"}), json::array({"z"}),
                                     json::array({"y", "z"})};
    return {{"SS", *rc::gen::elementOf(k)}};
  }
  static json any_value(int depth = 0) {
    switch (*rc::gen::inRange(0, depth > 0 ? 6 : 8)) {
      case 0:
      case 1:
        return number();
      case 2:
      case 3:
        return string();
      case 4:
        return string_set();
      case 5:
        return {{"BOOL", *rc::gen::arbitrary<bool>()}};
      case 6:
        return {{"L", json::array({any_value(depth + 1)})}};
      default:
        return {{"M", {{"x", number()}}}};
    }
  }

  std::string path() {
    static const std::vector<std::string> k{"a", "b", "c", "d", "e", "e.x", "d[0]", "pk", "#n"};
    auto p = *rc::gen::elementOf(k);
    if (p == "#n") names["#n"] = "a";
    return p;
  }

  std::string condition(int depth = 0) {
    const int pick = *rc::gen::inRange(0, depth < 2 ? 14 : 11);
    switch (pick) {
      case 0:
        return "attribute_exists(" + path() + ")";
      case 1:
        return "attribute_not_exists(" + path() + ")";
      case 2:
        return path() + " = " + value(any_value());
      case 3:
        return path() + " <> " + value(any_value());
      case 4:
        return path() + " < " + value(number());
      case 5:
        return path() + " >= " + value(*rc::gen::arbitrary<bool>() ? number() : string());
      case 6:
        return "begins_with(" + path() + ", " + value(string()) + ")";
      case 7:
        return "contains(" + path() + ", " + value(*rc::gen::arbitrary<bool>() ? string() : number()) + ")";
      case 8:
        return "size(" + path() + ") > " + value(number());
      case 9: {
        const auto lo = value({{"N", std::to_string(*rc::gen::inRange(-2, 3))}});
        const auto hi = value({{"N", std::to_string(*rc::gen::inRange(1, 12))}});
        return path() + " BETWEEN " + lo + " AND " + hi;
      }
      case 10:
        return path() + " IN (" + value(number()) + ", " + value(string()) + ")";
      case 11: {  // rule_double_not: dynalite rejects "NOT NOT c", so nest with parentheses
        auto inner = condition(depth + 1);
        return inner.rfind("NOT ", 0) == 0 ? "NOT (" + inner + ")" : "NOT " + inner;
      }
      case 12:
        return "(" + condition(depth + 1) + ") AND " + condition(depth + 1);
      default:
        return condition(depth + 1) + " OR " + condition(depth + 1);
    }
  }

  std::string update() {
    std::vector<std::string> sets, removes, adds, deletes;
    const int n = *rc::gen::inRange(1, 4);
    std::vector<std::string> used;
    for (int i = 0; i < n; ++i) {
      switch (*rc::gen::inRange(0, 10)) {
        case 0:
          sets.push_back(path() + " = " + value(any_value()));
          break;
        case 1:
          sets.push_back("a = a + " + value(number()));
          break;
        case 2:
          sets.push_back("a = if_not_exists(a, " + value(number()) + ") - " + value(number()));
          break;
        case 3:
          sets.push_back("d = list_append(if_not_exists(d, " + value({{"L", json::array()}}) + "), " +
                         value({{"L", json::array({number()})}}) + ")");
          break;
        case 4:
          sets.push_back("e.x = " + value(number()));
          break;
        case 5:
          removes.push_back(path());
          break;
        case 6:
          adds.push_back("a " + value(number()));
          break;
        case 7:
          adds.push_back("c " + value(string_set()));
          break;
        case 8:
          deletes.push_back("c " + value(string_set()));
          break;
        default:
          sets.push_back("b = " + value(string()));
          break;
      }
    }
    std::string out;
    const auto section = [&](const char* kw, const std::vector<std::string>& xs) {
      if (xs.empty()) return;
      out += (out.empty() ? "" : " ") + std::string(kw) + " ";
      for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + xs[i];
    };
    section("SET", sets);
    section("REMOVE", removes);
    section("ADD", adds);
    section("DELETE", deletes);
    return out;
  }

  void attach(json& body) const {
    if (!values.empty()) body["ExpressionAttributeValues"] = values;
    if (!names.empty()) body["ExpressionAttributeNames"] = names;
  }
};

inline json key() { return {{"pk", {{"S", "k" + std::to_string(*rc::gen::inRange(0, 3))}}}}; }

inline json random_item() {
  json it = key();
  static const std::vector<std::string> attrs{"a", "b", "c", "d", "e"};
  for (const auto& a : attrs) {
    if (!*rc::gen::arbitrary<bool>()) continue;
    if (a == "a")
      it[a] = expr_builder::number();
    else if (a == "b")
      it[a] = expr_builder::string();
    else if (a == "c")
      it[a] = expr_builder::string_set();
    else if (a == "d")
      it[a] = {{"L", json::array({expr_builder::number(), expr_builder::string()})}};
    else
      it[a] = {{"M", {{"x", expr_builder::number()}}}};
  }
  return it;
}

inline wire_op random_op() {
  expr_builder b;
  wire_op op;
  const int kind = *rc::gen::inRange(0, 10);
  const bool conditional = *rc::gen::inRange(0, 3) > 0;
  static const std::vector<std::string> k_write_rv{"NONE", "ALL_OLD"};
  static const std::vector<std::string> k_update_rv{"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"};
  if (kind <= 2) {
    op.operation = "PutItem";
    op.body = {{"Item", random_item()}};
    if (*rc::gen::arbitrary<bool>()) op.body["ReturnValues"] = *rc::gen::elementOf(k_write_rv);
  } else if (kind <= 6) {
    op.operation = "UpdateItem";
    op.body = {{"Key", key()}, {"UpdateExpression", b.update()}};
    op.body["ReturnValues"] = *rc::gen::elementOf(k_update_rv);
  } else if (kind <= 7) {
    op.operation = "DeleteItem";
    op.body = {{"Key", key()}};
    if (*rc::gen::arbitrary<bool>()) op.body["ReturnValues"] = *rc::gen::elementOf(k_write_rv);
  } else {
    op.operation = "GetItem";
    op.body = {{"Key", key()}, {"ConsistentRead", true}};
    return op;
  }
  if (conditional) op.body["ConditionExpression"] = b.condition();
  if (*rc::gen::inRange(0, 4) == 0) op.body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
  b.attach(op.body);
  return op;
}

}  // namespace slsim::store::conformance
