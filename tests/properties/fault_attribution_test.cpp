// dlq_routing blames the handler only for receives an injected fault did not cause
// (docs/architecture.md §6). Two situations any correct handler meets under swarm faults,
// each kept as the case file a 20,000-seed run found it with:
// - a throttled batch (L11, MD6, MD14, P2) whose retries were refused while invocations
//   slowed by injected store faults held the only unit of reserved concurrency;
// - an injected duplicate (MD4) received while the job that deleted the original still
//   waited for its delete call to return: a new delivery, not a visibility expiry (P1).
// Each test first checks that the case still builds its situation, then that correct
// handlers of every write pattern pass it.
#include <gtest/gtest.h>

#include <algorithm>

#include "slsim/examples/handlers.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim {
namespace {

const char* const k_correct[] = {"reference", "correct/applied_set", "correct/raw_form"};

properties::case_spec fixture(const std::string& name) {
  return properties::read_case_file(std::string(SLSIM_TEST_FIXTURES) + "/cases/" + name);
}

bool has_cause(const pipeline::message_record& m, esm::failure_cause c) {
  return std::any_of(m.failures.begin(), m.failures.end(), [&](const auto& f) { return f.cause == c; });
}

TEST(fault_attribution, a_throttle_while_faulted_invocations_held_the_concurrency_is_not_the_handlers) {
  const auto c = fixture("throttle_held_by_faulted_invocations.json");
  for (const char* name : k_correct) {
    const auto* handler = examples::find_builtin(name);
    ASSERT_NE(handler, nullptr) << name;
    const auto r = properties::run_and_check(c, *handler);
    // The situation: a valid message dead-lettered with a throttled receive among its causes.
    const auto valid = properties::find_expected("reference_transform");
    const bool built = std::any_of(r.outcome.messages.begin(), r.outcome.messages.end(), [&](const auto& m) {
      return m.moved_to_dlq_at >= 0 && has_cause(m, esm::failure_cause::throttle) && valid(m.body).has_value();
    });
    EXPECT_TRUE(built) << name << ": the case no longer throttles a valid message into the DLQ";
    EXPECT_FALSE(r.outcome.invocation_spans.empty()) << name;
    EXPECT_TRUE(r.result.ok()) << name << ": " << (r.result.primary() ? r.result.primary()->detail : "");
  }
}

TEST(fault_attribution, a_duplicate_received_during_the_delete_call_is_no_visibility_expiry) {
  const auto c = fixture("duplicate_after_delete_during_delete_call.json");
  for (const char* name : k_correct) {
    const auto* handler = examples::find_builtin(name);
    ASSERT_NE(handler, nullptr) << name;
    const auto r = properties::run_and_check(c, *handler);
    // The situation: a message deleted, then delivered again by the injected duplicate and
    // dead-lettered after the injected store throttles failed the copy's receives.
    const auto m = std::find_if(r.outcome.messages.begin(), r.outcome.messages.end(),
                                [](const auto& x) { return x.deleted_at >= 0 && x.moved_to_dlq_at >= 0; });
    ASSERT_NE(m, r.outcome.messages.end()) << name << ": the case no longer dead-letters a duplicate";
    EXPECT_FALSE(has_cause(*m, esm::failure_cause::visibility_expiry)) << name;
    EXPECT_TRUE(r.result.ok()) << name << ": " << (r.result.primary() ? r.result.primary()->detail : "");
  }
}

}  // namespace
}  // namespace slsim
