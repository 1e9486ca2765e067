// Each public zoo handler is caught by a bare `slsim check --handler zoo/NAME`, with the
// property its source declares, shrunk to a small case whose replay line reproduces the
// violation — and the reference handler passes that same case (docs/architecture.md §6).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "../support/release_pass_only.hpp"
#include "cli_support.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::testing {
namespace {

class zoo_check : public ::testing::TestWithParam<std::string> {};

// Under the sanitizers (-O0, each case ~20 times slower) the sweep keeps the handlers whose
// bugs take paths of their own (a malformed batch response, a throwing handler, a FIFO
// queue, an eventual read); the others share the check driver's
// and shrinker's paths with these, and the release pass runs them all.
const std::vector<std::string>& sanitizer_representatives() {
  static const std::vector<std::string> names{"zoo/malformed_batch_response", "zoo/throw_on_poison",
                                              "zoo/fifo_reports_only_failed", "zoo/stale_read_then_write"};
  return names;
}

bool runs_under_the_sanitizers(const std::string& name) {
  const auto& names = sanitizer_representatives();
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST_P(zoo_check, is_caught_with_its_declared_property_and_a_small_replayable_case) {
  if (!runs_under_the_sanitizers(GetParam())) SLSIM_RELEASE_PASS_ONLY();
  const auto* handler = examples::find_builtin(GetParam());
  ASSERT_NE(handler, nullptr);
  ASSERT_FALSE(handler->must_violate.empty());
  const auto dir = scratch_dir(std::regex_replace(GetParam(), std::regex("/"), "_"));
  // No flags but the handler (and where to put files: the test's own directory).
  const auto r = slsim("check --handler " + GetParam() + " --out " + dir);
  ASSERT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("property " + handler->must_violate + " violated"), std::string::npos) << r.output;

  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex("\nreplay: slsim (run --case (\\S+) --handler \\S+)\n")))
      << r.output;
  const std::string replay_args = m[1];
  const std::string case_file = m[2];
  const auto shrunk = properties::read_case_file(case_file);
  const auto& clients = shrunk.scenario.at("clients");
  const auto only = clients.at("arrival").value("only_requests", nlohmann::json::array());
  const int sent = only.empty() ? clients.at("clients").get<int>() * clients.at("arrival").at("requests").get<int>()
                                : static_cast<int>(only.size());
  // Every draw is keyed by a stable identity (a request, a message's content, a delivery,
  // a call within its invocation: sim::keyed_rng), and so is every fault trigger (a
  // request, a delivery of its message, a call of that invocation: faults::request_target),
  // so removing a request leaves the others and their faults as they were and every bug
  // shrinks to the few requests and faults it needs.
  EXPECT_LE(sent, 3) << properties::describe_case(shrunk);
  EXPECT_LE(shrunk.plan.faults.size(), 2u) << properties::describe_case(shrunk);

  const auto replay = slsim(replay_args + " --json");
  ASSERT_EQ(replay.exit_code, 1) << replay.output;
  bool same = false;
  const auto replayed = nlohmann::json::parse(replay.output);
  for (const auto& v : replayed.at("violations")) same |= v.at("property") == handler->must_violate;
  EXPECT_TRUE(same) << replay.output;

  const auto reference = slsim("run --case " + case_file + " --handler reference");
  EXPECT_EQ(reference.exit_code, 0) << reference.output;
}

std::vector<std::string> zoo_names() {
  std::vector<std::string> out;
  const auto& explored = examples::exploration_zoo();  // found by `slsim explore` (explore_cli_test.cpp)
  for (const auto& h : examples::builtin_handlers())
    if (h.name.rfind("zoo/", 0) == 0 && std::find(explored.begin(), explored.end(), h.name) == explored.end())
      out.push_back(h.name);
  return out;
}

TEST(zoo_check_sanitizer_subset, names_zoo_handlers_of_the_sweep) {
  const auto names = zoo_names();
  for (const auto& name : sanitizer_representatives())
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

INSTANTIATE_TEST_SUITE_P(all, zoo_check, ::testing::ValuesIn(zoo_names()), [](const auto& param_info) {
  return std::regex_replace(param_info.param, std::regex("[^A-Za-z0-9]"), "_");
});

}  // namespace
}  // namespace slsim::testing
