// G2: a body's text is checked without building its document (src/schema_stream.cpp).
// The verdict and its field must be the document walk's on every schema and body:
// several errors at once (which one is reported), duplicate keys (the last counts),
// required names that are not properties, numbers of every kind, nested objects, arrays
// and malformed text.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "slsim/gateway/schema.hpp"

namespace slsim::gateway {
namespace {

const std::vector<std::string> k_names{"a", "b", "c", "id", "\xc3\xa9"};

// The verdict of the document walk on the parsed body.
schema_result walked(const body_validator& v, const std::string& body) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) return {schema_error::malformed_json, {}};
  return v.validate(doc);
}

nlohmann::json scalar_value() {
  switch (*rc::gen::inRange(0, 7)) {
    case 0:
      return nullptr;
    case 1:
      return *rc::gen::arbitrary<bool>();
    case 2:
      return *rc::gen::inRange(-3, 4);
    case 3:
      return *rc::gen::element(0.5, 2.0, -1.0, 1e30);
    case 4:
      return std::uint64_t{18446744073709551615ULL};
    default:
      return *rc::gen::element<std::string>("", "x", "xy", "\xc3\xa9\xc3\xa9", "long enough text");
  }
}

nlohmann::json schema(int depth) {
  nlohmann::json s = nlohmann::json::object();
  static const std::vector<std::string> types{"string", "number", "integer", "boolean", "object", "array", "null"};
  if (*rc::gen::inRange(0, 3) != 0) {
    const auto picks = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 7));
    if (picks.size() == 1) {
      s["type"] = types[static_cast<std::size_t>(picks[0])];
    } else if (!picks.empty()) {
      for (int p : picks) s["type"].push_back(types[static_cast<std::size_t>(p)]);
    }
  }
  if (*rc::gen::inRange(0, 5) == 0) {
    const int n = *rc::gen::inRange(1, 4);
    for (int i = 0; i < n; ++i) s["enum"].push_back(scalar_value());
  }
  if (*rc::gen::inRange(0, 3) == 0) s["maxLength"] = *rc::gen::inRange(0u, 4u);
  if (*rc::gen::inRange(0, 3) == 0) s["minLength"] = *rc::gen::inRange(0u, 4u);
  if (*rc::gen::inRange(0, 3) == 0) s["minimum"] = *rc::gen::element(-1.0, 0.0, 1.5);
  if (*rc::gen::inRange(0, 3) == 0) s["maximum"] = *rc::gen::element(0.0, 2.0, 3.5);
  if (depth < 2 && *rc::gen::inRange(0, 3) != 0) {
    for (const auto& name : k_names)
      if (*rc::gen::inRange(0, 2) == 0) s["properties"][name] = schema(depth + 1);
    for (const auto& name : k_names)
      if (*rc::gen::inRange(0, 3) == 0) s["required"].push_back(name);
    if (*rc::gen::arbitrary<bool>()) s["additionalProperties"] = *rc::gen::arbitrary<bool>();
  }
  return s;
}

// Text, not a document: objects may repeat a key.
std::string body(int depth) {
  switch (depth < 3 ? *rc::gen::inRange(0, 4) : 0) {
    case 0:
      return scalar_value().dump();
    case 1: {
      std::string out = "[";
      const int n = *rc::gen::inRange(0, 3);
      for (int i = 0; i < n; ++i) out += (i ? "," : "") + body(depth + 1);
      return out + "]";
    }
    default: {
      std::string out = "{";
      const int n = *rc::gen::inRange(0, 5);
      for (int i = 0; i < n; ++i) {
        const std::string key = *rc::gen::inRange(0, 6) == 0 ? "zz" : *rc::gen::elementOf(k_names);
        out += (i ? "," : "") + nlohmann::json(key).dump() + ":" + body(depth + 1);
      }
      return out + "}";
    }
  }
}

RC_GTEST_PROP(schema_stream, agrees_with_the_document_walk_on_generated_schemas_and_bodies, ()) {
  const auto s = schema(0);
  const body_validator v(s);
  std::string text = body(0);
  if (*rc::gen::inRange(0, 8) == 0) text = text.substr(0, *rc::gen::inRange<std::size_t>(0, text.size() + 1));
  const auto streamed = v.validate_text(text);
  const auto expected = walked(v, text);
  RC_TAG(std::string(to_string(expected.error)));
  RC_ASSERT(to_string(streamed.error) == std::string(to_string(expected.error)));
  RC_ASSERT(streamed.field == expected.field);
}

TEST(schema_stream, the_first_error_in_the_walks_order_is_reported_and_the_last_duplicate_counts) {
  const body_validator v(nlohmann::json::parse(R"({
    "type": "object", "required": ["id", "x"], "additionalProperties": false,
    "properties": {"a": {"type": "integer"}, "b": {"type": "string", "maxLength": 2}, "id": {}, "x": {}}})"));
  // A missing required name comes before a bad property, whatever the key order.
  EXPECT_EQ(v.validate_text(R"({"b":"long","a":"s","id":1})").error, schema_error::missing_required);
  EXPECT_EQ(v.validate_text(R"({"b":"long","a":"s","id":1})").field, "x");
  // Properties in the schema's order, not the body's.
  const auto r = v.validate_text(R"({"x":1,"id":1,"b":"long","a":"s"})");
  EXPECT_EQ(r.error, schema_error::wrong_type);
  EXPECT_EQ(r.field, "a");
  // The last of duplicate keys counts, in both directions.
  EXPECT_TRUE(v.validate_text(R"({"x":1,"id":1,"a":"s","a":2})").ok());
  EXPECT_EQ(v.validate_text(R"({"x":1,"id":1,"a":2,"a":"s"})").error, schema_error::wrong_type);
  // The least additional key, not the first.
  const auto extra = v.validate_text(R"({"x":1,"id":1,"q":1,"c":1})");
  EXPECT_EQ(extra.error, schema_error::additional_property);
  EXPECT_EQ(extra.field, "c");
  // Malformed text is malformed even after an error was found.
  EXPECT_EQ(v.validate_text(R"({"a":"s","id":1 "x":1})").error, schema_error::malformed_json);
}

TEST(schema_stream, an_enum_holding_an_object_is_checked_on_the_document) {
  const body_validator v(nlohmann::json::parse(R"({"properties": {"a": {"enum": [{"k": 1}, 2]}}})"));
  EXPECT_TRUE(v.validate_text(R"({"a": {"k": 1}})").ok());
  EXPECT_TRUE(v.validate_text(R"({"a": 2.0})").ok());
  EXPECT_EQ(v.validate_text(R"({"a": {"k": 2}})").error, schema_error::not_in_enum);
}

}  // namespace
}  // namespace slsim::gateway
