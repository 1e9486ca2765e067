// The reference handler through the whole pipeline, without faults (docs/architecture.md §0, §6).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/reference_transform.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/pipeline/log_collector.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/oracles.hpp"

namespace slsim::pipeline {
namespace {

scenario thousand_requests() {
  scenario s = builtin_scenario();
  s.clients.clients = 4;
  s.clients.arrival.requests = 250;
  s.clients.arrival.rate_per_s = 50;
  s.esm.maximum_batching_window_s = 1;  // full batches: poison shares them with valid messages (P4)
  return s;
}

TEST(end_to_end, reference_handler_records_every_valid_request_exactly_once) {
  const scenario s = thousand_requests();
  const auto o = run_case(s, examples::reference_handler(), {.seed = 7});
  ASSERT_TRUE(o.run.ok()) << o.run.describe();
  ASSERT_TRUE(o.drained);
  EXPECT_EQ(o.requests.size(), 1000u);

  std::map<std::string, int> writes;
  std::map<std::string, store::item> final_items;
  for (const auto& c : o.changes)
    if (c.table == "results" && c.new_image) ++writes[result_request_id(*c.new_image, s.effects)];
  for (const auto& image : o.tables.at("results")) final_items[result_request_id(*image, s.effects)] = *image;

  std::map<std::string, std::int64_t> expected_totals;
  std::size_t valid = 0, poison = 0;
  std::set<std::string> seen;  // a client retry after a 504 sends a second message (G6)
  for (const auto& m : o.messages) {
    const auto order = examples::parse_order(m.body);
    ASSERT_TRUE(order.has_value()) << "the gateway let an invalid body through: " << m.body;
    if (!seen.insert(order->request_id).second) continue;
    if (order->poison) {
      ++poison;
      EXPECT_GE(m.moved_to_dlq_at, 0) << "poison message " << m.message_id << " is not in the DLQ";
      EXPECT_EQ(writes.count(order->request_id), 0u);
      continue;
    }
    ++valid;
    EXPECT_EQ(writes[order->request_id], 1) << order->request_id;
    ASSERT_TRUE(final_items.count(order->request_id));
    EXPECT_EQ(final_items[order->request_id], examples::reference_transform(*order));
    expected_totals[order->customer_id] += order->amount;
  }
  EXPECT_GT(valid, 700u);
  EXPECT_GT(poison, 0u);
  EXPECT_GE(o.dlq.size(), poison);                // every poison message; a retried poison request has two
  for (const auto& item : o.tables.at("totals"))  // rows read as items (shared_item's read access)
    EXPECT_EQ(std::stoll(item.at("total").scalar), expected_totals[item.at("pk").scalar]) << item.at("pk").scalar;
  EXPECT_EQ(o.tables.at("totals").size(), expected_totals.size());
  EXPECT_TRUE(properties::check(o, s).ok());
}

TEST(end_to_end, same_seed_gives_the_same_run_and_another_seed_does_not) {
  const scenario s = builtin_scenario();
  const auto a = run_case(s, examples::reference_handler(), {.seed = 11});
  const auto b = run_case(s, examples::reference_handler(), {.seed = 11});
  const auto c = run_case(s, examples::reference_handler(), {.seed = 12});
  EXPECT_EQ(a.run.trace_hash, b.run.trace_hash);
  EXPECT_EQ(a.run.events, b.run.events);
  EXPECT_EQ(a.changes.size(), b.changes.size());
  EXPECT_NE(a.run.trace_hash, c.run.trace_hash);
}

TEST(end_to_end, correlation_id_reaches_the_handler_log) {
  const scenario s = builtin_scenario();
  pipeline::log_collector logs;
  const auto o = run_case(s, examples::reference_handler(), {.seed = 3, .trace = &logs});
  ASSERT_FALSE(o.attempts.empty());
  ASSERT_FALSE(logs.lines().empty());
  std::size_t found = 0;
  for (const auto& a : o.attempts) {
    if (!a.enqueued) continue;
    const std::string corr = gateway::format_correlation_id(a.correlation_id);
    for (const auto& line : logs.lines()) found += line.text.find("correlationId=" + corr) != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(found, o.messages.size() / 2);
}

TEST(end_to_end, a_zoo_handler_violates_its_declared_property) {
  // unconditional_put writes twice when a client retry follows a 504 (G6): force one.
  scenario s = builtin_scenario();
  s.clients.retry.late_retry_probability = 1.0;
  const auto* zoo = examples::find_builtin("zoo/unconditional_put");
  ASSERT_NE(zoo, nullptr);
  const auto o = run_case(s, *zoo, {.seed = 5});
  const auto v = properties::check(o, s);
  EXPECT_TRUE(v.violated().count(properties::property::exactly_once));
  // The reference handler meets the same workload without a violation.
  EXPECT_TRUE(properties::check(run_case(s, examples::reference_handler(), {.seed = 5}), s).ok());
}

}  // namespace
}  // namespace slsim::pipeline
