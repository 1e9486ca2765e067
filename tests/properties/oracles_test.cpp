// The oracles themselves (docs/architecture.md §6): each property, fed a hand-built run outcome,
// fails when the outcome breaks it and holds when it does not. No simulation runs here, so a
// broken oracle cannot hide behind a model that never produces the case.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "slsim/examples/reference_transform.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::properties {
namespace {

// One request of the built-in effect contract: results[pk] = reference_transform(order) and
// totals[customer].total += amount.
struct hand_built {
  // Hand-built outcomes record no invocations; `vacuous` has its own tests (detection_test).
  hand_built() { s.expect.vacuous = true; }
  pipeline::scenario s;
  pipeline::run_outcome o;
  std::uint64_t next_change = 1;

  static std::string body(std::uint64_t n, bool poison = false) {
    nlohmann::json j{{"requestId", gateway::format_request_id(n)}, {"customerId", "c1"}, {"amount", 5}};
    if (poison) j["poison"] = true;
    return j.dump();
  }

  /// The final `totals[c1].total` (0 while the item does not exist).
  std::int64_t total() const {
    const auto t = o.tables.find("totals");
    if (t == o.tables.end() || t->second.empty()) return 0;
    const auto it = t->second.front()->find("total");
    return it == t->second.front()->end() ? 0 : std::stoll(it->second.scalar);
  }
  /// Replaces the final `totals[c1]` item (images are immutable: a new one is made).
  void set_total(std::int64_t sum) {
    auto& totals = o.tables["totals"];
    totals.assign(1, store::item{{"pk", store::attribute_value::s("c1")},
                                 {"total", store::attribute_value::n(std::to_string(sum))}});
  }

  /// A request the gateway accepted (2xx) and enqueued as message `m<n>`.
  pipeline::message_record& accept(std::uint64_t n, bool poison = false) {
    gateway::attempt_record a;
    a.request_id = n;
    a.kind = poison ? gateway::request_kind::poison : gateway::request_kind::valid;
    a.status = 200;
    a.enqueued = true;
    a.message_id = "m" + std::to_string(n);
    o.attempts.push_back(a);
    pipeline::message_record m;
    m.message_id = a.message_id;
    m.body = body(n, poison);
    m.client_request_id = gateway::format_request_id(n);
    m.receives = 1;
    o.messages.push_back(m);
    return o.messages.back();
  }

  /// A request the gateway rejected (4xx), never enqueued.
  void reject(std::uint64_t n) {
    gateway::attempt_record a;
    a.request_id = n;
    a.kind = gateway::request_kind::invalid;
    a.status = 400;
    o.attempts.push_back(a);
  }

  /// The handler's effects for request n: its result item and its counter.
  void write_result(std::uint64_t n, std::optional<store::item> image = std::nullopt) {
    store::change_record c;
    c.sequence = next_change++;
    c.table = "results";
    c.new_image = image ? *image : examples::reference_transform(body(n));
    c.operation = "PutItem";
    o.changes.push_back(c);
    set_total(total() + 5);
  }

  void process(std::uint64_t n) {
    accept(n).deleted_at = 10;
    write_result(n);
  }

  void to_dlq(pipeline::message_record& m, esm::failure_cause cause, std::uint64_t invocation = 7) {
    m.moved_to_dlq_at = 20;
    m.receives = 3;
    m.failures.assign(3, pipeline::receive_failure{cause, invocation});
    queue::message_snapshot snap;
    snap.message_id = m.message_id;
    snap.body = m.body;
    snap.receive_count = 3;
    o.dlq.push_back(snap);
  }

  verdict check() const { return properties::check(o, s); }
};

bool violates(const verdict& v, property p) { return v.violated().count(p) > 0; }

TEST(oracles, a_clean_run_holds_every_property) {
  hand_built h;
  h.process(1);
  h.process(2);
  auto& poison = h.accept(3, /*poison=*/true);
  h.to_dlq(poison, esm::failure_cause::reported);
  h.reject(4);
  const auto v = h.check();
  EXPECT_TRUE(v.ok()) << (v.primary() ? v.primary()->detail : "");
}

// --- a hang guard: no verdict ---
TEST(oracles, a_run_a_guard_cut_short_has_no_property_verdict_only_the_guard) {
  // The wall-clock watchdog stopped the run while requests were still in flight: they are
  // unfinished, not lost, so neither no_loss nor any other property may report them.
  for (const auto status : {sim::run_status::watchdog, sim::run_status::event_budget}) {
    hand_built h;
    h.process(1);
    for (std::uint64_t n = 2; n <= 50; ++n) h.accept(n);  // enqueued, never processed
    h.o.drained = false;
    h.o.run.status = status;
    h.o.run.failures.push_back({status, "", "guard fired", 0});
    const auto v = h.check();
    EXPECT_TRUE(v.violations.empty()) << (v.primary() ? v.primary()->detail : "");
    EXPECT_FALSE(v.ok());
    EXPECT_TRUE(v.hang());
    EXPECT_EQ(v.guard, status == sim::run_status::watchdog ? "bounds.wall_seconds" : "bounds.max_events");
    EXPECT_EQ(v.guard_detail, "guard fired");
  }
}

TEST(oracles, a_run_that_failed_without_a_guard_still_gets_its_verdict) {
  hand_built h;
  h.accept(1);  // never processed
  h.o.run.status = sim::run_status::deadlock;
  h.o.run.failures.push_back({sim::run_status::deadlock, "handler", "stuck", 0});
  const auto v = h.check();
  EXPECT_FALSE(v.hang());
  EXPECT_TRUE(violates(v, property::no_crash));
  EXPECT_TRUE(violates(v, property::no_loss));
}

// --- exactly_once ---
TEST(oracles, exactly_once_fails_on_a_second_result_write) {
  hand_built h;
  h.process(1);
  h.write_result(1);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::exactly_once));
  EXPECT_EQ(v.primary()->client_request_id, gateway::format_request_id(1));
  EXPECT_NE(v.primary()->detail.find("2 result writes"), std::string::npos) << v.primary()->detail;
}

TEST(oracles, exactly_once_fails_on_a_processed_request_without_result) {
  hand_built h;
  h.accept(1).deleted_at = 10;
  EXPECT_TRUE(violates(h.check(), property::exactly_once));
}

TEST(oracles, exactly_once_fails_on_a_result_that_differs_from_expected) {
  hand_built h;
  h.accept(1).deleted_at = 10;
  auto wrong = examples::reference_transform(hand_built::body(1));
  wrong["amountCents"] = store::attribute_value::n("1");
  h.write_result(1, wrong);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::exactly_once));
  EXPECT_NE(v.primary()->detail.find("differs from expected"), std::string::npos) << v.primary()->detail;
}

TEST(oracles, exactly_once_fails_on_a_counter_off_by_one_request) {
  hand_built h;
  h.process(1);
  h.process(2);
  h.set_total(15);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::exactly_once));
  EXPECT_NE(v.primary()->detail.find("counter totals[c1].total = 15, expected 10"), std::string::npos)
      << v.primary()->detail;
}

// --- no_loss ---
TEST(oracles, no_loss_fails_on_an_accepted_message_neither_processed_nor_in_the_dlq) {
  hand_built h;
  h.process(1);
  h.accept(2);  // never deleted, never moved
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::no_loss));
  const auto& loss = *std::find_if(v.violations.begin(), v.violations.end(),
                                   [](const violation& x) { return x.what == property::no_loss; });
  EXPECT_EQ(loss.client_request_id, gateway::format_request_id(2));
  EXPECT_EQ(loss.message_id, "m2");
  EXPECT_EQ(loss.detail, "neither processed nor in the DLQ");
}

TEST(oracles, no_loss_fails_on_a_2xx_answer_without_a_message) {
  hand_built h;
  gateway::attempt_record a;
  a.request_id = 1;
  a.status = 200;  // G5: the client was told "accepted"
  h.o.attempts.push_back(a);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::no_loss));
  EXPECT_NE(v.primary()->detail.find("(G5)"), std::string::npos);
}

TEST(oracles, no_loss_fails_on_a_message_that_expired_in_the_dlq) {
  hand_built h;
  auto& m = h.accept(1, /*poison=*/true);
  h.to_dlq(m, esm::failure_cause::reported);
  h.o.dlq.clear();  // S14: the DLQ's retention ran out
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::no_loss));
  const auto& loss = *std::find_if(v.violations.begin(), v.violations.end(),
                                   [](const violation& x) { return x.what == property::no_loss; });
  EXPECT_NE(loss.detail.find("S14"), std::string::npos) << loss.detail;
}

TEST(oracles, no_loss_holds_for_a_message_in_the_dlq) {
  hand_built h;
  h.to_dlq(h.accept(1, /*poison=*/true), esm::failure_cause::reported);
  EXPECT_FALSE(violates(h.check(), property::no_loss));
}

// --- dlq_routing ---
TEST(oracles, dlq_routing_fails_on_a_poison_message_deleted_instead_of_dead_lettered) {
  hand_built h;
  h.accept(1, /*poison=*/true).deleted_at = 10;
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::dlq_routing));
  EXPECT_EQ(v.primary()->message_id, "m1");
}

TEST(oracles, dlq_routing_fails_on_a_valid_message_dead_lettered_by_handler_errors) {
  hand_built h;
  h.to_dlq(h.accept(1), esm::failure_cause::handler_error);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::dlq_routing));
  EXPECT_NE(v.primary()->detail.find("causes: handler_error"), std::string::npos) << v.primary()->detail;
}

TEST(oracles, dlq_routing_holds_for_a_valid_message_dead_lettered_only_by_injected_faults) {
  hand_built h;
  h.to_dlq(h.accept(1), esm::failure_cause::timeout, /*invocation=*/7);
  h.o.faulted_invocations = {7};
  EXPECT_TRUE(h.check().ok());
  h.o.faulted_invocations = {8};  // the fault touched another invocation: this one is the handler's
  EXPECT_TRUE(violates(h.check(), property::dlq_routing));
}

TEST(oracles, dlq_routing_excuses_throttles_only_while_a_faulted_invocation_held_the_concurrency) {  // P2, L11
  hand_built h;
  auto& m = h.accept(1);
  h.to_dlq(m, esm::failure_cause::timeout, /*invocation=*/7);
  h.o.faulted_invocations = {3, 5, 7};
  // The first receive: a batch whose retries were refused from t=100 to t=130 (MD6, MD14).
  m.failures.front() = {.cause = esm::failure_cause::throttle, .invocation = 0, .t = 130, .since = 100};
  h.o.invocation_spans = {{.invocation = 2, .start = 90, .end = 140}};  // untouched by any fault
  EXPECT_TRUE(violates(h.check(), property::dlq_routing));
  h.o.invocation_spans.push_back({.invocation = 5, .start = 20, .end = 99});  // a faulted one, but done before
  EXPECT_TRUE(violates(h.check(), property::dlq_routing));
  h.o.invocation_spans.push_back({.invocation = 3, .start = 110, .end = 125});  // slowed by its fault, holding
  EXPECT_TRUE(h.check().ok());
}

// --- boundary ---
TEST(oracles, boundary_fails_when_a_rejected_request_reaches_the_queue) {
  hand_built h;
  h.reject(1);
  pipeline::message_record m;
  m.message_id = "m1";
  m.client_request_id = gateway::format_request_id(1);
  m.body = hand_built::body(1);
  m.deleted_at = 10;
  h.o.messages.push_back(m);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::boundary));
  const auto& b = *std::find_if(v.violations.begin(), v.violations.end(),
                                [](const violation& x) { return x.what == property::boundary; });
  EXPECT_EQ(b.detail, "a rejected request reached the queue");
  EXPECT_EQ(b.message_id, "m1");
}

TEST(oracles, boundary_fails_when_a_rejected_request_reaches_the_store) {
  hand_built h;
  h.reject(1);
  h.write_result(1);
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::boundary));
  const auto& b = *std::find_if(v.violations.begin(), v.violations.end(),
                                [](const violation& x) { return x.what == property::boundary; });
  EXPECT_EQ(b.detail, "a rejected request reached the store");
  EXPECT_EQ(b.client_request_id, gateway::format_request_id(1));
}

TEST(oracles, boundary_holds_for_rejected_requests_that_go_nowhere) {
  hand_built h;
  h.reject(1);
  h.reject(2);
  h.process(3);
  EXPECT_TRUE(h.check().ok());
}

// --- drains ---
TEST(oracles, drains_fails_when_the_liveness_phase_ends_unquiescent) {
  hand_built h;
  h.process(1);
  h.o.drained = false;
  h.o.workload_end = sim::k_second;
  h.o.drain_bound = 31 * sim::k_second;
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::drains));
  EXPECT_EQ(v.violations.size(), 1u);
  EXPECT_NE(v.primary()->detail.find("not quiescent 30.0s after the workload ended"), std::string::npos)
      << v.primary()->detail;
}

TEST(oracles, drains_holds_when_the_run_drained) {
  hand_built h;
  h.process(1);
  h.o.drained = true;
  EXPECT_FALSE(violates(h.check(), property::drains));
}

// --- no_crash ---
TEST(oracles, no_crash_fails_when_the_world_failed_and_names_the_task) {
  hand_built h;
  h.process(1);
  h.o.run.status = sim::run_status::deadlock;
  h.o.run.failures.push_back({sim::run_status::deadlock, "esm.poller", "still suspended", 0});
  const auto v = h.check();
  ASSERT_TRUE(violates(v, property::no_crash));
  EXPECT_EQ(v.primary()->what, property::no_crash);
  EXPECT_NE(v.primary()->detail.find("esm.poller"), std::string::npos) << v.primary()->detail;
}

TEST(oracles, primary_is_the_first_violation_of_the_most_important_property) {
  hand_built h;
  h.accept(1);          // no_loss (and exactly_once: no result)
  h.o.drained = false;  // drains
  const auto v = h.check();
  ASSERT_GE(v.violations.size(), 3u);
  EXPECT_EQ(v.primary()->what, property::exactly_once);
}

}  // namespace
}  // namespace slsim::properties
