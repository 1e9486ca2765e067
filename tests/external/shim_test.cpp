// The control determinism tier (docs/other-languages.md): with function.runtime.shim, a
// handler process that reads the wall clock, draws random UUIDs and sleeps replays byte for
// byte, sleeps in virtual time, and sees its remaining time shrink with virtual latency.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>

#include "../cli/cli_support.hpp"
#include "external_support.hpp"
#include "slsim/external/shim_channel.hpp"
#include "slsim/pipeline/run_case.hpp"

namespace slsim::external::testing {
namespace {

using faults::fault;
using faults::fault_kind;
using slsim::testing::scratch_dir;
using slsim::testing::shell;

const std::string k_node_clocked = "node examples/node/bootstrap.mjs tests/external/handlers/clocked.";
// V8 seeds Math.random() from a generator its background threads draw from too, at moments
// the wall clock decides: --random-seed fixes it (docs/other-languages.md).
const std::string k_node_clocked_seeded =
    "node --random-seed=1 examples/node/bootstrap.mjs tests/external/handlers/clocked.";
const std::string k_python_clocked = "/usr/bin/python3 examples/python/bootstrap.py tests.external.handlers.clocked.";

void require_python() {
  ASSERT_EQ(std::system("/usr/bin/python3 -c 'import boto3' > /dev/null 2>&1"), 0)
      << "python3 with boto3 is required (apt-get install python3-boto3)";
}

// The handlers write extra attributes: no expected-item check. One record per invocation
// and a 10 s timeout, so a 2 s sleep fits.
pipeline::scenario shim_scenario(const std::string& command, bool shim, int requests = 4) {
  auto s = small_scenario(command, requests);
  s.effects.expected = "";
  s.esm.batch_size = 1;
  s.function.timeout_s = 10;
  s.function.runtime->shim = shim;
  return s;
}

double wall_seconds_of(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool same_rows(const std::vector<store::shared_item>& a, const std::vector<store::shared_item>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i].value() == b[i].value())) return false;
  return true;
}

std::int64_t number_at(const store::shared_item& row, const char* name) { return std::stoll(row.at(name).scalar); }

// slsim check with a determinism re-run of every case, from a scenario file that turns the
// expected-item check off.
slsim::testing::command_result check_twice(const std::string& handler, const std::string& out, bool shim) {
  const std::string scenario = out + "/scenario.json";
  std::ofstream(scenario)
      << R"({"effects": {"expected": ""}, "esm": {"batch_size": 1}, "function": {"timeout_s": 10}})";
  return shell("cd " + k_source_dir + " && " + SLSIM_BINARY + " check --seeds 2 --determinism-check 1 --jobs 2 --out " +
               out + " --scenario " + scenario + (shim ? " --shim" : "") + " --handler-cmd '" + handler + "'");
}

void expect_nondeterminism_naming_the_request(const slsim::testing::command_result& check) {
  EXPECT_EQ(check.exit_code, 3) << check.output;
  EXPECT_NE(check.output.find("nondeterminism: case"), std::string::npos) << check.output;
  EXPECT_TRUE(std::regex_search(check.output, std::regex("first differing request: invocation [0-9]+ \\(store\\.")))
      << check.output;
  EXPECT_TRUE(std::regex_search(check.output, std::regex("the first differing request is Lambda request "
                                                         "[0-9a-f]{8}-5e1a-4000-8000-[0-9a-f]{12}")))
      << check.output;
}

TEST(external_shim, node_clock_and_uuid_are_nondeterministic_without_the_shim_and_the_report_names_the_request) {
  require_node();
  expect_nondeterminism_naming_the_request(
      check_twice(k_node_clocked + "handler", scratch_dir("shim-node-without"), false));
}

TEST(external_shim, python_time_and_uuid4_are_nondeterministic_without_the_shim_and_the_report_names_the_request) {
  require_python();
  expect_nondeterminism_naming_the_request(
      check_twice(k_python_clocked + "handler", scratch_dir("shim-python-without"), false));
}

TEST(external_shim, node_clock_uuid_and_math_random_replay_byte_for_byte_with_the_shim) {
  require_node();
  const std::string out = scratch_dir("shim-node-with");
  const auto check = check_twice(k_node_clocked_seeded + "handler", out, true);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  // Two runs of one case, traced: byte-identical; and the trace replays.
  const auto c = case_of(shim_scenario(k_node_clocked_seeded + "handler", true), 21);
  const auto a = run(c);
  const auto b = run(c);
  ASSERT_TRUE(a.outcome.run.ok()) << a.outcome.run.describe();
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  const auto& rows = a.outcome.tables.at("results");
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("uuid").scalar.size(), 36u);
    EXPECT_GE(number_at(row, "seenAt"), 1'700'000'000'000) << "Date.now() is the virtual epoch's";
  }
  EXPECT_TRUE(same_rows(a.outcome.tables.at("results"), b.outcome.tables.at("results")));
  const std::string trace = out + "/one.trace.jsonl";
  const std::string scenario = out + "/scenario.json";
  const auto first = shell("cd " + k_source_dir + " && " + SLSIM_BINARY + " run --seed 21 --scenario " + scenario +
                           " --shim --trace " + trace + " --handler-cmd '" + k_node_clocked_seeded + "handler'");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto replay = shell("cd / && " + std::string(SLSIM_BINARY) + " replay " + trace);
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("replay identical"), std::string::npos) << replay.output;
}

TEST(external_shim, python_time_and_uuid4_replay_byte_for_byte_with_the_shim) {
  require_python();
  const auto check = check_twice(k_python_clocked + "handler", scratch_dir("shim-python-with"), true);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  const auto c = case_of(shim_scenario(k_python_clocked + "handler", true), 22);
  const auto a = run(c);
  const auto b = run(c);
  ASSERT_TRUE(a.outcome.run.ok()) << a.outcome.run.describe();
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_TRUE(same_rows(a.outcome.tables.at("results"), b.outcome.tables.at("results")));
}

// Node's setTimeout waits in epoll_wait, Python's time.sleep in clock_nanosleep: both cost
// virtual time, not wall time.
void expect_sleeps_cost_virtual_time(const std::string& command) {
  const auto c = case_of(shim_scenario(command, true, 4), 23);
  properties::case_result r;
  const double wall = wall_seconds_of([&] { r = run(c); });
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_TRUE(r.result.ok()) << why(r);
  const auto& rows = r.outcome.tables.at("results");
  ASSERT_GE(rows.size(), 4u);
  for (const auto& row : rows) EXPECT_GE(number_at(row, "sleptMs"), 2000) << "the process's clock moved by the sleep";
  // A 2 s sleep per order; the processes' start-up is most of the wall time.
  const double slept_s = 2.0 * static_cast<double>(rows.size());
  EXPECT_LT(wall, slept_s / 2) << "sleeps took wall time";
  EXPECT_GE(r.outcome.run.end_time, sim::seconds(2)) << "the virtual clock advanced by the sleeps";
  EXPECT_GE(r.outcome.runtime.successes, rows.size());
}

TEST(external_shim, a_node_timer_sleeps_in_virtual_time) {
  require_node();
  expect_sleeps_cost_virtual_time(k_node_clocked + "sleeper");
}

TEST(external_shim, a_python_sleep_sleeps_in_virtual_time) {
  require_python();
  expect_sleeps_cost_virtual_time(k_python_clocked + "sleeper");
}

TEST(external_shim, the_sdk_retry_backoff_under_a_throttle_still_recovers_with_the_shim) {
  require_node();
  auto s = small_scenario(node_handler("index.handler"));
  s.function.runtime->shim = true;
  const auto c = case_of(s, 8,
                         {fault{.kind = fault_kind::store_error, .nth = 1, .error = faults::surfaced_error::throttling},
                          fault{.kind = fault_kind::store_throttle, .nth = 3, .count = 8}});
  const auto a = run(c);
  ASSERT_TRUE(a.outcome.run.ok()) << a.outcome.run.describe();
  EXPECT_EQ(a.fired.size(), 2u);
  EXPECT_GE(a.outcome.store_errors_surfaced, 1u);
  EXPECT_TRUE(a.result.ok()) << why(a);
  EXPECT_EQ(a.trace_hash, run(c).trace_hash) << "the backoff's jitter comes from the seed";
}

TEST(external_shim, remaining_time_shrinks_with_the_virtual_store_latency) {
  require_node();
  auto s = shim_scenario(k_node_clocked + "remaining", true, 3);
  const auto r = run(case_of(s, 24));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  const auto& rows = r.outcome.tables.at("results");
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    const auto before = number_at(row, "remainingBefore");
    const auto after = number_at(row, "remainingAfter");
    EXPECT_LE(before, 10'000);
    EXPECT_GT(before, 9'000) << "the deadline is the invocation's start + 10 s of virtual time";
    EXPECT_LT(after, before) << "the store call's virtual latency came off the remaining time";
    EXPECT_GT(after, 9'000);
  }
}

TEST(external_shim, a_missing_library_is_bad_input_naming_the_field) {
  const auto bad = shell("SLSIM_SHIM_LIBRARY=/nonexistent/libslsim_shim.so " + std::string(SLSIM_BINARY) +
                         " run --shim --handler-cmd 'node examples/node/bootstrap.mjs index.handler'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("/function/runtime/shim"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("/nonexistent/libslsim_shim.so"), std::string::npos) << bad.output;
  const auto no_handler = shell(std::string(SLSIM_BINARY) + " run --shim");
  EXPECT_EQ(no_handler.exit_code, 2) << no_handler.output;
  EXPECT_NE(no_handler.output.find("--shim needs an external handler"), std::string::npos) << no_handler.output;
}

TEST(external_shim, the_library_is_found_from_the_build_tree) {
  const auto found = shim_library();
  ASSERT_TRUE(found.has_value()) << shim_library_search_path();
  EXPECT_NE(found->find("libslsim_shim.so"), std::string::npos);
}

}  // namespace
}  // namespace slsim::external::testing
