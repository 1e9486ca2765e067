// The bad-input catalogue: every file and flag a user can get wrong, run through the real
// `slsim` binary. Each row must end with exit 2 (never a crash, never a silent success)
// and a message naming the file, the JSON path or line, or the flag, and what was expected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

namespace fs = std::filesystem;

struct bad_input {
  const char* name;
  std::string args;                   ///< {d} is replaced by the scratch directory
  std::vector<std::string> mentions;  ///< each must appear in the output ({d} replaced too)
  int exit_code = 2;
};

std::string& dir() {
  static std::string d;
  return d;
}

std::string expand(std::string s) {
  for (std::size_t at; (at = s.find("{d}")) != std::string::npos;) s.replace(at, 3, dir());
  return s;
}

void write(const std::string& name, const std::string& text) {
  std::ofstream(fs::path(dir()) / name, std::ios::binary) << text;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A valid trace header and records, as `run --trace` writes them.
std::string trace_header() {
  return R"({"format":"slsim-trace","version":1,"slsim":"0","handler":"reference")"
         R"(,"case":{"format":"slsim-case","version":1,"handler":"reference","seed":1,"faults":{},"scenario":{}}})"
         "\n";
}

class catalogue_env : public ::testing::Environment {
 public:
  void SetUp() override {
    // One directory per process: CTest runs the rows as parallel processes.
    dir() = scratch_dir("bad-input-catalogue-" + std::to_string(::getpid()));
    const std::size_t deep = 100'000;  // the depth that crashed nlohmann's recursive steps
    // Syntax and size.
    write("empty.json", "");
    write("blank.json", "  \n\t\n");
    write("truncated.json", R"({"queue": {"visibility_timeout_s": 30)");
    write("trailing.json", "{} x");
    write("binary.json", std::string("\x7f"
                                     "ELF\x00\x01\xff\xfe{[\"\x00\xc3\x28",
                                     14));
    write("bad_utf8.json", "{\"name\": \"\xc3\x28\"}");
    write("comment.json", "{ // a comment\n}");
    write("number_overflow.json", R"({"queue": {"visibility_timeout_s": 1e999}})");  // found by fuzz_scenario_loader
    write("deep_array.json", repeat("[", deep) + repeat("]", deep));
    write("deep_object.json", "{\"vary\":" + repeat("{\"a\":", deep) + "1" + repeat("}", deep) + "}");
    write("deep_after_lines.json", "{\n\n\"faults\": " + repeat("[", 100) + repeat("]", 100) + "}");
    // Shapes.
    write("array.json", "[1, 2]");
    write("number.json", "42");
    write("null.json", "null");
    write("queue_number.json", R"({"queue": 5})");
    write("timeout_string.json", R"({"queue": {"visibility_timeout_s": "60"}})");
    write("receive_count_bool.json", R"({"queue": {"redrive_policy": {"max_receive_count": true}}})");
    write("batch_float.json", R"({"esm": {"batch_size": 1.5}})");
    write("role_name_number.json", R"({"iam": {"roles": [{"name": 5, "actions": []}]}})");
    write("requests_array.json", R"({"clients": {"arrival": {"requests": []}}})");
    write("counter_table_number.json", R"({"effects": {"counters": [{"table": 1}]}})");
    write("wall_string.json", R"({"bounds": {"wall_seconds": "x"}})");
    write("name_number.json", R"({"name": 3})");
    write("faults_array.json", R"({"faults": []})");
    write("unknown_top.json", R"({"queu": {}})");
    write("unknown_nested.json", R"({"queue": {"visibility": 5}})");
    write("version2.json", R"({"version": 2})");
    // Values outside AWS's ranges.
    write("visibility_big.json", R"({"queue": {"visibility_timeout_s": 50000}})");
    write("batch_zero.json", R"({"esm": {"batch_size": 0}})");
    write("batch_huge.json", R"({"esm": {"batch_size": 20000}})");
    write("receive_count_zero.json", R"({"queue": {"redrive_policy": {"max_receive_count": 0}}})");
    write("memory_small.json", R"({"function": {"memory_mb": 64}})");
    write("wait_zero.json", R"({"esm": {"receive_wait_time_s": 0}})");
    write("wait_big.json", R"({"esm": {"receive_wait_time_s": 21}})");
    write("receive_max_big.json", R"({"esm": {"receive_max_messages": 11}})");
    write("timeout_over_visibility.json", R"({"queue": {"visibility_timeout_s": 5}, "function": {"timeout_s": 60}})");
    write("expected_typo.json", R"({"effects": {"expected": "reference_transfrom"}})");
    write("dlq_name.json", R"({"queue": {"redrive_policy": {"dead_letter_target_name": "nope"}}})");
    write("vary_not_pointer.json", R"({"vary": {"esm/batch_size": [1, 2]}})");
    write("vary_reversed.json", R"({"vary": {"/esm/batch_size": [5, 1]}})");
    write("vary_number.json", R"({"vary": 5})");
    write("filter_not_json.json", R"({"esm": {"filter_patterns": ["not json"]}})");
    // Case files.
    const std::string ok_case =
        R"({"format":"slsim-case","version":1,"handler":"reference","seed":1,"faults":{},"scenario":{}})";
    write("case_format.json", R"({"format":"slsim-trace","version":1,"seed":1})");
    write("case_version.json", R"({"format":"slsim-case","version":9,"seed":1})");
    write("case_seed_string.json", R"({"format":"slsim-case","version":1,"seed":"one"})");
    write("case_faults_array.json", R"({"format":"slsim-case","version":1,"seed":1,"faults":[]})");
    write("case_fault_kind.json",
          R"({"format":"slsim-case","version":1,"seed":1,"faults":{"faults":[{"kind":"meteor","nth":1}]}})");
    write("case_fault_nth_zero.json",
          R"({"format":"slsim-case","version":1,"seed":1,"faults":{"faults":[{"kind":"handler_crash","nth":0}]}})");
    write(
        "case_fault_point_string.json",
        R"({"format":"slsim-case","version":1,"seed":1,"faults":{"faults":[{"kind":"handler_crash","nth":1,"point":"x"}]}})");
    write(
        "case_fault_negative_count.json",
        R"({"format":"slsim-case","version":1,"seed":1,"faults":{"faults":[{"kind":"store_throttle","nth":1,"count":-1}]}})");
    write(
        "case_fault_negative_seconds.json",
        R"({"format":"slsim-case","version":1,"seed":1,"faults":{"faults":[{"kind":"gateway_slow","nth":1,"seconds":-1}]}})");
    write("case_buggify_string.json", R"({"format":"slsim-case","version":1,"seed":1,"faults":{"buggify":"yes"}})");
    write("case_scenario_string.json", R"({"format":"slsim-case","version":1,"seed":1,"scenario":"x"})");
    write("case_scenario_bad.json",
          R"({"format":"slsim-case","version":1,"seed":1,"scenario":{"queue":{"visibility_timeout_s":-1}}})");
    write("case_handler_number.json", R"({"format":"slsim-case","version":1,"seed":1,"handler":5})");
    write("case_unknown.json", R"({"format":"slsim-case","version":1,"seed":1,"sed":2})");
    write("case_format_number.json", R"({"format":5,"version":1,"seed":1})");
    write("case_deep.json", R"({"format":"slsim-case","version":1,"seed":1,"scenario":)" + repeat("[", deep));
    write("case_ok.json", ok_case);
    // Traces.
    const std::string record = R"({"t":0,"seq":0,"c":"sim","e":"start"})";
    write("trace_empty.trace", "");
    write("trace_not_json.trace", "hello\n");
    write("trace_format.trace", R"({"format":"other","version":1,"case":{}})"
                                "\n");
    write("trace_version.trace", R"({"format":"slsim-trace","version":7,"case":{}})"
                                 "\n");
    write("trace_no_case.trace", R"({"format":"slsim-trace","version":1})"
                                 "\n");
    write("trace_handler_number.trace",
          R"({"format":"slsim-trace","version":1,"handler":5,"case":{"format":"slsim-case","version":1,"seed":1}})"
          "\n");
    write("trace_deep_header.trace", R"({"format":"slsim-trace","version":1,"case":)" + repeat("[", deep) + "\n");
    write("trace_record_no_t.trace", trace_header() + R"({"seq":0,"c":"sim","e":"x"})"
                                                      "\n");
    write("trace_bad_seq.trace", trace_header() + R"({"t":0,"seq":5,"c":"sim","e":"x"})"
                                                  "\n");
    write("trace_cut.trace", trace_header() + record);
    // Cut at a line boundary: complete lines, no end line (a copy truncated, or a crash).
    // Scenarios the loader accepted section by section but no run could build.
    write("scenario_unknown_role.json", R"({"gateway":{"integration":{"role":"nosuch"}}})");
    write("scenario_dlq_redrives.json",
          R"({"dlq":{"redrive_policy":{"dead_letter_target_name":"requests","max_receive_count":1}}})");
    write("scenario_dlq_denies.json", R"({"dlq":{"redrive_allow_policy":{"redrive_permission":"deny_all"}}})");
    write("scenario_overflow.json", "{\n  \"esm\": {\n    \"batch_size\": 1e400\n  }\n}\n");
    write("scenario_duplicate_key.json", R"({"esm":{"batch_size":5,"batch_size":6}})");
    write("scenario_duplicate_in_array.json", R"({"store":{"tables":[{"name":"a"},{"name":"b","name":"c"}]}})");
    write("scenario_disabled_burst.json", R"({"gateway":{"throttling":{"method":{"burst":-1}}}})");
    write("trace_end_mismatch.trace", trace_header() + record + "\n" +
                                          R"({"end":true,"records":9,"trace_hash":"00","status":"ok","t":0})"
                                          "\n");
    write("trace_after_end.trace", trace_header() + record + "\n" +
                                       R"({"end":true,"records":1,"trace_hash":"00","status":"ok","t":0})"
                                       "\n" +
                                       record + "\n");
    write("trace_bad_hash.trace", trace_header() + R"({"end":true,"records":0,"trace_hash":"xyz","status":"ok","t":0})"
                                                   "\n");
    write("trace_field_type.trace", trace_header() +
                                        R"({"t":0,"seq":0,"c":"runtime","e":"invoke_start","environment":"x"})"
                                        "\n");
    write("trace_binary.trace", std::string("\x00\x01\x02\xff\n", 5));
    // Price tables.
    write("prices_array.json", "[]");
    write("prices_unknown.json", R"({"lambda_per_gb_sekond": 1})");
    write("prices_negative.json", R"({"lambda_per_gb_second": -1})");
    write("prices_string.json", R"({"lambda_per_gb_second": "1"})");
    write("prices_region.json", R"({"region": 5})");
    write("prices_deep.json", repeat("[", deep));
    // Merge inputs.
    fs::create_directories(fs::path(dir()) / "merge_empty");
    fs::create_directories(fs::path(dir()) / "merge_bad");
    write("merge_bad/results.json", "{not json");
    fs::create_directories(fs::path(dir()) / "merge_deep");
    write("merge_deep/results.json", repeat("{\"a\":", deep));
    fs::create_directories(fs::path(dir()) / "merge_array");
    write("merge_array/results.json", "[1]");
    // --set values.
    write("deep_value.txt", repeat("[", 1000));
  }
  void TearDown() override { fs::remove_all(dir()); }
};

const auto* const k_env = ::testing::AddGlobalTestEnvironment(new catalogue_env);

std::vector<bad_input> catalogue() {
  std::vector<bad_input> rows{
      // --- scenario files: syntax, size, depth -----------------------------------------
      {"scenario_missing", "run --scenario {d}/nope.json", {"{d}/nope.json", "no such file"}},
      {"scenario_is_directory", "run --scenario {d}", {"{d}", "directory"}},
      {"scenario_under_a_file", "run --scenario {d}/empty.json/x", {"{d}/empty.json/x", "cannot open"}},
      {"scenario_empty", "run --scenario {d}/empty.json", {"empty.json", "empty"}},
      {"scenario_blank", "run --scenario {d}/blank.json", {"blank.json", "empty"}},
      {"scenario_truncated", "run --scenario {d}/truncated.json", {"truncated.json", "not valid JSON", "line 1"}},
      {"scenario_trailing_garbage", "run --scenario {d}/trailing.json", {"trailing.json", "not valid JSON"}},
      {"scenario_binary", "run --scenario {d}/binary.json", {"binary.json", "not valid JSON"}},
      {"scenario_bad_utf8", "run --scenario {d}/bad_utf8.json", {"bad_utf8.json", "not valid JSON"}},
      {"scenario_number_overflow",
       "run --scenario {d}/number_overflow.json",
       {"number_overflow.json", "not valid JSON", "number overflow"}},
      {"case_number_overflow",
       "run --case " SLSIM_TEST_FIXTURES "/fuzz/case_loader/number-overflow-long-integer",
       {"number-overflow-long-integer", "not valid JSON"}},
      {"scenario_comment", "run --scenario {d}/comment.json", {"comment.json", "not valid JSON"}},
      {"scenario_deep_array", "run --scenario {d}/deep_array.json", {"deep_array.json", "nesting", "64 levels"}},
      {"scenario_deep_object", "check --seeds 1 --scenario {d}/deep_object.json", {"deep_object.json", "nesting"}},
      {"scenario_deep_line_column",
       "run --scenario {d}/deep_after_lines.json",
       {"deep_after_lines.json", "line 3, column"}},
      {"scenario_huge", "run --scenario {d}/huge.json", {"huge.json", "larger than the limit of 4 MiB"}},
      {"lint_deep", "lint --scenario {d}/deep_array.json", {"deep_array.json", "nesting"}},
      {"scenario_command_deep", "scenario --scenario {d}/deep_array.json", {"deep_array.json", "nesting"}},
      {"sweep_deep_scenario", "sweep --scenario {d}/deep_array.json --batch-size 1", {"deep_array.json", "nesting"}},
      // --- scenario files: shapes and types at every level -------------------------------
      {"scenario_array", "run --scenario {d}/array.json", {"array.json", "expected a JSON object"}},
      {"scenario_number", "run --scenario {d}/number.json", {"number.json", "expected a JSON object"}},
      {"scenario_null", "run --scenario {d}/null.json", {"null.json", "expected a JSON object"}},
      {"scenario_section_number", "run --scenario {d}/queue_number.json", {"/queue", "expected an object"}},
      {"scenario_int_as_string",
       "run --scenario {d}/timeout_string.json",
       {"/queue/visibility_timeout_s", "expected an integer, found a string"}},
      {"scenario_nested_bool",
       "run --scenario {d}/receive_count_bool.json",
       {"/queue/redrive_policy/max_receive_count", "found a boolean"}},
      {"scenario_int_as_float", "run --scenario {d}/batch_float.json", {"/esm/batch_size", "expected an integer"}},
      {"scenario_array_element_type", "run --scenario {d}/role_name_number.json", {"/iam/roles/0/name", "string"}},
      {"scenario_int_as_array", "run --scenario {d}/requests_array.json", {"/clients/arrival/requests"}},
      {"scenario_counter_type", "run --scenario {d}/counter_table_number.json", {"/effects/counters/0/table"}},
      {"scenario_double_as_string", "run --scenario {d}/wall_string.json", {"/bounds/wall_seconds"}},
      {"scenario_name_number", "run --scenario {d}/name_number.json", {"/name", "expected a string"}},
      {"scenario_faults_array", "run --scenario {d}/faults_array.json", {"/faults", "expected an object"}},
      {"scenario_unknown_section", "run --scenario {d}/unknown_top.json", {"/queu", "unknown field"}},
      {"scenario_unknown_field", "run --scenario {d}/unknown_nested.json", {"/queue/visibility", "unknown field"}},
      {"scenario_version", "run --scenario {d}/version2.json", {"/version", "expected 1"}},
      // --- values outside AWS's ranges -------------------------------------------------------
      {"visibility_too_big", "run --scenario {d}/visibility_big.json", {"/queue/visibility_timeout_s", "50000", "S5"}},
      {"batch_size_zero", "run --scenario {d}/batch_zero.json", {"/esm/batch_size", "0"}},
      {"batch_size_too_big", "run --scenario {d}/batch_huge.json", {"/esm/batch_size", "20000"}},
      {"max_receive_count_zero",
       "run --scenario {d}/receive_count_zero.json",
       {"/queue/redrive_policy/max_receive_count"}},
      {"memory_too_small", "run --scenario {d}/memory_small.json", {"/function/memory_mb", "64"}},
      {"receive_wait_zero", "run --scenario {d}/wait_zero.json", {"/esm/receive_wait_time_s", "short polling", "MD15"}},
      {"receive_wait_too_big", "run --scenario {d}/wait_big.json", {"/esm/receive_wait_time_s", "21"}},
      {"receive_max_too_big", "run --scenario {d}/receive_max_big.json", {"/esm/receive_max_messages", "11"}},
      {"timeout_over_visibility", "run --scenario {d}/timeout_over_visibility.json", {"L6"}},
      {"expected_typo",
       "run --scenario {d}/expected_typo.json",
       {"/effects/expected", "reference_transfrom", "reference_transform"}},
      {"expected_typo_in_check", "check --seeds 1 --scenario {d}/expected_typo.json", {"/effects/expected"}},
      {"dlq_name_mismatch", "run --scenario {d}/dlq_name.json", {"/queue/redrive_policy/dead_letter_target_name"}},
      {"vary_not_a_pointer", "check --seeds 1 --scenario {d}/vary_not_pointer.json", {"/vary/esm~1batch_size"}},
      {"vary_reversed", "check --seeds 1 --scenario {d}/vary_reversed.json", {"/vary", "[lowest, highest]"}},
      {"vary_number", "check --seeds 1 --scenario {d}/vary_number.json", {"/vary", "expected an object"}},
      {"filter_pattern_not_json", "run --scenario {d}/filter_not_json.json", {"/esm/filter_patterns/0", "L15"}},
      // --- --set ---------------------------------------------------------------------------
      {"set_without_value", "run --set queue.visibility_timeout_s", {"queue.visibility_timeout_s", "PATH=VALUE"}},
      {"set_without_path", "run --set =5", {"=5", "PATH=VALUE"}},
      {"set_string_for_int",
       "run --set queue.visibility_timeout_s=abc",
       {"/queue/visibility_timeout_s", "expected an integer, found a string"}},
      {"set_huge_array_index", "run --set /iam/roles/99999999/name=x", {"/iam/roles/99999999", "past the end"}},
      {"set_index_not_number", "run --set /iam/roles/first/name=x", {"/iam/roles/first", "not an index"}},
      {"set_below_a_scalar",
       "run --set /queue/visibility_timeout_s/x=1",
       {"/queue/visibility_timeout_s/x", "not an object or array"}},
      {"set_unknown_field", "run --set /queue/nope=1", {"/queue/nope", "unknown field"}},
      {"set_malformed_json", "run --set '/queue={\"visibility_timeout_s\":'", {"/queue", "not valid JSON"}},
      {"set_deep_value", "run --set \"/vary=$(cat {d}/deep_value.txt)\"", {"/vary", "nesting"}},
      {"set_out_of_range", "run --set esm.batch_size=0", {"/esm/batch_size"}},
      {"set_pointer_syntax", "run --set /queue/~2x=1", {"/queue/~2x"}},
      // --- case files ----------------------------------------------------------------------
      {"case_missing", "run --case {d}/nope.case.json", {"{d}/nope.case.json", "no such file"}},
      {"case_empty", "run --case {d}/empty.json", {"empty.json", "empty"}},
      {"case_deep", "run --case {d}/case_deep.json", {"case_deep.json", "nesting"}},
      {"case_deep_in_check", "check --case {d}/case_deep.json", {"case_deep.json", "nesting"}},
      {"case_wrong_format", "run --case {d}/case_format.json", {"case_format.json", "/format", "slsim-case"}},
      {"case_format_number", "run --case {d}/case_format_number.json", {"case_format_number.json", "/format"}},
      {"case_wrong_version", "run --case {d}/case_version.json", {"case_version.json", "/version"}},
      {"case_seed_string", "run --case {d}/case_seed_string.json", {"case_seed_string.json", "/seed"}},
      {"case_faults_array", "run --case {d}/case_faults_array.json", {"/faults", "expected an object"}},
      {"case_unknown_fault_kind", "run --case {d}/case_fault_kind.json", {"/faults/faults/0", "meteor"}},
      {"case_fault_nth_zero", "run --case {d}/case_fault_nth_zero.json", {"/faults/faults/0", "nth"}},
      {"case_fault_point_string",
       "run --case {d}/case_fault_point_string.json",
       {"/faults/faults/0", "\"point\" must be a whole number"}},
      {"case_fault_negative_count",
       "run --case {d}/case_fault_negative_count.json",
       {"/faults/faults/0", "\"count\" must be a whole number"}},
      {"case_fault_negative_seconds",
       "run --case {d}/case_fault_negative_seconds.json",
       {"/faults/faults/0", "\"seconds\" must be from 0"}},
      {"case_buggify_string", "run --case {d}/case_buggify_string.json", {"/faults/buggify", "boolean"}},
      {"case_scenario_string", "run --case {d}/case_scenario_string.json", {"/scenario", "expected an object"}},
      {"case_scenario_invalid",
       "run --case {d}/case_scenario_bad.json",
       {"case_scenario_bad.json", "/queue/visibility_timeout_s"}},
      {"case_handler_number", "run --case {d}/case_handler_number.json", {"/handler", "expected a string"}},
      {"case_unknown_field", "run --case {d}/case_unknown.json", {"/sed", "unknown field"}},
      {"corpus_missing", "check --seeds 1 --corpus {d}/no-corpus", {"--corpus", "no-corpus", "no such directory"}},
      {"corpus_bad_case", "check --seeds 1 --corpus {d}/corpus", {"case_version.json", "/version"}},
      // --- traces (replay, diff, timeline, export) --------------------------------------------
      {"replay_missing", "replay {d}/nope.trace", {"{d}/nope.trace", "cannot open"}},
      {"replay_empty", "replay {d}/trace_empty.trace", {"trace_empty.trace", "empty"}},
      {"replay_not_json", "replay {d}/trace_not_json.trace", {"trace_not_json.trace:1", "not valid JSON"}},
      {"replay_wrong_format", "replay {d}/trace_format.trace", {"trace_format.trace:1", "slsim-trace"}},
      {"replay_wrong_version", "replay {d}/trace_version.trace", {"trace_version.trace:1", "version"}},
      {"replay_no_case", "replay {d}/trace_no_case.trace", {"trace_no_case.trace:1", "case"}},
      {"replay_handler_number", "replay {d}/trace_handler_number.trace", {"trace_handler_number.trace:1", "handler"}},
      {"replay_deep_header", "replay {d}/trace_deep_header.trace", {"trace_deep_header.trace:1", "nesting"}},
      {"timeline_deep_header",
       "timeline {d}/trace_deep_header.trace --request r",
       {"trace_deep_header.trace:1", "nesting"}},
      {"export_deep_header",
       "export {d}/trace_deep_header.trace -o {d}/out.json",
       {"trace_deep_header.trace:1", "nesting"}},
      {"diff_deep_header",
       "diff {d}/trace_deep_header.trace {d}/trace_deep_header.trace",
       {"trace_deep_header.trace:1", "nesting"}},
      {"timeline_record_without_t",
       "timeline {d}/trace_record_no_t.trace --request r",
       {"trace_record_no_t.trace:2", "\"t\""}},
      {"export_bad_seq", "export {d}/trace_bad_seq.trace -o {d}/out.json", {"trace_bad_seq.trace:2", "seq"}},
      {"diff_cut_line", "diff {d}/trace_cut.trace {d}/trace_cut.trace", {"trace_cut.trace:2", "truncated"}},
      {"replay_end_mismatch", "replay {d}/trace_end_mismatch.trace", {"trace_end_mismatch.trace:3", "records"}},
      {"replay_after_end", "replay {d}/trace_after_end.trace", {"trace_after_end.trace:4", "end line"}},
      {"replay_bad_hash", "replay {d}/trace_bad_hash.trace", {"trace_bad_hash.trace:2", "trace_hash"}},
      {"export_field_type",
       "export {d}/trace_field_type.trace -o {d}/out.json",
       {"trace_field_type.trace", "expected a number, found a string"}},
      {"timeline_binary", "timeline {d}/trace_binary.trace --request r", {"trace_binary.trace:1"}},
      {"export_bad_format_flag", "export {d}/trace_cut.trace --format xml -o {d}/out.json", {"--format", "xml"}},
      // --- price tables ------------------------------------------------------------------------
      {"prices_missing",
       "sweep --batch-size 1 --seeds 1 --prices {d}/nope-prices.json",
       {"{d}/nope-prices.json", "price table"}},
      {"prices_array", "sweep --batch-size 1 --seeds 1 --prices {d}/prices_array.json", {"prices_array.json"}},
      {"prices_unknown",
       "sweep --batch-size 1 --seeds 1 --prices {d}/prices_unknown.json",
       {"prices_unknown.json", "/lambda_per_gb_sekond", "unknown"}},
      {"prices_negative",
       "sweep --batch-size 1 --seeds 1 --prices {d}/prices_negative.json",
       {"prices_negative.json", "non-negative"}},
      {"prices_string", "sweep --batch-size 1 --seeds 1 --prices {d}/prices_string.json", {"prices_string.json"}},
      {"prices_region",
       "sweep --batch-size 1 --seeds 1 --prices {d}/prices_region.json",
       {"prices_region.json", "/region"}},
      {"prices_deep", "sweep --batch-size 1 --seeds 1 --prices {d}/prices_deep.json", {"prices_deep.json", "nesting"}},
      // --- sweep lists and grids ---------------------------------------------------------------
      {"sweep_empty_value", "sweep --batch-size 1,,2 --seeds 1", {"--batch-size", "empty value"}},
      {"sweep_bad_array", "sweep --axis 'esm.batch_size=[1,2' --seeds 1", {"--axis", "esm.batch_size", "JSON array"}},
      {"sweep_deep_array",
       "sweep --axis \"esm.batch_size=$(cat {d}/deep_value.txt)\" --seeds 1",
       {"esm.batch_size", "nesting"}},
      {"sweep_axis_twice",
       "sweep --axis esm.batch_size=1,2 --axis /esm/batch_size=3,4 --seeds 1",
       {"esm.batch_size", "swept twice"}},
      {"sweep_every_point_invalid",
       "sweep --batch-size 0,20000 --seeds 1 --out {d}/sweep-invalid",
       {"every one of the 2 point(s)", "batch_size"}},
      {"sweep_grid_too_big",
       "sweep --axis clients.clients=" +
           [] {
             std::string s;
             for (int i = 1; i <= 40; ++i) s += (i > 1 ? "," : "") + std::to_string(i);
             return s;
           }() +
           " --batch-size " +
           [] {
             std::string s;
             for (int i = 1; i <= 40; ++i) s += (i > 1 ? "," : "") + std::to_string(i);
             return s;
           }() +
           " --seeds 1",
       {"--max-points", "1600", "1000"}},
      {"sweep_max_p99", "sweep --batch-size 1 --seeds 1 --max-p99 5x", {"--max-p99", "5x"}},
      {"sweep_seeds_zero", "sweep --batch-size 1 --seeds 0", {"--seeds"}},
      {"sweep_max_points_zero", "sweep --batch-size 1 --max-points 0", {"--max-points"}},
      // --- found by probing the built binary: each crashed, hung or passed as something else --
      {"check_unknown_role",
       "check --seeds 2 --jobs 1 --scenario {d}/scenario_unknown_role.json --out {d}/o-role",
       {"scenario_unknown_role.json", "/gateway/integration/role", "nosuch"}},
      {"check_dlq_redrives",
       "check --seeds 2 --jobs 1 --scenario {d}/scenario_dlq_redrives.json --out {d}/o-redrive",
       {"scenario_dlq_redrives.json", "/dlq/redrive_policy/dead_letter_target_name"}},
      {"scenario_filter_pattern_number",
       "run --set 'esm.filter_patterns=[1]'",
       {"/esm/filter_patterns/0", "expected a string"}},
      {"scenario_number_overflow_position",
       "run --scenario {d}/scenario_overflow.json",
       {"scenario_overflow.json", "line 3, column 19", "1e400"}},
      {"scenario_duplicate_key",
       "run --scenario {d}/scenario_duplicate_key.json",
       {"scenario_duplicate_key.json", "/esm/batch_size", "twice"}},
      {"scenario_duplicate_in_array",
       "run --scenario {d}/scenario_duplicate_in_array.json",
       {"scenario_duplicate_in_array.json", "/store/tables/1/name", "twice"}},
      {"run_dlq_denies",
       "run --scenario {d}/scenario_dlq_denies.json",
       {"scenario_dlq_denies.json", "/dlq/redrive_allow_policy"}},
      {"run_disabled_negative_burst",
       "run --scenario {d}/scenario_disabled_burst.json",
       {"scenario_disabled_burst.json", "/gateway/throttling/method/burst"}},
      {"run_stage_negative_rate",
       "run --set gateway.throttling.stage.rate_per_s=-1",
       {"/gateway/throttling/stage/rate_per_s"}},
      {"run_amount_max_huge", "run --set clients.amount_max=9223372036854775807", {"/clients/amount_max"}},
      {"run_drain_poll_zero", "run --set bounds.drain_poll_s=0", {"/bounds/drain_poll_s"}},
      {"run_max_events_zero", "run --set bounds.max_events=0", {"/bounds/max_events"}},
      {"run_ttl_scan_huge", "run --set store.ttl_scan_interval_s=1e30", {"/store/ttl_scan_interval_s"}},
      {"run_handler_cmd_missing",
       "run --handler-cmd /nonexistent/cmd",
       {"/function/runtime/command", "/nonexistent/cmd"}},
      {"run_handler_and_handler_cmd",
       "run --handler zoo/message_id_key --handler-cmd 'sh x'",
       {"--handler-cmd", "--handler"}},
      {"run_trace_and_metrics_same_file",
       "run --trace {d}/same.jsonl --metrics {d}/same.jsonl",
       {"--trace", "--metrics", "same.jsonl"}},
      {"run_metrics_unwritable", "run --metrics /proc/no-such/m.json", {"/proc/no-such/m.json"}},
      {"replay_header_only",
       "replay {d}/trace_header_only.trace",
       {"trace_header_only.trace:2", "without its end line"}},
      {"diff_cut_at_a_line",
       "diff {d}/trace_header_only.trace {d}/trace_one_record.trace",
       {"trace_header_only.trace:2", "without its end line"}},
      {"replay_directory", "replay {d}", {"{d}", "is a directory"}},
      {"replay_huge_line", "replay {d}/huge_line.trace", {"huge_line.trace:1", "longer than"}},
      {"run_case_with_set", "run --case {d}/case_ok.json --set esm.batch_size=1", {"--case", "--set", "do not apply"}},
      {"run_seed_negative", "run --seed -1", {"--seed", "-1"}},
      {"check_seed_past_64_bits", "check --seed 18446744073709551616", {"--seed", "18446744073709551616"}},
      {"check_base_seed_negative", "check --seeds 1 --base-seed -5", {"--base-seed", "-5"}},
      {"check_shard_negative_total", "check --seeds 1 --shard 0/-1", {"--shard", "0/-1"}},
      {"check_jobs_zero", "check --seeds 1 --jobs 0", {"--jobs"}},
      {"check_determinism_nan", "check --seeds 1 --determinism-check nan", {"--determinism-check", "nan"}},
      {"sweep_batch_size_empty", "sweep --batch-size '' --seeds 1", {"--batch-size", "comma-separated list"}},
      {"sweep_max_duplicates_negative",
       "sweep --batch-size 1 --seeds 1 --max-duplicates -1",
       {"--max-duplicates", "-1"}},
      // --- merge inputs -----------------------------------------------------------------------
      {"merge_missing_dir", "merge {d}/no-such-shard --out {d}/merged", {"no-such-shard", "results.json"}},
      {"merge_no_results", "merge {d}/merge_empty --out {d}/merged", {"merge_empty/results.json"}},
      {"merge_bad_json", "merge {d}/merge_bad --out {d}/merged", {"merge_bad/results.json", "not valid JSON"}},
      {"merge_deep_json", "merge {d}/merge_deep --out {d}/merged", {"merge_deep/results.json", "nesting"}},
      {"merge_not_object", "merge {d}/merge_array --out {d}/merged", {"merge_array/results.json", "object"}},
      {"merge_shard_cases_text",
       "merge {d}/c0 {d}/c1-cases-text --out {d}/merged",
       {"c1-cases-text/results.json", "/cases"}},
      {"merge_shard_empty_case",
       "merge {d}/c0 {d}/c1-empty-case --out {d}/merged",
       {"c1-empty-case/results.json", "/results/0/name"}},
      {"merge_shard_other_command",
       "merge {d}/c0 {d}/c1-other --out {d}/merged",
       {"different check commands", "seeds"}},
      {"merge_shard_out_is_an_input", "merge {d}/c0-copy {d}/c1 --out {d}/c0-copy", {"--out", "c0-copy", "inputs"}},
      // --- flags ---------------------------------------------------------------------------------
      {"no_subcommand", "", {"subcommand"}},
      {"unknown_subcommand", "frobnicate", {"frobnicate"}},
      {"unknown_flag", "run --frobnicate", {"--frobnicate"}},
      {"run_seed_not_number", "run --seed abc", {"--seed", "abc"}},
      {"check_seeds_zero", "check --seeds 0", {"--seeds"}},
      {"check_seeds_text", "check --seeds many", {"--seeds", "many"}},
      {"check_jobs_text", "check --seeds 1 --jobs x", {"--jobs", "x"}},
      {"check_shard_out_of_range", "check --seeds 1 --shard 5/2", {"--shard", "5/2"}},
      {"check_shard_syntax", "check --seeds 1 --shard half", {"--shard", "half"}},
      {"handler_unknown", "run --handler no_such_handler", {"no_such_handler"}},
      {"handler_plugin_missing", "run --handler {d}/nope.so", {"{d}/nope.so"}},
      {"timeline_without_trace", "timeline", {"TRACE"}},
      {"diff_one_file", "diff {d}/trace_cut.trace", {"B"}},
  };
  return rows;
}

// Inputs made by running slsim itself, only for the rows that read them (every row runs
// in its own process, each with its own SetUp).
void prepare(const std::string& row) {
  if (row == "replay_header_only" || row == "diff_cut_at_a_line") {
    // Cut from a real trace at a line boundary, so replay's re-run matches it as far as it goes.
    const std::string real = (fs::path(dir()) / "real.trace").string();
    ASSERT_EQ(slsim("run --seed 1 --set clients.arrival.requests=1 --trace " + real).exit_code, 0);
    std::ifstream in(real);
    std::string header, first;
    std::getline(in, header);
    std::getline(in, first);
    write("trace_header_only.trace", header + "\n");
    write("trace_one_record.trace", header + "\n" + first + "\n");
  }
  if (row == "replay_huge_line") write("huge_line.trace", std::string((9u << 20) + 1, 'x'));  // past 8 MiB, no newline
  if (row.rfind("merge_shard", 0) == 0) {
    const auto check = [](const std::string& args) {
      ASSERT_EQ(slsim("check --jobs 1 --determinism-check 0 " + args).exit_code, 0) << args;
    };
    check("--seeds 4 --shard 0/2 --out " + dir() + "/c0");
    check("--seeds 4 --shard 1/2 --out " + dir() + "/c1");
    check("--seeds 6 --set esm.batch_size=1 --shard 1/2 --out " + dir() + "/c1-other");
    auto doc = nlohmann::json::parse(std::ifstream(fs::path(dir()) / "c1" / "results.json"));
    fs::create_directories(fs::path(dir()) / "c1-cases-text");
    doc["cases"] = "x";
    write("c1-cases-text/results.json", doc.dump());
    doc["cases"] = 2;
    doc["results"][0] = nlohmann::json::object();
    fs::create_directories(fs::path(dir()) / "c1-empty-case");
    write("c1-empty-case/results.json", doc.dump());
    fs::copy(fs::path(dir()) / "c0", fs::path(dir()) / "c0-copy", fs::copy_options::recursive);
  }
}

class bad_input_catalogue : public ::testing::TestWithParam<bad_input> {};

TEST_P(bad_input_catalogue, exits_2_naming_what_is_wrong) {
  const auto& row = GetParam();
  if (row.name == std::string("scenario_huge"))  // 6 MB: written only for its own row
    write("huge.json", "{\"vary\": [" + repeat("0,", 3'000'000) + "0]}");
  if (row.name == std::string("corpus_bad_case")) {
    fs::create_directories(fs::path(dir()) / "corpus");
    fs::copy_file(fs::path(dir()) / "case_version.json", fs::path(dir()) / "corpus" / "case_version.json",
                  fs::copy_options::overwrite_existing);
  }
  ASSERT_NO_FATAL_FAILURE(prepare(row.name));
  const auto r = slsim(expand(row.args));
  EXPECT_EQ(r.exit_code, row.exit_code) << "slsim " << expand(row.args) << "\n" << r.output;
  for (const auto& m : row.mentions)
    EXPECT_NE(r.output.find(expand(m)), std::string::npos)
        << "expected the message to mention \"" << expand(m) << "\"\nslsim " << expand(row.args) << "\n"
        << r.output.substr(0, 2000);
  // The library's own exception texts never reach the user.
  EXPECT_EQ(r.output.find("[json.exception."), std::string::npos) << r.output.substr(0, 2000);
}

INSTANTIATE_TEST_SUITE_P(catalogue, bad_input_catalogue, ::testing::ValuesIn(catalogue()),
                         [](const auto& row_info) { return std::string(row_info.param.name); });

TEST(bad_input_catalogue_size, has_at_least_eighty_rows) { EXPECT_GE(catalogue().size(), 80u); }

// The bound is on nesting, not on brackets: brackets inside strings do not count.
TEST(bad_input_catalogue_bounds, brackets_inside_strings_are_not_nesting) {
  write("brackets_in_string.json", "{\"name\": \"" + repeat("[{", 50'000) + "\"}");
  const auto r = slsim(expand("scenario --scenario {d}/brackets_in_string.json"));
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);
}

}  // namespace
}  // namespace slsim::testing
