// Keyed fault triggers (faults::request_target): a fault names a request of the workload,
// a delivery of its message and a call within that invocation, so it hits the same request
// whichever other requests are sent (shrinking, docs/architecture.md §6), while the older
// counted triggers of saved cases still load and mean what they meant.
#include <gtest/gtest.h>

#include <algorithm>

#include "slsim/examples/handlers.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::testing {
namespace {
using faults::fault_kind;

// One client's eight valid requests, one record per batch, so an invocation carries one request.
properties::case_spec workload(std::vector<std::int64_t> only) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.clients = 1;
  s.clients.arrival.requests = 8;
  s.clients.arrival.only_requests = std::move(only);
  s.clients.mix.poison = 0;
  s.clients.retry.late_retry_probability = 0;
  s.esm.batch_size = 1;
  properties::case_spec c;
  c.seed = 11;
  c.scenario = s;
  return c;
}

// The requestId the body of request `index` (client 0) carries, and its message.
const pipeline::message_record* message_of(const properties::case_result& r, std::uint32_t index) {
  for (const auto& cr : r.outcome.client_requests) {
    if (cr.client != 0 || cr.sequence != index) continue;
    const auto id = gateway::format_request_id(cr.request_id);
    for (const auto& m : r.outcome.messages)
      if (m.client_request_id == id) return &m;
  }
  return nullptr;
}

TEST(keyed_triggers, a_fault_hits_the_invocation_of_its_request_whichever_other_requests_are_sent) {
  const auto* handler = examples::find_builtin("reference");
  ASSERT_NE(handler, nullptr);
  const faults::fault keyed[] = {
      {.kind = fault_kind::handler_crash, .request = faults::request_target{0, 5, 1}, .point = 0},
      {.kind = fault_kind::store_error, .nth = 1, .request = faults::request_target{0, 5, 1}},
      {.kind = fault_kind::handler_crash, .request = faults::request_target{0, 5, 2}, .point = 0},
  };
  const std::vector<std::vector<std::int64_t>> workloads = {{}, {5}, {0, 5, 7}, {1, 2, 3, 4, 5}};
  for (const auto& f : keyed) {
    for (const auto& only : workloads) {
      auto c = workload(only);
      c.plan.faults = {f};
      // A second delivery needs a first that failed: crash it too.
      if (f.request->delivery == 2)
        c.plan.faults.push_back({.kind = fault_kind::handler_crash, .request = faults::request_target{0, 5, 1}});
      const auto r = properties::run_and_check(c, *handler);
      const std::string where = faults::describe(f) + " with " + std::to_string(only.size()) + " requests listed";
      ASSERT_EQ(r.fired.size(), c.plan.faults.size()) << where;
      const auto* m = message_of(r, 5);
      ASSERT_NE(m, nullptr) << where;
      // The message of request 5 failed in the invocation the fault fired in, at its delivery.
      const auto fired = std::find_if(r.fired.begin(), r.fired.end(), [](const auto& x) { return x.index == 0; });
      ASSERT_NE(fired, r.fired.end()) << where;
      const auto delivery = f.request->delivery;
      ASSERT_GE(m->failures.size(), delivery) << where;
      EXPECT_EQ(m->failures[delivery - 1].invocation, fired->invocation) << where;
      EXPECT_TRUE(r.result.ok()) << where << ": " << (r.result.primary() ? r.result.primary()->detail : "");
    }
  }
}

TEST(keyed_triggers, store_calls_are_counted_within_the_targeted_invocation) {
  const auto* handler = examples::find_builtin("reference");
  ASSERT_NE(handler, nullptr);
  // The reference handler makes one transaction per record: a one-record invocation has no
  // second call, so a fault on call 2 never fires, whatever the run's other calls.
  auto c = workload({});
  c.plan.faults = {{.kind = fault_kind::store_error, .nth = 2, .request = faults::request_target{0, 3, 1}}};
  EXPECT_TRUE(properties::run_and_check(c, *handler).fired.empty());
  // Its counted form fires on the run's second call.
  c.plan.faults = {{.kind = fault_kind::store_error, .nth = 2}};
  EXPECT_EQ(properties::run_and_check(c, *handler).fired.size(), 1u);
}

TEST(keyed_triggers, duplicates_and_gateway_faults_follow_their_request) {
  const auto* handler = examples::find_builtin("reference");
  ASSERT_NE(handler, nullptr);
  for (const auto& only : std::vector<std::vector<std::int64_t>>{{}, {2, 4}}) {
    auto c = workload(only);
    c.plan.faults = {{.kind = fault_kind::duplicate_delivery, .request = faults::request_target{0, 4, 1}},
                     {.kind = fault_kind::gateway_lost_response, .request = faults::request_target{0, 2, 1}}};
    const auto r = properties::run_and_check(c, *handler);
    ASSERT_EQ(r.fired.size(), 2u);
    const auto* dup = message_of(r, 4);
    ASSERT_NE(dup, nullptr);
    EXPECT_GE(dup->receives, 2) << "the duplicate of request 4's message is delivered again";
    // The lost response makes the client retry request 2 (G6).
    const auto cr = std::find_if(r.outcome.client_requests.begin(), r.outcome.client_requests.end(),
                                 [](const auto& x) { return x.client == 0 && x.sequence == 2; });
    ASSERT_NE(cr, r.outcome.client_requests.end());
    EXPECT_GE(cr->attempts, 2u);
    EXPECT_TRUE(r.result.ok()) << (r.result.primary() ? r.result.primary()->detail : "");
  }
}

TEST(keyed_triggers, keyed_and_counted_faults_round_trip_and_a_zero_delivery_is_rejected) {
  const faults::fault keyed{
      .kind = fault_kind::store_throttle, .nth = 3, .request = faults::request_target{1, 7, 2}, .count = 4};
  const nlohmann::json j = keyed;
  EXPECT_EQ(j.at("request").at("index"), 7);
  EXPECT_EQ(j.get<faults::fault>(), keyed);
  // A case saved before keyed triggers: no "request", the counted trigger it always meant.
  const auto counted =
      nlohmann::json::parse(R"({"kind": "store_throttle", "nth": 9, "count": 2})").get<faults::fault>();
  EXPECT_FALSE(counted.request.has_value());
  EXPECT_EQ(counted.nth, 9u);
  EXPECT_EQ(faults::describe(counted), "throttle store calls 9..10");
  EXPECT_THROW(
      (void)nlohmann::json::parse(R"({"kind": "handler_crash", "nth": 1, "request": {"index": 2, "delivery": 0}})")
          .get<faults::fault>(),
      std::invalid_argument);
}

}  // namespace
}  // namespace slsim::testing
