// The one loader of user JSON: size and depth are checked before nlohmann parses, errors
// name the source and the line/column, library texts are rewritten in slsim's words.
#include "slsim/models/json_input.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace slsim::models {
namespace {

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string error_of(std::string_view text, const json_limits& limits = k_document_limits) {
  try {
    (void)parse_json(text, "in.json", limits);
  } catch (const input_error& e) {
    return e.what();
  }
  return "";
}

TEST(json_input, nesting_at_the_limit_parses_and_one_more_level_is_an_error) {
  const json_limits limits{1024, 4};
  EXPECT_EQ(error_of("[[[[1]]]]", limits), "");
  EXPECT_EQ(error_of("[[[[[1]]]]]", limits), "in.json: nesting deeper than the limit of 4 levels at line 1, column 5");
}

TEST(json_input, a_hundred_thousand_levels_are_rejected_before_parsing) {
  const auto deep = repeat("[", 100'000) + repeat("]", 100'000);
  EXPECT_NE(error_of(deep).find("nesting deeper than the limit of 64 levels"), std::string::npos);
  EXPECT_FALSE(try_parse_json(deep));
  EXPECT_TRUE(parse_or_discarded(deep).is_discarded());
}

TEST(json_input, brackets_inside_strings_do_not_count) {
  const json_limits limits{1 << 20, 2};
  const std::string text = "{\"a\": \"" + repeat("[{\\\"", 1000) + "\"}";
  EXPECT_EQ(error_of(text, limits), "");
  EXPECT_EQ(parse_json(text, "x", limits)["a"].get<std::string>().size(), 3000u);
}

TEST(json_input, the_depth_error_names_the_line_and_column) {
  EXPECT_EQ(error_of("{\n  \"a\":\n   [[[", json_limits{1024, 3}),
            "in.json: nesting deeper than the limit of 3 levels at line 3, column 6");
}

TEST(json_input, size_is_checked_first) {
  EXPECT_EQ(error_of("[1, 2, 3]", json_limits{8, 64}), "in.json: 9 bytes is larger than the limit of 8 bytes");
}

TEST(json_input, syntax_errors_name_the_line_without_the_library_prefix) {
  const auto e = error_of("{\n\"a\": tru}");
  EXPECT_NE(e.find("in.json: not valid JSON: line 2"), std::string::npos) << e;
  EXPECT_EQ(e.find("[json.exception"), std::string::npos) << e;
  EXPECT_EQ(error_of(" \n "), "in.json: empty: expected a JSON document");
}

TEST(json_input, files_are_checked_before_they_are_read) {
  const auto dir = std::filesystem::temp_directory_path() / "slsim-json-input-test";
  std::filesystem::create_directories(dir);
  const auto big = (dir / "big.json").string();
  std::ofstream(big) << "[" << repeat("0,", 100) << "0]";
  try {
    (void)read_json_file(big, "scenario", json_limits{64, 64});
    FAIL() << "expected an input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), big + ": the scenario is 203 bytes, larger than the limit of 64 bytes");
  }
  EXPECT_THROW((void)read_json_file((dir / "missing.json").string(), "scenario"), input_error);
  EXPECT_THROW((void)read_json_file(dir.string(), "scenario"), input_error);
}

TEST(json_input, library_type_errors_are_described_in_slsim_words) {
  try {
    (void)nlohmann::json("x").get<int>();
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(describe_json_error(e), "expected a number, found a string");
  }
  try {
    (void)nlohmann::json::object().at("kind");
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(describe_json_error(e), "missing field \"kind\"");
  }
}

// The document's answer, the definition top_level_string must match.
std::optional<std::string> field_from_document(std::string_view text, const std::string& key) {
  const auto j = parse_or_discarded(text);
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return std::nullopt;
  return j[key].get<std::string>();
}

TEST(json_input, a_top_level_string_read_without_a_document_is_the_documents) {
  const std::string cases[] = {
      R"({"requestId":"r-1","amount":3})",
      R"({"amount":3,"requestId":"r-2"})",
      R"( { "requestId" : "r\u0041\"x" } )",
      R"({"requestId":"a","requestId":"b"})",
      R"({"requestId":"a","requestId":5})",
      R"({"requestId":5,"requestId":"a"})",
      R"({"requestId":{"requestId":"inner"}})",
      R"({"requestId":["x"]})",
      R"({"requestId":null})",
      R"({"nested":{"requestId":"inner"}})",
      R"({"nested":{"requestId":"inner"},"requestId":"outer"})",
      R"({"list":[{"requestId":"x"}],"requestId":"y"})",
      R"(["requestId","x"])",
      R"("requestId")",
      R"({"requestId":"x")",
      R"({"requestId":"x"} trailing)",
      R"({"requestId":"x","big":1e999})",
      R"({"requestId":"x","bad":tru})",
      "",
      "{}",
      R"({"requestid":"case"})",
      "{\"requestId\":\"" + repeat("x", 2000) + "\"}",
      repeat("[", 200) + repeat("]", 200),
      "{\"a\":" + repeat("[", 80) + repeat("]", 80) + ",\"requestId\":\"deep\"}",
  };
  for (const auto& text : cases)
    EXPECT_EQ(top_level_string(text, "requestId"), field_from_document(text, "requestId")) << text;
}

}  // namespace
}  // namespace slsim::models
