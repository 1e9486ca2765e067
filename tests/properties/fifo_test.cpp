// FIFO end to end (F1, F2, F5, F8, P11): the example FIFO scenario accepts requests, the
// reference handler keeps each group's order, the order oracle sees a handler that lets a
// later record overtake a failed one, and the fifo_group_blocked probe fires.
#include <gtest/gtest.h>

#include "../../properties/src/fifo_order.hpp"
#include "slsim/check.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/examples/scenarios.hpp"
#include "slsim/properties/probes.hpp"

namespace slsim::testing {
namespace {
using properties::property;

pipeline::scenario fifo_scenario() {
  return pipeline::load_scenario(nlohmann::json::parse(examples::fifo_scenario_json()), "fifo.json");
}

pipeline::message_record message(std::string id, std::string group, sim::time_ns sent) {
  pipeline::message_record m;
  m.message_id = std::move(id);
  m.client_request_id = "req-" + m.message_id;
  m.group = std::move(group);
  m.sent_at = sent;
  return m;
}

TEST(fifo_order, a_later_message_processed_before_an_earlier_one_is_done_is_a_violation) {
  const auto s = fifo_scenario();
  pipeline::run_outcome o;
  o.messages = {message("a", "g", 0), message("b", "g", 1), message("c", "h", 2)};
  o.messages[0].processed_at = sim::seconds(40);  // failed once, processed after b
  o.messages[1].processed_at = sim::seconds(10);
  o.messages[2].processed_at = sim::seconds(5);  // another group: unordered (F1)
  std::vector<properties::violation> out;
  properties::check_fifo_order(o, s, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].what, property::fifo_order);
  EXPECT_EQ(out[0].message_id, "b");
  EXPECT_NE(out[0].detail.find("earlier message a"), std::string::npos) << out[0].detail;
}

TEST(fifo_order, same_batch_and_dlq_moves_keep_the_order) {
  const auto s = fifo_scenario();
  pipeline::run_outcome o;
  o.messages = {message("a", "g", 0), message("b", "g", 1), message("c", "g", 2)};
  o.messages[0].moved_to_dlq_at = sim::seconds(150);  // F8: the move unblocks the group
  o.messages[1].processed_at = sim::seconds(150);
  o.messages[2].processed_at = sim::seconds(150);  // the same batch as b
  std::vector<properties::violation> out;
  properties::check_fifo_order(o, s, out);
  EXPECT_TRUE(out.empty()) << out.front().detail;
  o.messages[2].processed_at = sim::seconds(100);  // before a's move: broken
  properties::check_fifo_order(o, s, out);
  EXPECT_EQ(out.size(), 1u);
}

TEST(fifo_order, standard_queues_have_no_order_to_keep) {
  pipeline::run_outcome o;
  o.messages = {message("a", "g", 0), message("b", "g", 1)};
  o.messages[1].processed_at = sim::seconds(1);
  std::vector<properties::violation> out;
  properties::check_fifo_order(o, pipeline::builtin_scenario(), out);
  EXPECT_TRUE(out.empty());
}

// Before the gateway templated a MessageGroupId, nothing was accepted on a FIFO queue.
TEST(fifo, example_scenario_accepts_and_processes_requests) {
  const auto c = properties::generate_case(nlohmann::json(fifo_scenario()), 1, {.faults = false});
  const auto r = properties::run_and_check(c, examples::reference_handler());
  EXPECT_TRUE(r.result.ok()) << properties::describe_case(c);
  std::size_t processed = 0;
  for (const auto& m : r.outcome.messages) {
    EXPECT_FALSE(m.group.empty());
    processed += m.processed_at >= 0;
  }
  EXPECT_GT(processed, 0u);
}

// The reference handler fails a group's later records with a failed one (L13, P11), so it
// holds every property on FIFO, fifo_order included, with swarm faults; and the
// group-blocked path is reached well within 500 seeds.
TEST(fifo, reference_handler_holds_every_property_and_groups_get_blocked) {
  check_options options;
  options.scenario = fifo_scenario();
  options.seeds = 150;
  options.require_coverage = {"fifo_group_blocked"};
  const auto r = check(examples::reference_handler(), options);
  EXPECT_TRUE(r.passed) << r;
  EXPECT_GT(r.probe_hits.count("fifo_group_blocked") ? r.probe_hits.at("fifo_group_blocked") : 0, 0) << r;
}

TEST(fifo, built_in_vary_is_rejected_for_a_fifo_queue_with_the_field_and_fact) {
  auto doc = nlohmann::json::parse(examples::fifo_scenario_json());
  doc.erase("vary");  // inherits the built-in batching-window range
  const auto s = pipeline::load_scenario(doc, "fifo.json");
  try {
    pipeline::check_vary_values(s, "fifo.json");
    FAIL() << "expected a scenario_error";
  } catch (const pipeline::scenario_error& e) {
    ASSERT_EQ(e.issues().size(), 1u) << e.what();
    EXPECT_EQ(e.issues()[0].path, "/vary/~1esm~1maximum_batching_window_s");
    EXPECT_NE(e.issues()[0].message.find("L3"), std::string::npos) << e.what();
  }
  // The example's own vary replaces the built-in one rather than merging with it.
  EXPECT_FALSE(fifo_scenario().vary.contains("/esm/maximum_batching_window_s"));
  EXPECT_NO_THROW(pipeline::check_vary_values(fifo_scenario()));
}

TEST(fifo, a_fifo_queue_without_a_group_id_template_is_a_configuration_error) {
  auto doc = nlohmann::json::parse(examples::fifo_scenario_json());
  doc["gateway"]["integration"].erase("message_group_id");
  try {
    pipeline::load_scenario(doc, "fifo.json");
    FAIL() << "expected a scenario_error";
  } catch (const pipeline::scenario_error& e) {
    EXPECT_NE(std::string(e.what()).find("/gateway/integration/message_group_id/from"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(F1)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace slsim::testing
