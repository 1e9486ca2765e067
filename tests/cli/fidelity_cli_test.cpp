// The inferred behaviours a scenario depends on, as `slsim lint` and the sweep report name
// them (docs/aws-facts.md, *inferred*), and the fidelity defaults as users see them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(fidelity, lint_names_the_inferred_facts_the_builtin_scenario_depends_on) {
  const auto r = slsim("lint");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // A DLQ is configured: the move happens on the next receive (MD1); a TTL table with the
  // realistic deleter (MD34); cold starts (MD32) and idle reclaim (MD33).
  for (const char* line : {"assumes [MD1] a DLQ is configured (/queue/redrive_policy/dead_letter_target_name)",
                           "assumes [MD34]", "assumes [MD32]", "assumes [MD33]", "assumes [L13]"})
    EXPECT_NE(r.output.find(line), std::string::npos) << line << "\n" << r.output;
  EXPECT_EQ(r.output.find("[MD35]"), std::string::npos) << r.output;  // no batching window
  EXPECT_EQ(r.output.find("[F9]"), std::string::npos) << r.output;    // a standard queue
  EXPECT_NE(r.output.find("0 warning(s)"), std::string::npos) << r.output;
}

TEST(fidelity, lint_follows_the_scenario_features_it_is_given) {
  const auto r = slsim(
      "lint --set esm.maximum_batching_window_s=5 --set queue.redrive_policy.dead_letter_target_name=\"\" "
      "--set store.ttl_deletion.preset=adversarial --set function.reserved_concurrency=20 "
      "--set esm.maximum_concurrency=20");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("assumes [MD35] a batching window is set"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("assumes [MD14]"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("[MD1]"), std::string::npos) << r.output;   // no DLQ
  EXPECT_EQ(r.output.find("[MD34]"), std::string::npos) << r.output;  // the adversarial preset
}

TEST(fidelity, sweep_report_lists_the_inferred_facts_of_its_points) {
  const auto dir = scratch_dir("sweep-assumptions");
  // The batching-window axis reaches MD35 at one of its two points only.
  ASSERT_EQ(
      slsim("sweep --axis esm.maximum_batching_window_s=0,2 --seeds 1 --set clients.arrival.requests=5 --out " + dir)
          .exit_code,
      0);
  const auto html = read_text(dir + "/report.html");
  const auto table = html.find("<table id=\"assumptions\">");
  ASSERT_NE(table, std::string::npos) << html;
  const auto body = html.substr(table, html.find("</table>", table) - table);
  EXPECT_NE(body.find("<code>MD1</code>"), std::string::npos) << body;
  EXPECT_NE(body.find("<code>MD32</code>"), std::string::npos) << body;
  const auto md35 = body.find("<code>MD35</code>");
  ASSERT_NE(md35, std::string::npos) << body;
  EXPECT_NE(body.find("<td>1/2</td>", md35), std::string::npos) << body;
  EXPECT_LT(body.find("<code>MD1</code>"), md35);  // catalogue order
}

TEST(fidelity, legacy_constant_fields_still_load_as_distributions) {
  const auto dir = scratch_dir("fidelity-legacy");
  {
    std::ofstream(dir + "/old.json")
        << R"({"function": {"init_duration_ms": 300}, "store": {"ttl_delete_delay_s": 60}})";
    std::ofstream(dir + "/both.json")
        << R"({"function": {"init_duration_ms": 300, "init_duration": {"kind": "constant"}}})";
  }
  const auto ok = slsim("scenario --scenario " + dir + "/old.json");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("\"value_ms\": 300.0"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("\"value_ms\": 60000.0"), std::string::npos) << ok.output;
  const auto both = slsim("scenario --scenario " + dir + "/both.json");
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_NE(both.output.find("/function/init_duration_ms: the older form of /function/init_duration (MD18)"),
            std::string::npos)
      << both.output;
}

}  // namespace
}  // namespace slsim::testing
