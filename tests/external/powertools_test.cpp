// The real Powertools for AWS Lambda (TypeScript) idempotency utility, unmodified from npm
// (examples/node/package.json), driven by slsim: the safe configuration passes, the one that
// trusts Powertools' in-progress expiry (tied to the remaining time) to guard a non-idempotent
// write is caught, and without the shim the remaining time is meaningless (docs/other-languages.md,
// "Powertools idempotency").
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../cli/cli_support.hpp"
#include "external_support.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/scenario.hpp"

namespace slsim::external::testing {
namespace {

using faults::fault;
using faults::fault_kind;
using slsim::testing::scratch_dir;
using slsim::testing::shell;

const std::string k_safe = "powertools_idempotent.handler";
const std::string k_unsafe = "powertools_unsafe.handler";

/// Fails (never skips) when the Powertools packages are missing.
void require_powertools() {
  require_node();
  ASSERT_TRUE(std::filesystem::exists(k_source_dir +
                                      "/examples/node/node_modules/@aws-lambda-powertools/idempotency/package.json"))
      << "the Powertools idempotency package is missing: npm ci --prefix examples/node";
}

const std::string k_scenario_file = k_source_dir + "/examples/scenarios/powertools.json";

/// examples/scenarios/powertools.json (the handler role may also DeleteItem, as Powertools
/// requires) with small_scenario's workload, valid orders only so the keyed faults hit an order
/// the handler records. `builtin_role`: the built-in scenario's handler role instead.
pipeline::scenario powertools_scenario(const std::string& handler, bool shim, bool builtin_role = false) {
  auto s = small_scenario(node_handler(handler), 2);
  if (!builtin_role) {
    std::ifstream in(k_scenario_file);
    const auto file = pipeline::load_scenario(nlohmann::json::parse(in), k_scenario_file);
    s.iam = file.iam;
  }
  s.clients.mix = {.valid = 1, .poison = 0, .invalid = 0, .oversized = 0, .unauthenticated = 0};
  s.clients.retry.late_retry_probability = 0;
  s.function.runtime->shim = shim;
  return s;
}

constexpr faults::request_target k_first_delivery{.client = 0, .index = 0, .delivery = 1};

// The business transaction of the first delivery takes 4 s in a 3 s function: the invocation
// times out after the transaction applied but before Powertools' saveSuccess, so the record
// stays INPROGRESS with its expiry at the deadline; the redelivery 30 s later takes it over.
std::vector<fault> timeout_after_the_write() {
  return {fault{.kind = fault_kind::store_latency_spike, .nth = 2, .request = k_first_delivery, .seconds = 4}};
}

// A second message for the same requestId (the client's retry after a 504, G6) is processed by
// another environment while the first delivery's transaction is still in flight (2 s, within the
// 3 s timeout): the in-progress record is live and must hold the second delivery off.
std::vector<fault> overlapping_duplicate() {
  return {fault{.kind = fault_kind::gateway_lost_response, .nth = 1, .request = k_first_delivery},
          fault{.kind = fault_kind::store_latency_spike, .nth = 2, .request = k_first_delivery, .seconds = 2}};
}

std::int64_t number_at(const store::shared_item& row, const char* name) { return std::stoll(row.at(name).scalar); }

constexpr std::int64_t k_virtual_epoch_ms = 1'700'000'000'000;  // queue::k_epoch_ms: virtual time 0
constexpr std::int64_t k_hour_s = 3600;

properties::case_result run_powertools(const std::string& handler, bool shim, std::vector<fault> faults) {
  auto s = powertools_scenario(handler, shim);
  s.function.reserved_concurrency = 5;
  return run(case_of(s, 3, std::move(faults)));
}

TEST(powertools, safe_configuration_passes_check_over_generated_cases_with_swarm_faults_and_the_shim) {
  require_powertools();
  const std::string out = scratch_dir("powertools-safe");
  const auto check =
      shell("cd " + k_source_dir + " && " + SLSIM_BINARY + " check --seeds 3 --jobs 2 --shim --scenario " +
            k_scenario_file + " --out " + out + " --handler-cmd '" + node_handler(k_safe) + "'");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("3 passed, 0 failed"), std::string::npos) << check.output;
}

TEST(powertools, safe_configuration_survives_a_timeout_after_the_write_and_an_overlapping_duplicate) {
  require_powertools();
  for (bool shim : {true, false}) {
    for (const auto& faults : {timeout_after_the_write(), overlapping_duplicate()}) {
      const auto r = run_powertools(k_safe, shim, faults);
      ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
      EXPECT_EQ(r.fired.size(), faults.size()) << "shim " << shim;
      EXPECT_TRUE(r.result.ok()) << "shim " << shim << ": " << why(r);
      EXPECT_FALSE(r.outcome.tables.at("idempotency").empty()) << "Powertools wrote no idempotency record";
    }
  }
}

TEST(powertools, with_the_shim_powertools_stamps_its_records_with_virtual_time) {
  require_powertools();
  // Powertools writes Date.now()-based stamps: the record's expiry (s, + expiresAfterSeconds = 1 h)
  // and the in-progress expiry (ms, now + remaining time = the deadline). Under the shim both
  // are virtual: the run lasts well under ten virtual minutes.
  const auto r = run(case_of(powertools_scenario(k_safe, true), 3));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_TRUE(r.result.ok()) << why(r);
  const auto& rows = r.outcome.tables.at("idempotency");
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("status").scalar, "COMPLETED");
    EXPECT_GE(number_at(row, "in_progress_expiration"), k_virtual_epoch_ms);
    EXPECT_LE(number_at(row, "in_progress_expiration"), k_virtual_epoch_ms + 600'000);
    EXPECT_GE(number_at(row, "expires_at"), k_virtual_epoch_ms / 1000 + k_hour_s);
    EXPECT_LE(number_at(row, "expires_at"), k_virtual_epoch_ms / 1000 + k_hour_s + 600);
  }
}

TEST(powertools, in_progress_expiry_at_the_deadline_lets_a_redelivery_repeat_a_write_that_timed_out) {
  require_powertools();
  const auto r = run_powertools(k_unsafe, true, timeout_after_the_write());
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_GE(r.outcome.runtime.timeouts, 1u);
  ASSERT_FALSE(r.result.ok()) << "the duplicate went unnoticed";
  EXPECT_TRUE(r.result.violated().count(properties::property::exactly_once)) << why(r);
}

TEST(powertools, unsafe_configuration_fails_check_on_a_generated_case_with_the_shim) {
  require_powertools();
  // Generated case 10 (swarm faults, no pinned fault): among its faults a throttle of the first
  // delivery's third store call (Powertools' saveSuccess) outlasts the SDK's retries after the
  // write applied; the record stays INPROGRESS until the deadline and the redelivery repeats the
  // write. About 1 generated case in 40 of the built-in scenario hits such a window.
  const std::string out = scratch_dir("powertools-unsafe");
  const auto check = shell("cd " + k_source_dir + " && " + SLSIM_BINARY +
                           " check --base-seed 10 --seeds 1 --jobs 1 --shim " + "--max-shrink-runs 0 --scenario " +
                           k_scenario_file + " --out " + out + " --handler-cmd '" + node_handler(k_unsafe) + "'");
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("property exactly_once violated"), std::string::npos) << check.output;
}

/// The store's operations as the trace records them (store.op: the operation's name, its
/// error code and the digest of what it returned, -1 for nothing).
struct store_ops final : sim::trace_listener {
  struct op {
    std::string name;
    std::uint64_t error_code;
    std::int64_t returned;
  };
  std::vector<op> ops;
  void on_record(const sim::trace_record& r) override {
    if (r.kind->component == "store" && r.kind->name == "op") ops.push_back({std::string(r.text), r.ids[3], r.value});
  }
};

TEST(powertools, with_the_shim_a_live_in_progress_record_holds_an_overlapping_duplicate_off) {
  require_powertools();
  // Powertools answers the second delivery IdempotencyAlreadyInProgressError (the handler reports
  // it in batchItemFailures) and the retry finds the COMPLETED record: one write, as on AWS.
  auto s = powertools_scenario(k_unsafe, true);
  s.function.reserved_concurrency = 5;
  store_ops trace;
  const auto r =
      properties::run_and_check(case_of(s, 3, overlapping_duplicate()), examples::reference_handler(), &trace);
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.fired.size(), 2u);
  EXPECT_TRUE(r.result.ok()) << why(r);
  // D2: the failed conditional PutItem returned the existing record (ReturnValuesOnConditionCheckFailure
  // = ALL_OLD), so Powertools never needed a GetItem.
  const auto refused_with_item = std::count_if(trace.ops.begin(), trace.ops.end(), [](const store_ops::op& o) {
    return o.name == "PutItem" && o.error_code != 0 && o.returned != -1;
  });
  EXPECT_GE(refused_with_item, 1);
  EXPECT_EQ(
      std::count_if(trace.ops.begin(), trace.ops.end(), [](const store_ops::op& o) { return o.name == "GetItem"; }), 0);
}

TEST(powertools, a_failed_write_deletes_the_in_progress_record_and_the_retry_records_the_order) {
  require_powertools();
  // The business transaction fails with a ValidationException (never retried by the SDK): Powertools deletes its
  // INPROGRESS record (DeleteItem) before rethrowing, so the redelivery starts afresh instead of waiting.
  store_ops trace;
  const auto r = properties::run_and_check(case_of(powertools_scenario(k_safe, true), 3,
                                                   {fault{.kind = fault_kind::store_error,
                                                          .nth = 2,
                                                          .request = k_first_delivery,
                                                          .error = faults::surfaced_error::validation}}),
                                           examples::reference_handler(), &trace);
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.fired.size(), 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
  EXPECT_GE(std::count_if(trace.ops.begin(), trace.ops.end(),
                          [](const store_ops::op& o) { return o.name == "DeleteItem" && o.error_code == 0; }),
            1);
}

TEST(powertools, the_builtin_handler_role_denies_the_delete_and_the_record_waits_for_its_in_progress_expiry) {
  require_powertools();
  // The built-in role (PutItem, UpdateItem, GetItem) lacks Powertools' DeleteItem: the delete is
  // AccessDenied, the record stays INPROGRESS until the deadline, and the redelivery 30 s later
  // takes it over. The order is still recorded once, but only because the Lambda context was
  // registered; give the role DeleteItem (examples/scenarios/powertools.json).
  store_ops trace;
  const auto r = properties::run_and_check(case_of(powertools_scenario(k_safe, true, true), 3,
                                                   {fault{.kind = fault_kind::store_error,
                                                          .nth = 2,
                                                          .request = k_first_delivery,
                                                          .error = faults::surfaced_error::validation}}),
                                           examples::reference_handler(), &trace);
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_TRUE(r.result.ok()) << why(r);
  EXPECT_GE(r.outcome.iam_denials, 1u);
  EXPECT_EQ(
      std::count_if(trace.ops.begin(), trace.ops.end(), [](const store_ops::op& o) { return o.name == "DeleteItem"; }),
      0);
}

TEST(powertools, without_the_shim_the_remaining_time_mixes_clocks_and_the_in_progress_lock_is_void) {
  require_powertools();
  // Without the shim getRemainingTimeInMillis() is the virtual deadline minus the wall clock (years
  // negative) and `:now_in_millis` is wall time, so every in-progress record is expired as soon as
  // it is written: the overlapping duplicate runs the write a second time, which AWS would not do.
  const auto r = run_powertools(k_unsafe, false, overlapping_duplicate());
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.fired.size(), 2u);
  ASSERT_FALSE(r.result.ok());
  EXPECT_TRUE(r.result.violated().count(properties::property::exactly_once)) << why(r);
  // The record's expiry is wall time (a year and more past the virtual epoch) while its
  // in-progress expiry, wall now + (virtual deadline - wall now), is the virtual deadline.
  for (const auto& row : r.outcome.tables.at("idempotency")) {
    EXPECT_GT(number_at(row, "expires_at"), k_virtual_epoch_ms / 1000 + 365 * 24 * k_hour_s);
    EXPECT_LT(number_at(row, "in_progress_expiration"), k_virtual_epoch_ms + 600'000);
  }
}

}  // namespace
}  // namespace slsim::external::testing
