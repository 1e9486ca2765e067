// models::scan_json must accept exactly what nlohmann::json::parse accepts (within the
// limits) and report the same values in the same order: it replaces nlohmann's lexer on
// hot paths (the gateway's schema check, a body's requestId), where a difference would
// change a verdict.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include <bit>
#include <string>
#include <vector>

#include "slsim/models/json_scan.hpp"

namespace slsim::models {
namespace {

// One line per event, the same for both scanners.
struct scan_log {
  std::vector<std::string> lines;
  bool null() { return add("null"); }
  bool boolean(bool b) { return add(b ? "true" : "false"); }
  bool number_integer(std::int64_t v) { return add("i " + std::to_string(v)); }
  bool number_unsigned(std::uint64_t v) { return add("u " + std::to_string(v)); }
  bool number_float(double v) { return add("f " + std::to_string(std::bit_cast<std::uint64_t>(v))); }
  bool string(std::string_view s) { return add("s " + std::string(s)); }
  bool key(std::string_view s) { return add("k " + std::string(s)); }
  bool start_object() { return add("{"); }
  bool end_object() { return add("}"); }
  bool start_array() { return add("["); }
  bool end_array() { return add("]"); }
  bool add(std::string line) {
    lines.push_back(std::move(line));
    return true;
  }
};

struct nlohmann_log final : nlohmann::json_sax<nlohmann::json> {
  scan_log log;
  bool null() override { return log.null(); }
  bool boolean(bool b) override { return log.boolean(b); }
  bool number_integer(number_integer_t v) override { return log.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return log.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t&) override { return log.number_float(v); }
  bool string(string_t& s) override { return log.string(s); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return log.start_object(); }
  bool key(string_t& s) override { return log.key(s); }
  bool end_object() override { return log.end_object(); }
  bool start_array(std::size_t) override { return log.start_array(); }
  bool end_array() override { return log.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

constexpr json_limits k_limits{1 << 20, 8};

void expect_same(const std::string& text) {
  scan_log ours;
  const bool accepted = scan_json(text, ours, k_limits);
  nlohmann_log theirs;
  const bool expected = check_json_bounds(text, k_limits).empty() && nlohmann::json::sax_parse(text, &theirs);
  RC_TAG(expected ? "valid" : "invalid");
  RC_ASSERT(accepted == expected);
  if (expected) RC_ASSERT(ours.lines == theirs.log.lines);
}

// Pieces that make and break JSON: structure, every number form, escapes, surrogates,
// UTF-8 of every length and its malformed cousins, control bytes, a byte order mark.
const std::vector<std::string> k_pieces{"{",
                                        "}",
                                        "[",
                                        "]",
                                        ",",
                                        ":",
                                        " ",
                                        "\n",
                                        "\t",
                                        "\r",
                                        "\"",
                                        "\"a\"",
                                        "\"k\":",
                                        "true",
                                        "false",
                                        "null",
                                        "tru",
                                        "0",
                                        "-0",
                                        "01",
                                        "1.5",
                                        "-2.25e3",
                                        "1e400",
                                        "1e-400",
                                        "-",
                                        "1.",
                                        ".5",
                                        "1e",
                                        "1E+2",
                                        "18446744073709551615",
                                        "18446744073709551616",
                                        "-9223372036854775808",
                                        "-9223372036854775809",
                                        "\\",
                                        "\\n",
                                        "\\u00e9",
                                        "\\u0000",
                                        "\\ud83d\\ude00",
                                        "\\ud83d",
                                        "\\ude00",
                                        "\\u12",
                                        "\\x",
                                        "\xc3\xa9",
                                        "\xc3",
                                        "\xe2\x82\xac",
                                        "\xe0\x80\x80",
                                        "\xed\xa0\x80",
                                        "\xf0\x9f\x98\x80",
                                        "\xf4\x90\x80\x80",
                                        "\xf5",
                                        "\x80",
                                        "\x01",
                                        "\x7f",
                                        "\xef\xbb\xbf",
                                        "/",
                                        "\"\xc3\xa9\"",
                                        "\"\\u00e9\""};

RC_GTEST_PROP(json_scan, accepts_and_reports_what_nlohmann_does_on_assembled_texts, ()) {
  const auto parts = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, k_pieces.size()));
  std::string text;
  for (std::size_t p : parts) text += k_pieces[p];
  expect_same(text);
}

nlohmann::json value(int depth) {
  switch (depth < 4 ? *rc::gen::inRange(0, 8) : *rc::gen::inRange(0, 5)) {
    case 0:
      return nullptr;
    case 1:
      return *rc::gen::arbitrary<bool>();
    case 2:
      return *rc::gen::arbitrary<std::int64_t>();
    case 3:
      return *rc::gen::arbitrary<double>();
    case 4:
      return *rc::gen::element<std::string>("", "plain", "quote\" slash\\ nl\n", "\xc3\xa9\xe2\x82\xac",
                                            std::string("nul\0in", 6), "\x01\x1f");
    case 5: {
      nlohmann::json a = nlohmann::json::array();
      for (int i = *rc::gen::inRange(0, 4); i > 0; --i) a.push_back(value(depth + 1));
      return a;
    }
    default: {
      nlohmann::json o = nlohmann::json::object();
      for (int i = *rc::gen::inRange(0, 4); i > 0; --i)
        o[*rc::gen::element<std::string>("a", "b", "\xc3\xa9")] = value(depth + 1);
      return o;
    }
  }
}

RC_GTEST_PROP(json_scan, agrees_with_nlohmann_on_documents_and_their_mutations, ()) {
  const auto doc = value(0);
  if (!std::isfinite(doc.is_number_float() ? doc.get<double>() : 0.0)) return;
  std::string text = doc.dump(*rc::gen::element(-1, 0, 2), ' ', *rc::gen::arbitrary<bool>());
  expect_same(text);
  // One byte replaced, inserted or removed.
  if (text.empty()) return;
  const auto at = *rc::gen::inRange<std::size_t>(0, text.size());
  const auto piece = k_pieces[*rc::gen::inRange<std::size_t>(0, k_pieces.size())];
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      text.replace(at, 1, piece);
      break;
    case 1:
      text.insert(at, piece);
      break;
    default:
      text.erase(at, 1);
      break;
  }
  expect_same(text);
}

TEST(json_scan, limits_depth_and_size_as_check_json_bounds_does) {
  scan_log log;
  EXPECT_TRUE(scan_json("[[[[[[[[1]]]]]]]]", log, k_limits));  // 8 levels
  EXPECT_FALSE(scan_json("[[[[[[[[[1]]]]]]]]]", log, k_limits));
  EXPECT_FALSE(scan_json(std::string(100, ' ') + "1", log, json_limits{64, 8}));
  // Past 64 levels the scanner keeps the kinds of the open containers in a second store.
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += i % 2 ? "{\"k\":" : "[";
  deep += "1";
  for (int i = 199; i >= 0; --i) deep += i % 2 ? "}" : "]";
  scan_log ours;
  EXPECT_TRUE(scan_json(deep, ours, k_payload_limits));
  nlohmann_log theirs;
  EXPECT_TRUE(nlohmann::json::sax_parse(deep, &theirs));
  EXPECT_EQ(ours.lines, theirs.log.lines);
  EXPECT_FALSE(scan_json(deep.substr(0, deep.size() - 1) + "}", ours, k_payload_limits));  // the wrong closer
}

TEST(json_scan, a_handler_that_returns_false_stops_the_scan) {
  struct stop_at_key : scan_log {
    bool key(std::string_view) { return false; }
  } events;
  EXPECT_FALSE(scan_json(R"({"a":1})", events));
  EXPECT_TRUE(scan_json(R"([1])", events));
}

}  // namespace
}  // namespace slsim::models
