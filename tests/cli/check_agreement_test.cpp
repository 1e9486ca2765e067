// `slsim::check` (in-process) and `slsim check` (worker processes) are one driver with two
// case runners (properties::run_check, docs/architecture.md §6): the same seeds give the
// same cases, the same verdict per case (down to the trace hash), the same first failure
// shrunk to the same case, and the same hang verdicts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "slsim/check.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::testing {
namespace {

const handler_definition& builtin(const std::string& name) {
  const auto* h = examples::find_builtin(name);
  if (!h) throw std::logic_error("no built-in handler " + name);
  return *h;
}

// `slsim check --json` for the handler over `seeds` seeds, its results.json document.
nlohmann::json cli_check(const std::string& handler, int seeds, const std::string& dir, const std::string& extra,
                         int expected_exit) {
  const auto r = shell(std::string(SLSIM_BINARY) + " check --handler " + handler + " --seeds " + std::to_string(seeds) +
                           " --jobs 2 --determinism-check 0 --json --out " + dir + " " + extra,
                       true);
  EXPECT_EQ(r.exit_code, expected_exit) << r.output;
  return nlohmann::json::parse(r.output);
}

// Every case of both reports: same name, outcome, trace hash, violated properties and probes.
void expect_same_cases(const check_result& api, const nlohmann::json& cli) {
  const auto& results = cli.at("results");
  ASSERT_EQ(api.cases.size(), results.size());
  for (std::size_t i = 0; i < api.cases.size(); ++i) {
    const auto& a = api.cases[i];
    const auto& c = results[i];
    SCOPED_TRACE(a.name);
    EXPECT_EQ(a.name, c.at("name"));
    EXPECT_EQ(properties::to_string(a.outcome), c.at("outcome").get<std::string>());
    EXPECT_EQ(a.report.hash, c.at("result").at("hash").get<std::string>());
    EXPECT_EQ(nlohmann::json(a.report.violated), c.at("result").at("violated"));
    EXPECT_EQ(nlohmann::json(a.report.probes), c.at("result").at("probes"));
  }
  nlohmann::json hits = api.probe_hits;
  EXPECT_EQ(hits, cli.at("probes"));
}

TEST(check_agreement, a_zoo_handler_gives_the_same_verdicts_and_the_same_shrunk_failure_through_both_entry_points) {
  const std::string name = "zoo/unconditional_put";
  const auto api_dir = scratch_dir("agreement-api"), cli_dir = scratch_dir("agreement-cli");
  check_options options;
  options.seeds = 12;
  options.stop_at_first_failure = false;  // every case, as the command runs them
  options.out_dir = api_dir;
  const auto api = check(builtin(name), options);
  const auto cli = cli_check(name, 12, cli_dir, "", 1);

  expect_same_cases(api, cli);
  ASSERT_FALSE(api.passed);
  ASSERT_TRUE(api.failure.has_value());
  const auto& failure = cli.at("failure");
  EXPECT_EQ(api.failing_case, failure.at("case"));
  EXPECT_EQ(api.failure_property, failure.at("property"));
  EXPECT_EQ(api.shrink_runs, failure.at("shrink_runs").get<int>());
  ASSERT_TRUE(api.detail.has_value());
  EXPECT_NE(failure.at("violation").get<std::string>().find(api.detail->detail), std::string::npos);
  EXPECT_NE(failure.at("violation").get<std::string>().find(api.detail->client_request_id), std::string::npos);
  // The same shrunk case, written by both.
  std::ifstream a(api.case_file), c(failure.at("case_file").get<std::string>());
  ASSERT_TRUE(a && c);
  EXPECT_EQ(nlohmann::json::parse(a), nlohmann::json::parse(c));
}

TEST(check_agreement, the_reference_handler_passes_every_case_with_the_same_traces_through_both_entry_points) {
  check_options options;
  options.seeds = 10;
  options.stop_at_first_failure = false;
  const auto api = check(builtin("reference"), options);
  const auto cli = cli_check("reference", 10, scratch_dir("agreement-reference"), "", 0);
  EXPECT_TRUE(api.passed) << api;
  EXPECT_EQ(api.count(properties::case_outcome::pass), 10u);
  expect_same_cases(api, cli);
}

TEST(check_agreement, a_hang_guard_stops_the_same_cases_with_the_same_guard_through_both_entry_points) {
  check_options options;
  options.seeds = 3;
  options.stop_at_first_failure = false;
  options.scenario.clients.arrival.requests = 200;
  options.scenario.bounds.max_events = 500;
  const auto api = check(builtin("reference"), options);
  const auto cli = cli_check("reference", 3, scratch_dir("agreement-hang"),
                             "--set clients.arrival.requests=200 --set bounds.max_events=500", 4);
  EXPECT_EQ(api.guard, "bounds.max_events") << api;
  EXPECT_EQ(api.count(properties::case_outcome::hang), 3u);
  EXPECT_EQ(cli.at("hang").at("guard"), api.guard);
  EXPECT_EQ(cli.at("hang").at("case"), api.failing_case);
  const auto& results = cli.at("results");
  ASSERT_EQ(results.size(), api.cases.size());
  for (std::size_t i = 0; i < api.cases.size(); ++i) {
    EXPECT_EQ(results[i].at("outcome"), "hang");
    EXPECT_EQ(results[i].at("result").at("guard"), api.cases[i].report.guard);
    EXPECT_EQ(results[i].at("result").at("hash"), api.cases[i].report.hash);
  }
}

}  // namespace
}  // namespace slsim::testing
