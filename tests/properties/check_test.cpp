// slsim::check in-process (docs/architecture.md §6): the reference handler holds every property; a
// zoo handler is caught with the property its source declares, shrunk to a small case
// that reproduces by case file and by seed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "slsim/check.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::testing {
namespace {
namespace fs = std::filesystem;
using properties::property;

std::string scratch_dir(const std::string& name) {
  // Per process: CTest runs each test of a suite in its own process, in parallel, and
  // each runs the suite's set-up.
  const auto dir = fs::temp_directory_path() / ("slsim-properties-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  return dir.string();
}

const handler_definition& zoo(const char* name) {
  const auto* h = examples::find_builtin(name);
  if (!h) throw std::logic_error(std::string("no built-in handler ") + name);
  return *h;
}

int request_count(const properties::case_spec& c) {
  const auto& clients = c.scenario.at("clients");
  const auto only = clients.at("arrival").value("only_requests", nlohmann::json::array());
  if (!only.empty()) return static_cast<int>(only.size());
  return clients.at("clients").get<int>() * clients.at("arrival").at("requests").get<int>();
}

TEST(check_api, reference_handler_holds_every_property_over_twenty_seeds) {
  check_options options;
  options.seeds = 20;
  const auto r = check(examples::reference_handler(), options);
  EXPECT_TRUE(r.passed) << r;
  EXPECT_EQ(r.cases_run, 20);
  EXPECT_FALSE(r.violated.has_value()) << r;
  EXPECT_NE(r.describe().find("checked 20 case(s) of handler reference"), std::string::npos) << r;
}

TEST(check_api, a_case_a_hang_guard_stops_is_named_with_no_property_verdict) {
  // A guard that fires (here the event budget, deterministic; the wall-clock watchdog on a
  // loaded machine is the same path) cuts the run short: its unfinished requests are not
  // property violations, and the check neither reports a property nor shrinks.
  check_options options;
  options.seeds = 3;
  options.scenario.clients.arrival.requests = 200;
  options.scenario.bounds.max_events = 500;
  const auto r = check(examples::reference_handler(), options);
  EXPECT_FALSE(r.passed) << r;
  EXPECT_EQ(r.guard, "bounds.max_events") << r;
  EXPECT_FALSE(r.violated.has_value()) << r;
  EXPECT_EQ(r.cases_run, 1) << r;
  EXPECT_EQ(r.shrink_runs, 0) << r;
  EXPECT_NE(r.describe().find("HANG seed_1: guard bounds.max_events fired"), std::string::npos) << r;
  EXPECT_NE(r.describe().find("no property verdict"), std::string::npos) << r;
}

// One failing check of a zoo handler, shared by the tests that inspect it (shrinking is
// the expensive part).
class check_api_zoo_failure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    check_options options;
    options.out_dir = scratch_dir("zoo_unconditional_put");
    result_ = new check_result(check(zoo("zoo/unconditional_put"), options));
  }
  static void TearDownTestSuite() {
    delete result_;
    result_ = nullptr;
  }
  static const check_result& r() { return *result_; }
  static inline check_result* result_ = nullptr;
};

TEST_F(check_api_zoo_failure, is_caught_with_its_declared_property_and_a_small_shrunk_case) {
  ASSERT_FALSE(r().passed) << r();
  ASSERT_TRUE(r().violated.has_value());
  EXPECT_EQ(properties::to_string(*r().violated), zoo("zoo/unconditional_put").must_violate) << r();
  ASSERT_TRUE(r().shrunk.has_value());
  EXPECT_LE(request_count(*r().shrunk), 5) << r();
  EXPECT_LE(r().shrunk->plan.faults.size(), 3u) << r();
  ASSERT_TRUE(r().detail.has_value());
  EXPECT_EQ(r().detail->what, *r().violated);
  EXPECT_EQ(r().description, properties::describe_case(*r().shrunk));
}

TEST_F(check_api_zoo_failure, prints_like_slsim_check_with_a_replay_line_naming_the_written_case_file) {
  const std::string text = r().describe();
  EXPECT_NE(text.find("property exactly_once violated"), std::string::npos) << text;
  std::smatch m;
  const std::regex replay_line("\nreplay: slsim run --case (\\S+) --handler zoo/unconditional_put\n");
  ASSERT_TRUE(std::regex_search(text, m, replay_line)) << text;
  EXPECT_EQ(m[1].str(), r().case_file);
  EXPECT_EQ(r().replay, "slsim run --case " + r().case_file + " --handler zoo/unconditional_put");
  EXPECT_TRUE(fs::exists(r().case_file));
  EXPECT_TRUE(fs::exists(r().trace_file));
  EXPECT_EQ(properties::read_case_file(r().case_file).seed, r().shrunk->seed);
  // The trace's header carries the case, so `slsim replay TRACE` re-runs it.
  std::ifstream trace(r().trace_file);
  std::string header;
  ASSERT_TRUE(std::getline(trace, header));
  EXPECT_EQ(nlohmann::json::parse(header).at("case"), nlohmann::json(*r().shrunk));
}

TEST_F(check_api_zoo_failure, its_case_file_reproduces_the_same_property) {
  check_options options;
  options.case_file = r().case_file;
  const auto again = check(zoo("zoo/unconditional_put"), options);
  EXPECT_FALSE(again.passed) << again;
  EXPECT_EQ(again.cases_run, 1);
  ASSERT_TRUE(again.violated.has_value()) << again;
  EXPECT_EQ(*again.violated, *r().violated) << again;
  EXPECT_EQ(again.shrink_runs, 0);  // a case file is checked as it is
}

TEST_F(check_api_zoo_failure, the_reference_handler_passes_the_same_case_file) {
  check_options options;
  options.case_file = r().case_file;
  const auto reference = check(examples::reference_handler(), options);
  EXPECT_TRUE(reference.passed) << reference;
}

TEST_F(check_api_zoo_failure, its_seed_reproduces_the_unshrunk_failure) {
  ASSERT_TRUE(r().failing_seed.has_value());
  check_options options;
  options.first_seed = *r().failing_seed;
  options.seeds = 1;
  options.shrink = false;
  const auto again = check(zoo("zoo/unconditional_put"), options);
  ASSERT_TRUE(again.violated.has_value()) << again;
  EXPECT_EQ(*again.violated, *r().violated);
  EXPECT_EQ(again.failing_seed, r().failing_seed);
  EXPECT_EQ(again.shrink_runs, 0);
}

TEST_F(check_api_zoo_failure, checking_only_other_properties_lets_the_same_seed_pass) {
  check_options options;
  options.first_seed = *r().failing_seed;
  options.seeds = 1;
  options.properties = {property::boundary, property::no_crash};
  const auto only = check(zoo("zoo/unconditional_put"), options);
  EXPECT_TRUE(only.passed) << only;
}

// A user's own effect contract (no expected(payload), no counters) still counts result
// writes in the change stream: a second write of one request is caught.
TEST(check_api, a_contract_without_expected_function_still_catches_a_second_result_write) {
  check_options options;
  options.scenario.effects.expected = "";
  options.scenario.effects.counters.clear();
  options.seeds = 30;
  const auto r = check(zoo("zoo/unconditional_put"), options);
  ASSERT_FALSE(r.passed) << r;
  EXPECT_EQ(r.violated, property::exactly_once) << r;
  ASSERT_TRUE(r.detail.has_value());
  EXPECT_NE(r.detail->detail.find("result writes"), std::string::npos) << r;
}

TEST(check_api, without_a_directory_prints_the_case_as_json_and_writes_nothing) {
  check_options options;
  options.seeds = 30;
  options.shrink = false;
  const auto r = check(zoo("zoo/unconditional_put"), options);
  ASSERT_FALSE(r.passed) << r;
  EXPECT_TRUE(r.case_file.empty());
  EXPECT_TRUE(r.replay.empty());
  const std::string text = r.describe();
  EXPECT_EQ(text.find("\nreplay:"), std::string::npos) << text;
  EXPECT_NE(text.find("\"format\":\"slsim-case\""), std::string::npos) << text;
}

TEST(check_api, required_coverage_names_each_probe_that_never_fired) {
  check_options options;
  options.seeds = 10;
  options.faults = false;  // no injected store timeouts: an ambiguous write cannot happen
  options.require_coverage = {"dlq_move", "ambiguous_write"};
  const auto r = check(examples::reference_handler(), options);
  EXPECT_FALSE(r.passed) << r;
  EXPECT_FALSE(r.violated.has_value()) << r;  // every property held
  EXPECT_EQ(r.missing_coverage, std::vector<std::string>{"ambiguous_write"}) << r;
  EXPECT_GT(r.probe_hits.at("dlq_move"), 0) << r;  // poison messages reach the DLQ (MD1)
  EXPECT_NE(r.describe().find("coverage: probe ambiguous_write never fired"), std::string::npos) << r;
}

TEST(check_api, an_unknown_probe_is_a_usage_error) {
  check_options options;
  options.require_coverage = {"no_such_probe"};
  EXPECT_THROW(check(examples::reference_handler(), options), std::invalid_argument);
}

TEST(check_api, a_malformed_case_file_names_the_file) {
  const auto dir = scratch_dir("malformed");
  fs::create_directories(dir);
  const auto path = dir + "/bad.json";
  std::ofstream(path) << R"({"format": "slsim-case", "version": 1})";
  check_options options;
  options.case_file = path;
  try {
    check(examples::reference_handler(), options);
    ADD_FAILURE() << "expected a scenario_error";
  } catch (const pipeline::scenario_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace slsim::testing
