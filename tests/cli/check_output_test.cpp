// What `slsim check` prints and writes, and the commands that read it back: the FAILED line
// names the saved (shrunk) case, --json is JSON only, --version, replays from anywhere, a
// rebuilt plugin is named as such, and the JUnit report passes Jenkins xUnit's schema.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_support.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/traces/format.hpp"
#include "slsim/version.hpp"

namespace slsim::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(check_output, the_failed_line_names_a_request_that_timeline_finds_in_the_saved_trace) {
  // Handlers whose violations name a request; each line must describe the saved, shrunk case.
  for (const std::string handler :
       {"zoo/message_id_key", "zoo/non_idempotent_add", "zoo/unconditional_put", "zoo/throw_on_poison"}) {
    const auto dir = scratch_dir("failed-line-" + std::regex_replace(handler, std::regex("/"), "_"));
    const auto r = slsim("check --handler " + handler + " --out " + dir);
    ASSERT_EQ(r.exit_code, 1) << r.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.output, m, std::regex("\nFAILED \\S+: property (\\S+) violated: (.*)\n")))
        << r.output;
    const std::string property = m[1], violation = m[2];
    std::smatch t;
    ASSERT_TRUE(std::regex_search(r.output, t, std::regex("\ntrace: (\\S+)\n"))) << r.output;
    const std::string trace = t[1];
    // The same violation as re-running the saved case file reports.
    std::smatch c;
    ASSERT_TRUE(std::regex_search(r.output, c, std::regex("\ncase file: (\\S+)\n"))) << r.output;
    const auto rerun = nlohmann::json::parse(slsim("run --json --case " + std::string(c[1])).output);
    bool found = false;
    for (const auto& v : rerun["violations"])
      found |= v["property"] == property && violation.find(v["detail"].get<std::string>()) != std::string::npos &&
               violation.find(v["request_id"].get<std::string>()) != std::string::npos;
    EXPECT_TRUE(found) << handler << ": " << violation << "\n" << rerun["violations"].dump(1);
    std::smatch id;
    if (!std::regex_search(violation, id, std::regex("request (req-[0-9a-f]+)"))) continue;  // no request named
    const auto timeline = slsim("timeline " + trace + " --request " + std::string(id[1]));
    EXPECT_EQ(timeline.exit_code, 0) << handler << ": " << violation << "\n" << timeline.output;
    EXPECT_NE(timeline.output.find("gateway: attempt 1 received"), std::string::npos) << timeline.output;
  }
}

TEST(check_output, json_mode_writes_only_the_json_document_to_stdout) {
  const auto dir = scratch_dir("json-only");
  for (const std::string handler : {"reference", "zoo/unconditional_put"}) {
    const auto r = shell(std::string(SLSIM_BINARY) + " check --seeds 4 --json --handler " + handler + " --out " + dir,
                         /*stdout_only=*/true);
    EXPECT_EQ(r.exit_code, handler == "reference" ? 0 : 1) << r.output;
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(r.output)) << r.output;
    EXPECT_EQ(j["format"], "slsim-check");
    EXPECT_EQ(j["cases"], 4);
    if (handler != "reference") {
      EXPECT_TRUE(j["failure"].contains("violation")) << j["failure"];
      EXPECT_NE(j["failure"]["replay"].get<std::string>().find("slsim run --case"), std::string::npos);
    }
  }
}

TEST(check_output, version_prints_the_slsim_version_and_every_format_version) {
  const auto r = slsim("--version");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("slsim " + std::string(k_version)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("trace " + std::to_string(traces::k_format_version)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("case " + std::to_string(properties::k_case_version)), std::string::npos) << r.output;
  // The same version string is what traces record.
  const auto dir = scratch_dir("version");
  ASSERT_EQ(slsim("run --seed 1 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto header =
      nlohmann::json::parse(read_file(dir + "/t.jsonl").substr(0, read_file(dir + "/t.jsonl").find('\n')));
  EXPECT_EQ(header["slsim"], std::string(k_version));
}

TEST(check_output, a_plugin_trace_and_case_file_replay_from_another_directory) {
  const auto dir = scratch_dir("replay-cwd");
  std::filesystem::create_directories(dir + "/project");
  std::filesystem::create_directories(dir + "/elsewhere");
  std::filesystem::copy_file(SLSIM_TEST_PLUGIN, dir + "/project/handler.so");
  const std::string slsim_bin = SLSIM_BINARY;
  // Recorded with a relative plugin path, from the project directory.
  const auto record =
      shell("cd " + dir + "/project && " + slsim_bin + " run --seed 2 --handler ./handler.so --trace t.jsonl");
  ASSERT_EQ(record.exit_code, 0) << record.output;
  const auto replay = shell("cd " + dir + "/elsewhere && " + slsim_bin + " replay ../project/t.jsonl");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("replay identical"), std::string::npos) << replay.output;
  const auto timeline =
      shell("cd " + dir + "/elsewhere && " + slsim_bin + " timeline ../project/t.jsonl --request req-0000000000000001");
  EXPECT_EQ(timeline.output.find("no built-in handler"), std::string::npos) << timeline.output;
  // A failing check's case file and trace, written with a relative plugin path, too.
  std::filesystem::copy_file(SLSIM_TEST_CRASHING_PLUGIN, dir + "/project/crashing.so");
  const auto check =
      shell("cd " + dir + "/project && " + slsim_bin + " check --seeds 2 --handler ./crashing.so --out out");
  ASSERT_EQ(check.exit_code, 1) << check.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(check.output, m, std::regex("\nreplay: slsim run --case (\\S+) --handler (\\S+)\n")))
      << check.output;
  EXPECT_TRUE(std::filesystem::path(std::string(m[2])).is_absolute()) << m[2];
  const auto rerun = shell("cd " + dir + "/elsewhere && " + slsim_bin + " run --case ../project/" + std::string(m[1]));
  EXPECT_EQ(rerun.output.find("no built-in handler"), std::string::npos) << rerun.output;
  EXPECT_NE(rerun.exit_code, 2) << rerun.output;  // it runs (and crashes with the handler), no usage error
}

TEST(check_output, replay_with_a_rebuilt_plugin_says_the_handler_changed_and_exits_2) {
  const auto dir = scratch_dir("rebuilt-plugin");
  const std::string plugin = dir + "/handler.so";
  std::filesystem::copy_file(SLSIM_TEST_PLUGIN, plugin);
  ASSERT_EQ(slsim("run --seed 3 --handler " + plugin + " --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto header = read_file(dir + "/t.jsonl").substr(0, read_file(dir + "/t.jsonl").find('\n'));
  EXPECT_NE(nlohmann::json::parse(header).value("handler_build", "").rfind("fnv1a64:", 0), std::string::npos) << header;
  ASSERT_EQ(slsim("replay " + dir + "/t.jsonl").exit_code, 0);
  // "Rebuild" the plugin: other code at the same path.
  std::filesystem::copy_file(SLSIM_TEST_NONDETERMINISTIC_PLUGIN, plugin,
                             std::filesystem::copy_options::overwrite_existing);
  const auto r = slsim("replay " + dir + "/t.jsonl");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("the handler changed since this trace was written"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("diverged"), std::string::npos) << r.output;
}

TEST(check_output, built_in_handler_traces_carry_no_build_id) {
  const auto dir = scratch_dir("builtin-build-id");
  ASSERT_EQ(slsim("run --seed 3 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto text = read_file(dir + "/t.jsonl");
  EXPECT_FALSE(nlohmann::json::parse(text.substr(0, text.find('\n'))).contains("handler_build"));
}

// Jenkins' xUnit plugin validates JUnit reports against its junit-10.xsd; the fixture
// restates that schema's rules (tests/fixtures/junit-xunit.xsd, source noted inside).
command_result validate_junit(const std::string& xml) {
  return shell("xmllint --noout --schema " + std::string(SLSIM_FIXTURES) + "/junit-xunit.xsd " + xml);
}

TEST(check_output, junit_report_of_a_passing_run_is_valid_for_jenkins_xunit) {
  const auto dir = scratch_dir("junit-pass");
  ASSERT_EQ(slsim("check --seeds 4 --out " + dir + " --junit " + dir + "/r.xml").exit_code, 0);
  const auto v = validate_junit(dir + "/r.xml");
  ASSERT_EQ(v.exit_code, 0) << v.output << "\n(xmllint is in Debian's libxml2-utils)\n" << read_file(dir + "/r.xml");
  const auto xml = read_file(dir + "/r.xml");
  EXPECT_NE(xml.find(R"(tests="4" failures="0" errors="0")"), std::string::npos) << xml;
}

TEST(check_output, junit_failures_carry_property_violation_shrunk_case_and_replay_line) {
  const auto dir = scratch_dir("junit-fail");
  const auto r = slsim("check --seeds 6 --handler zoo/unconditional_put --out " + dir + " --junit " + dir + "/r.xml");
  ASSERT_EQ(r.exit_code, 1) << r.output;
  const auto v = validate_junit(dir + "/r.xml");
  ASSERT_EQ(v.exit_code, 0) << v.output << read_file(dir + "/r.xml");
  const auto xml = read_file(dir + "/r.xml");
  EXPECT_NE(xml.find(R"(errors="0")"), std::string::npos) << xml;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"x(<failure message="([a-z_]+): ([^"]+)" type="([a-z_]+)">)x")))
      << xml;
  EXPECT_EQ(m[1], m[3]);
  // The first failure is the shrunk one: its body says so, in words, with the replay line
  // check printed.
  std::smatch printed;
  ASSERT_TRUE(std::regex_search(r.output, printed, std::regex("\nreplay: ([^\n]+)\n")));
  EXPECT_NE(xml.find("shrunk in "), std::string::npos) << xml;
  EXPECT_NE(xml.find("replay: " + std::string(printed[1])), std::string::npos) << xml;
  EXPECT_NE(xml.find("client(s) x "), std::string::npos) << xml;  // the case in words
  // Every failing case names a way to reproduce it.
  std::size_t failures = 0, replays = 0;
  for (std::size_t at = xml.find("<failure"); at != std::string::npos; at = xml.find("<failure", at + 1)) ++failures;
  for (std::size_t at = xml.find("replay: "); at != std::string::npos; at = xml.find("replay: ", at + 1)) ++replays;
  EXPECT_GT(failures, 0u);
  EXPECT_EQ(failures, replays) << xml;
}

TEST(check_output, the_schema_fixture_rejects_a_report_jenkins_would_reject) {
  // The fixture must be able to fail: a <testsuite> without the required "tests" count.
  const auto dir = scratch_dir("junit-bad");
  std::ofstream(dir + "/bad.xml") << R"(<?xml version="1.0"?><testsuite name="x"><testcase/></testsuite>)";
  EXPECT_NE(validate_junit(dir + "/bad.xml").exit_code, 0);
}

}  // namespace
}  // namespace slsim::testing
