// Unmodified Node.js handlers run as external processes through the Lambda Runtime API
// and slsim's DynamoDB endpoint, in lockstep with virtual time (docs/other-languages.md).
#include <gtest/gtest.h>

#include "external_support.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::external::testing {
namespace {

using faults::fault;
using faults::fault_kind;

TEST(external_handler, node_reference_handler_passes_every_property) {
  require_node();
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto r = run(case_of(small_scenario(node_handler("index.handler")), seed));
    ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
    EXPECT_TRUE(r.result.ok()) << "seed " << seed << ": " << why(r);
    EXPECT_GT(r.outcome.runtime.successes, 0u);
    EXPECT_FALSE(r.outcome.tables.at("results").empty()) << "the handler wrote nothing through the endpoint";
  }
}

TEST(external_handler, same_seed_gives_the_same_trace_hash) {
  require_node();
  const auto c = case_of(small_scenario(node_handler("index.handler")), 11,
                         {fault{.kind = fault_kind::handler_crash, .nth = 2, .point = 1, .after = true}});
  const auto a = run(c);
  const auto b = run(c);
  ASSERT_TRUE(a.outcome.run.ok()) << a.outcome.run.describe();
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.outcome.run.events, b.outcome.run.events);
}

TEST(external_handler, a_handler_that_reads_the_wall_clock_changes_the_trace_hash) {
  require_node();  // detection tier: the schedule replays, what the process computes need not
  const auto c = case_of(small_scenario(misbehaving("wall-clock"), 2), 3);
  const auto a = run(c);
  const auto b = run(c);
  ASSERT_TRUE(a.outcome.run.ok()) << a.outcome.run.describe();
  EXPECT_NE(a.trace_hash, b.trace_hash);
}

TEST(external_handler, crash_before_a_store_call_kills_the_process_and_the_message_is_redelivered) {
  require_node();
  const auto r = run(case_of(small_scenario(node_handler("index.handler")), 5,
                             {fault{.kind = fault_kind::handler_crash, .nth = 1, .point = 1}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  ASSERT_EQ(r.fired.size(), 1u);
  EXPECT_EQ(r.outcome.runtime.crashes, 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
}

TEST(external_handler, crash_after_a_store_call_keeps_its_write_and_the_reference_stays_exactly_once) {
  require_node();
  const auto r = run(case_of(small_scenario(node_handler("index.handler")), 6,
                             {fault{.kind = fault_kind::handler_crash, .nth = 1, .point = 1, .after = true}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.outcome.runtime.crashes, 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
}

TEST(external_handler, a_store_call_past_the_deadline_times_the_invocation_out) {
  require_node();
  auto s = small_scenario(node_handler("index.handler"));
  s.queue.visibility_timeout_s = 30;
  const auto r = run(case_of(s, 7, {fault{.kind = fault_kind::store_latency_spike, .nth = 1, .seconds = 10}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GE(r.outcome.runtime.timeouts, 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
}

TEST(external_handler, a_throttle_reaches_the_sdk_as_a_wire_error_and_the_reference_recovers) {
  require_node();
  const auto r =
      run(case_of(small_scenario(node_handler("index.handler")), 8,
                  {fault{.kind = fault_kind::store_error, .nth = 1, .error = faults::surfaced_error::throttling},
                   fault{.kind = fault_kind::store_throttle, .nth = 3, .count = 8}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.fired.size(), 2u);
  EXPECT_GE(r.outcome.store_errors_surfaced, 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
}

TEST(external_handler, an_ambiguous_write_resets_the_connection_and_the_sdk_retry_is_absorbed) {
  require_node();
  const auto r = run(case_of(small_scenario(node_handler("index.handler")), 9,
                             {fault{.kind = fault_kind::store_timeout_applied, .nth = 1}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.fired.size(), 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
}

TEST(external_handler, node_unconditional_put_is_caught_by_exactly_once) {
  require_node();
  const auto r = run(case_of(small_scenario(node_handler("unconditional_put.handler")), 4,
                             {fault{.kind = fault_kind::handler_crash, .nth = 1, .point = 1, .after = true}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  ASSERT_FALSE(r.result.ok());
  EXPECT_TRUE(r.result.violated().count(properties::property::exactly_once));
}

// --- a misbehaving process is a verdict about the handler, never a crash of slsim ---

TEST(external_handler, a_payload_that_is_not_json_fails_the_whole_batch_by_l13) {
  require_node();
  const auto r = run(case_of(small_scenario(misbehaving("bad-json"), 2), 1));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GT(r.outcome.runtime.successes, 0u);  // the invocations ended; their payloads were judged
  EXPECT_FALSE(r.outcome.dlq.empty());         // L13: an unparsable response fails every record
  EXPECT_TRUE(r.outcome.tables.at("results").empty());
}

TEST(external_handler, a_process_that_exits_mid_invocation_is_a_function_error) {
  require_node();
  const auto r = run(case_of(small_scenario(misbehaving("exit-early"), 2), 1));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GE(r.outcome.runtime.errors, 1u);
  EXPECT_EQ(r.outcome.runtime.successes, 0u);
}

TEST(external_handler, garbage_http_is_a_function_error) {
  require_node();
  const auto r = run(case_of(small_scenario(misbehaving("garbage-http"), 2), 1));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GE(r.outcome.runtime.errors, 1u);
  EXPECT_EQ(r.outcome.runtime.successes, 0u);
}

TEST(external_handler, an_init_error_fails_the_invocation_in_init) {
  require_node();
  const auto r = run(case_of(small_scenario(misbehaving("init-error"), 2), 1));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GE(r.outcome.runtime.errors, 1u);
  EXPECT_EQ(r.outcome.runtime.successes, 0u);
}

TEST(external_handler, a_process_that_never_answers_fires_the_hang_guard) {
  require_node();
  auto s = small_scenario(misbehaving("hang"), 1);
  s.function.runtime->wall_timeout_s = 0.5;
  const auto r = run(case_of(s, 1));
  EXPECT_TRUE(r.outcome.run.hang()) << r.outcome.run.describe();
  EXPECT_TRUE(r.result.hang());
}

TEST(external_handler, the_first_silent_process_stops_the_run) {
  // Several environments start at once; the run ends at the first one's guard instead of
  // waiting out each silent environment in turn (docs/other-languages.md).
  require_node();
  auto s = small_scenario(misbehaving("hang"), 12);
  s.function.runtime->wall_timeout_s = 0.3;
  const auto r = run(case_of(s, 1));
  ASSERT_TRUE(r.outcome.run.hang()) << r.outcome.run.describe();
  std::size_t guards = 0;
  for (const auto& f : r.outcome.run.failures) guards += f.kind == sim::run_status::watchdog;
  EXPECT_EQ(guards, 1u) << r.outcome.run.describe();
  EXPECT_EQ(properties::guard_name(r.outcome.run), "function.runtime.wall_timeout_s");
}

TEST(external_handler, the_scenario_rejects_a_command_whose_program_does_not_exist) {
  for (const std::string command : {"/no/such/program --flag", "./no-such-bootstrap", "no_such_program_slsim x.js",
                                    "examples/node/bootstrap.mjs"}) {
    const nlohmann::json doc = {{"function", {{"runtime", {{"command", command}, {"cwd", k_source_dir}}}}}};
    try {
      (void)pipeline::load_scenario(doc, "s.json");
      ADD_FAILURE() << command << " accepted";
    } catch (const pipeline::scenario_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("/function/runtime/command"), std::string::npos) << what;
      EXPECT_NE(what.find(command), std::string::npos) << what;
    }
  }
  // Shell syntax is left to the shell; a program found in PATH or under cwd is accepted.
  for (const std::string command : {"sh -c 'exit 0'", "FOO=1 sh x", "exec sh x", "scripts/check.sh x"}) {
    const nlohmann::json doc = {{"function", {{"runtime", {{"command", command}, {"cwd", k_source_dir}}}}}};
    try {
      (void)pipeline::load_scenario(doc, "s.json");
    } catch (const pipeline::scenario_error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find("/function/runtime/command"), std::string::npos) << command << ": " << what;
    }
  }
}

TEST(external_handler, the_scenario_rejects_an_empty_command_and_a_missing_directory) {
  nlohmann::json doc = {{"function", {{"runtime", {{"command", ""}, {"cwd", "/no/such/dir"}}}}}};
  try {
    (void)pipeline::load_scenario(doc, "s.json");
    FAIL() << "accepted";
  } catch (const pipeline::scenario_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/function/runtime/command"), std::string::npos) << what;
  }
  doc["function"]["runtime"]["command"] = "node x.mjs";
  try {
    (void)pipeline::load_scenario(doc, "s.json");
    FAIL() << "accepted";
  } catch (const pipeline::scenario_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/function/runtime/cwd"), std::string::npos) << what;
    EXPECT_NE(what.find("/no/such/dir"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace slsim::external::testing
