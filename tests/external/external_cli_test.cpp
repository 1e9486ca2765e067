// The user path for an external handler: `slsim check --handler-cmd` catches a buggy Node
// handler, shrinks it, and the saved case and trace replay byte for byte from elsewhere.
#include <gtest/gtest.h>

#include <regex>

#include "../cli/cli_support.hpp"
#include "external_support.hpp"

namespace slsim::external::testing {
namespace {

using slsim::testing::scratch_dir;
using slsim::testing::shell;

TEST(external_cli, buggy_node_handler_is_caught_shrunk_and_its_trace_replays_byte_for_byte) {
  require_node();
  const std::string out = scratch_dir("external-buggy");
  // Eight generated cases rather than one pinned seed: about half the cases of this bug fail,
  // whatever the generator draws for a given seed.
  const auto check = shell("cd " + k_source_dir + " && " + SLSIM_BINARY + " check --seeds 8 --jobs 2 --out " + out +
                           " --handler-cmd 'node examples/node/bootstrap.mjs unconditional_put.handler'");
  ASSERT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("property exactly_once violated"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("shrunk in"), std::string::npos) << check.output;
  // The case carries the command and its directory: the replay line names no C++ handler.
  EXPECT_NE(check.output.find("replay: slsim run --case "), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("--handler reference"), std::string::npos) << check.output;
  std::smatch trace;
  ASSERT_TRUE(std::regex_search(check.output, trace, std::regex("trace: (\\S+)"))) << check.output;
  // From another directory: the case recorded the command's working directory, absolute.
  const auto replay = shell("cd / && " + std::string(SLSIM_BINARY) + " replay " + trace[1].str());
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("replay identical"), std::string::npos) << replay.output;
}

TEST(external_cli, an_empty_handler_command_is_bad_usage_naming_the_field) {
  const auto bad = shell(std::string(SLSIM_BINARY) + " run --set 'function/runtime={\"command\":\"\"}'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("/function/runtime/command"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace slsim::external::testing
