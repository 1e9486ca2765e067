// `slsim explore --handler-cmd`: bounded-exhaustive fault placement over an unmodified
// handler process, as over a C++ handler (docs/exploration.md, docs/other-languages.md).
#include <gtest/gtest.h>

#include "../cli/cli_support.hpp"
#include "external_support.hpp"

namespace slsim::external::testing {
namespace {

using slsim::testing::scratch_dir;
using slsim::testing::shell;

// One client, one valid request: the smallest case a placement can break.
std::string one_request_case(const std::string& dir) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.clients = 1;
  s.clients.arrival.requests = 1;
  s.clients.mix = {.valid = 1, .poison = 0, .invalid = 0, .oversized = 0, .unauthenticated = 0};
  s.clients.retry.late_retry_probability = 0;
  const std::string path = dir + "/one-request.json";
  properties::write_case_file(path, case_of(s, 3));
  return path;
}

std::string explore(const std::string& case_file, const std::string& out, const std::string& command) {
  return "cd " + k_source_dir + " && " + SLSIM_BINARY + " explore --case " + case_file +
         " --max-faults 1 --kinds crash --jobs 2 -o " + out + " --handler-cmd '" + command + "'";
}

TEST(external_explore, a_node_handler_with_an_unconditional_put_is_broken_by_one_placed_crash) {
  require_node();
  const std::string dir = scratch_dir("external-explore-buggy");
  const auto run = shell(explore(one_request_case(dir), dir, node_handler("unconditional_put.handler")));
  ASSERT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("FAILED: property exactly_once violated"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("with 1 fault(s)"), std::string::npos) << run.output;
  // The counterexample carries the command: its replay line names no C++ handler, and
  // replaying it from another directory fails the same way.
  const auto line = run.output.find("replay: slsim run --case ");
  ASSERT_NE(line, std::string::npos) << run.output;
  const std::string replay = run.output.substr(line + 8, run.output.find('\n', line) - line - 8);
  EXPECT_EQ(replay.find("--handler"), std::string::npos) << replay;
  const auto again = shell("cd / && " + std::string(SLSIM_BINARY) + replay.substr(5));
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("exactly_once"), std::string::npos) << again.output;
}

TEST(external_explore, the_node_reference_handler_gets_a_certificate_for_one_crash) {
  require_node();
  const std::string dir = scratch_dir("external-explore-reference");
  const auto run = shell(explore(one_request_case(dir), dir, node_handler("index.handler")));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("certificate: no counterexample with <= 1 fault(s) of kinds handler_crash"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("handler process 'node examples/node/bootstrap.mjs index.handler'"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace slsim::external::testing
