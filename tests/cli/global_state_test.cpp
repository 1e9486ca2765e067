// Process-global handler state: a plugin that keeps a C++ static seen-set changes its own
// writable memory on warm invocations; `check` reports it as a named finding (a warning in
// the output and in results.json), not a property failure, while a plugin whose memory
// stays as init left it gets no such warning.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

nlohmann::json results_of(const std::string& dir) {
  std::ifstream in(dir + "/results.json");
  return nlohmann::json::parse(in);
}

TEST(global_state, a_static_seen_set_is_reported_as_process_global_state_not_as_a_failure) {
  const auto dir = scratch_dir("global_state_seen_set");
  const auto r =
      slsim(std::string("check --handler ") + SLSIM_TEST_SEEN_SET_PLUGIN + " --seeds 4 --no-faults --out " + dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: the handler changed process-global state during an invocation ("),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("state outside ctx.state() is shared between environments here and lost on cold starts "
                          "in AWS"),
            std::string::npos)
      << r.output;
  const auto results = results_of(dir);
  ASSERT_TRUE(results.contains("warnings")) << results.dump(2);
  EXPECT_EQ(results["warnings"].at(0).at("finding"), "process_global_state");
}

TEST(global_state, a_plugin_without_statics_gets_no_warning) {
  const auto dir = scratch_dir("global_state_reference");
  const auto r = slsim(std::string("check --handler ") + SLSIM_TEST_PLUGIN + " --seeds 4 --no-faults --out " + dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning: the handler changed process-global state"), std::string::npos) << r.output;
  EXPECT_FALSE(results_of(dir).contains("warnings"));
}

}  // namespace
}  // namespace slsim::testing
