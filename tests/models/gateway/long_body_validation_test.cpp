// Long string values are validated without lexing them (src/long_strings.hpp): the verdict
// must be the one a full parse gives, on every kind of body around the compaction.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "slsim/gateway/schema.hpp"

namespace slsim::gateway {
namespace {

const body_validator& validator() {
  static const body_validator v(nlohmann::json::parse(R"({
    "type": "object", "required": ["orderId", "amount"], "additionalProperties": false,
    "properties": {"orderId": {"type": "string", "minLength": 1, "maxLength": 2000},
                   "amount": {"type": "integer", "minimum": 1}, "note": {"type": "string", "minLength": 1500},
                   "kind": {"enum": ["a", "b"]}, "padding": {"type": "string"}}})"));
  return v;
}

// The verdict of a full parse (no compaction).
schema_result reference(const std::string& body) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) return {schema_error::malformed_json, {}};
  return validator().validate(doc);
}

void expect_same(const std::string& body) {
  const auto fast = validator().validate_text(body);
  const auto full = reference(body);
  EXPECT_EQ(to_string(fast.error), std::string(to_string(full.error))) << body.substr(0, 200);
  EXPECT_EQ(fast.field, full.field) << body.substr(0, 200);
}

std::string run(std::size_t n, char c = 'x') { return std::string(n, c); }

TEST(long_body_validation, lengths_of_long_strings_are_measured_exactly_at_the_limits) {
  for (std::size_t n : {1023u, 1024u, 1499u, 1500u, 1999u, 2000u, 2001u, 100000u}) {
    expect_same(R"({"orderId":")" + run(n) + R"(","amount":5})");
    expect_same(R"({"orderId":"o","amount":5,"note":")" + run(n) + R"("})");
  }
  EXPECT_EQ(validator().validate_text(R"({"orderId":")" + run(2001) + R"(","amount":5})").error,
            schema_error::too_long);
  EXPECT_TRUE(validator().validate_text(R"({"orderId":")" + run(2000) + R"(","amount":5})").ok());
}

TEST(long_body_validation, malformed_bodies_around_long_strings_stay_malformed) {
  const std::string pad = run(5000);
  for (const std::string& body : {
           R"({"orderId":"o","amount":5,"padding":")" + pad,                     // unterminated
           R"({"orderId":"o","amount":5,"padding":")" + pad + R"(" "x":1})",     // missing comma
           R"({"orderId":"o","amount":5,"padding":")" + pad + "\x01" + R"("})",  // control character
           R"({"orderId":"o","amount":5,"padding":")" + pad + R"(\q"})",         // bad escape
           R"({"orderId":"o","amount":5,"padding":")" + pad + R"("}})",          // extra brace
           R"({"orderId":"o","amount":5,)" + pad + R"(":1})",                    // bare word
           R"(")" + pad + R"(")",                                                // a string, not an object
       })
    expect_same(body);
}

TEST(long_body_validation, escapes_non_ascii_keys_and_nul_escapes_take_the_full_path) {
  const std::string pad = run(3000);
  expect_same(R"({"orderId":"o","amount":5,"padding":")" + pad + R"(\"quoted\" ")" + pad + R"("})");
  expect_same(R"({"orderId":")" + run(1990) + "é€" + R"(","amount":5})");  // code points, not bytes
  expect_same(R"({"orderId":")" + run(1999) + "éé" + R"(","amount":5})");
  expect_same(R"({"orderId":"o","amount":5,")" + pad + R"(":"v"})");      // a long key
  expect_same(R"({"orderId":"\u0000)" + run(1500) + R"(","amount":5})");  // a NUL escape in the body
  expect_same(R"({"orderId":"o","amount":5,"padding":")" + pad + R"(","x":"\u0000"})");
  expect_same(R"({"orderId":"o","amount":5,"kind":")" + pad + R"("})");  // enum mismatch
  expect_same(R"({"orderId":"o","amount":5,"padding":[")" + pad + R"(",")" + pad + R"("]})");
}

// Bodies assembled from fragments, some long, some broken: the fast path's verdict always
// equals the full parse's.
TEST(long_body_validation, a_special_byte_at_any_offset_of_a_long_run_is_seen) {
  // The run is scanned sixteen and eight bytes at a time: every offset of each byte class
  // that ends a plain run (control, DEL, non-ASCII, quote, backslash) must be found.
  for (const std::string special : {"\x1f", "\x7f", "\xc3\xa9", "\"", "\\n", "\\\""})
    for (std::size_t offset = 0; offset < 48; ++offset) {
      expect_same(R"({"orderId":"o","amount":5,"note":")" + run(offset) + special + run(1600) + R"("})");
      expect_same(R"({"orderId":"o","amount":5,"padding":")" + run(1200 + offset) + special + R"("})");
    }
}

RC_GTEST_PROP(long_body_validation, agrees_with_a_full_parse_on_generated_bodies, ()) {
  const std::vector<std::string> fragments{
      R"({)",      R"(})",         R"([)",      R"(])", R"(,)",  R"(:)",    R"("orderId")", R"("amount")",
      R"("note")", R"("padding")", R"("kind")", R"(5)", R"(-1)", R"(true)", R"(null)",      R"("a")",
      R"("\n")",   R"("\u0000")",  R"(\)",      R"(")", " ",     "é"};
  const auto parts = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 30));
  std::string body = R"({"orderId":"o","amount":5)";
  for (int p : parts) {
    if (p < static_cast<int>(fragments.size()))
      body += fragments[static_cast<std::size_t>(p)];
    else
      body += "\"" + run(static_cast<std::size_t>(1000 + 40 * p), 'a' + static_cast<char>(p % 26)) + "\"";
  }
  if (*rc::gen::arbitrary<bool>()) body += "}";
  const auto fast = validator().validate_text(body);
  const auto full = reference(body);
  RC_ASSERT(fast.error == full.error);
  RC_ASSERT(fast.field == full.field);
}

}  // namespace
}  // namespace slsim::gateway
