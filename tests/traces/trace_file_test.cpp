// Trace files: the writer's lines, the reader's validation with line numbers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "slsim/io/output_file.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/traces/json_escape.hpp"
#include "slsim/traces/trace_reader.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::traces {
namespace {

constexpr sim::event_kind k_receive{"queue", "receive", {"message", "request"}, "receive_count"};
constexpr sim::event_kind k_log{"handler", "log"};

trace_header sample_header() {
  trace_header h;
  h.slsim_version = "0.1.0";
  h.handler = "reference";
  h.run_case = {{"seed", 7}};
  return h;
}

std::string sample_trace() {
  std::string memory;
  sim::context ctx;
  trace_writer writer(memory, sample_header());
  ctx.set_trace_listener(&writer);
  ctx.emit({.kind = &k_receive, .ids = {17, 3, 0, 0}, .value = 2, .digest = 0xabcdef});
  ctx.emit({.kind = &k_log, .text = "correlation=c-1 \"quoted\"\n"});
  const auto result = ctx.run();
  writer.finish({result.records, result.trace_hash, "ok", result.end_time});
  return memory;
}

TEST(trace_file, writer_names_fields_and_reader_round_trips) {
  const std::string text = sample_trace();
  const trace_file file = parse_trace(text, "mem");
  ASSERT_EQ(file.records.size(), 2u);
  EXPECT_EQ(file.header.handler, "reference");
  EXPECT_EQ(file.header.run_case["seed"], 7);
  const auto& receive = file.records[0];
  EXPECT_EQ(receive["c"], "queue");
  EXPECT_EQ(receive["e"], "receive");
  EXPECT_EQ(receive["message"], 17);
  EXPECT_EQ(receive["request"], 3);
  EXPECT_EQ(receive["receive_count"], 2);
  EXPECT_EQ(receive["digest"], "0000000000abcdef");
  EXPECT_EQ(file.records[1]["text"], "correlation=c-1 \"quoted\"\n");
  ASSERT_TRUE(file.footer.has_value());
  EXPECT_EQ(file.footer->records, 2u);
  EXPECT_EQ(file.lines.size(), 4u);
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(trace_file, a_file_is_replaced_only_once_the_run_records_an_event) {
  // A case that fails before it runs (a world that cannot be built) must not cost the user
  // the trace already at that path; a path it created is removed again.
  const auto dir = std::filesystem::temp_directory_path() / ("slsim-trace-writer-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto kept = dir / "kept.jsonl";
  std::ofstream(kept) << "an earlier trace\n";
  { trace_writer writer(kept.string(), sample_header()); }  // no record: nothing written
  EXPECT_EQ(read_all(kept), "an earlier trace\n");
  const auto fresh = dir / "fresh.jsonl";
  { trace_writer writer(fresh.string(), sample_header()); }
  EXPECT_FALSE(std::filesystem::exists(fresh));
  {
    sim::context ctx;
    trace_writer writer(kept.string(), sample_header());
    ctx.set_trace_listener(&writer);
    ctx.emit({.kind = &k_log, .text = "one"});
    const auto result = ctx.run();
    writer.finish({result.records, result.trace_hash, "ok", result.end_time});
  }
  const auto text = read_all(kept);
  EXPECT_EQ(text.find("an earlier trace"), std::string::npos) << text;
  EXPECT_NO_THROW((void)parse_trace(text, "kept.jsonl"));  // whole: header, record, end line
  // An unwritable path is still an error when the writer is made, before anything runs.
  EXPECT_THROW(trace_writer((dir / "no-such-dir" / "t.jsonl").string(), sample_header()), io::output_error);
  std::filesystem::remove_all(dir);
}

TEST(trace_file, truncated_mid_line_reports_the_line_number) {
  std::string text = sample_trace();
  text.resize(text.size() - 10);
  try {
    parse_trace(text, "t.jsonl");
    FAIL() << "expected an error";
  } catch (const trace_format_error& e) {
    EXPECT_EQ(e.line(), 4u);
    EXPECT_NE(std::string(e.what()).find("t.jsonl:4: line is cut off"), std::string::npos) << e.what();
  }
}

TEST(trace_file, missing_end_line_is_an_error_only_when_required) {
  std::string text = sample_trace();
  text.erase(text.rfind("{\"end\""));
  EXPECT_THROW(parse_trace(text, "t"), trace_format_error);
  const auto file = parse_trace(text, "t", /*require_end=*/false);
  EXPECT_EQ(file.records.size(), 2u);
  EXPECT_FALSE(file.footer.has_value());
}

TEST(trace_file, corrupted_lines_are_reported_with_what_was_expected) {
  const std::string text = sample_trace();
  const auto second_line = text.find('\n') + 1;
  struct corruption {
    std::string replacement;
    std::string expected;
  } cases[] = {{"not json", "2: not valid JSON"},
               {"[1,2]", "2: expected a JSON object"},
               {"{\"t\":\"x\",\"seq\":0,\"c\":\"a\",\"e\":\"b\"}", "2: expected an integer \"t\""},
               {"{\"t\":1,\"seq\":5,\"c\":\"a\",\"e\":\"b\"}", "2: expected \"seq\": 0"},
               {"{\"t\":1,\"seq\":0,\"c\":1,\"e\":\"b\"}", "2: expected a string \"c\""}};
  for (const auto& c : cases) {
    std::string bad = text;
    bad.replace(second_line, text.find('\n', second_line) - second_line, c.replacement);
    try {
      parse_trace(bad, "t");
      ADD_FAILURE() << "accepted: " << c.replacement;
    } catch (const trace_format_error& e) {
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
    }
  }
}

TEST(trace_file, header_and_empty_file_are_checked) {
  EXPECT_THROW(parse_trace("", "t"), trace_format_error);
  EXPECT_THROW(parse_trace("{\"format\":\"other\"}\n", "t"), trace_format_error);
  EXPECT_THROW(parse_trace("{\"format\":\"slsim-trace\",\"version\":99,\"case\":{}}\n", "t"), trace_format_error);
  EXPECT_THROW(read_trace("/nonexistent/trace.jsonl"), trace_format_error);
}

TEST(json_escape, control_characters_and_invalid_utf8_stay_valid_json) {
  std::string out;
  append_json_string(out, std::string("a\x01\xff\xc3\xa9\t\"", 7));
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed.get<std::string>(), "a\x01\xEF\xBF\xBD\xC3\xA9\t\"");
}

}  // namespace
}  // namespace slsim::traces
