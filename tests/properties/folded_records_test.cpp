// record_mode::folded (docs/architecture.md §8): the oracles' facts folded as the run goes
// give the verdicts, summaries and result counts of the full records, while the records a
// run holds do not grow with its length.
#include <gtest/gtest.h>

#include <algorithm>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/pipeline/world.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"
#include "verdict_text.hpp"

namespace slsim::properties {
namespace {

using testing::describe;

void expect_same_outcome(const case_spec& c, const handler_definition& handler, const std::string& where,
                         int& folded_runs) {
  const auto s = pipeline::load_scenario(c.scenario, "test");
  const auto full = run_and_check(c, handler);
  const auto folded = run_and_check(c, handler, nullptr, {}, nullptr, pipeline::record_mode::folded);
  folded_runs += folded.outcome.folded.has_value() ? 1 : 0;
  EXPECT_FALSE(full.outcome.folded.has_value()) << where;
  EXPECT_EQ(folded.trace_hash, full.trace_hash) << where;  // the same run, event for event
  EXPECT_EQ(describe(folded.result), describe(full.result)) << where;
  EXPECT_EQ(folded.result.guard, full.result.guard) << where;
  EXPECT_EQ(nlohmann::json(pipeline::summarize(folded.outcome, s)),
            nlohmann::json(pipeline::summarize(full.outcome, s)))
      << where;
  EXPECT_EQ(pipeline::result_writes_by_request(folded.outcome, s), pipeline::result_writes_by_request(full.outcome, s))
      << where;
}

TEST(folded_records, verdicts_summaries_and_result_counts_equal_those_of_the_full_records) {
  // Generated cases (swarm faults, `vary`, late retries) for every built-in handler, the
  // buggy zoo included: exactly-once, DLQ, loss and boundary violations of many kinds.
  nlohmann::json base = pipeline::builtin_scenario();
  base["clients"]["arrival"]["requests"] = 30;
  int folded_runs = 0;
  int failing = 0;
  for (const auto& handler : examples::builtin_handlers()) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const case_spec c = generate_case(base, seed * 7919 + handler.name.size(), {});
      const std::string where = handler.name + " seed " + std::to_string(seed);
      expect_same_outcome(c, handler, where, folded_runs);
      failing += run_and_check(c, handler).result.ok() ? 0 : 1;
    }
  }
  EXPECT_GE(folded_runs, 40);  // most generated cases are on a standard queue (FIFO keeps full records)
  EXPECT_GE(failing, 10);      // the comparison covered violations, not only passing runs
}

TEST(folded_records, the_builtin_scenario_without_faults_gives_the_same_outcome_at_length) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.arrival.requests = 400;
  int folded_runs = 0;
  for (const char* name : {"reference", "zoo/unconditional_put", "zoo/throw_on_poison", "zoo/non_idempotent_add"}) {
    case_spec c;
    c.seed = 11;
    c.scenario = s;
    c.handler = name;
    expect_same_outcome(c, *examples::find_builtin(name), name, folded_runs);
  }
  EXPECT_EQ(folded_runs, 4);
}

// Decoding a long run's result table whole at its end would undo keeping it packed: a folded
// run keeps the final rows of the tables the counter oracle reads, and counts every table's.
TEST(folded_records, final_rows_are_kept_only_for_the_tables_the_counter_oracle_reads) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.arrival.requests = 100;
  ASSERT_FALSE(s.effects.counters.empty());
  case_spec c;
  c.seed = 3;
  c.scenario = s;
  c.handler = "reference";
  const auto full = run_and_check(c, examples::reference_handler());
  const auto folded =
      run_and_check(c, examples::reference_handler(), nullptr, {}, nullptr, pipeline::record_mode::folded);
  ASSERT_TRUE(folded.outcome.folded.has_value());
  for (const auto& table : s.store.tables) {
    const auto& counters = s.effects.counters;
    const bool counted =
        std::any_of(counters.begin(), counters.end(), [&](const auto& k) { return k.table == table.name; });
    ASSERT_EQ(full.outcome.tables.count(table.name), 1u) << table.name;
    const auto& rows = full.outcome.tables.at(table.name);
    EXPECT_EQ(folded.outcome.table_items.at(table.name), rows.size()) << table.name;
    EXPECT_EQ(full.outcome.table_items.at(table.name), rows.size()) << table.name;
    ASSERT_EQ(folded.outcome.tables.count(table.name), counted ? 1u : 0u) << table.name;
    if (!counted) continue;
    const auto& kept = folded.outcome.tables.at(table.name);
    ASSERT_EQ(kept.size(), rows.size()) << table.name;
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_TRUE(*kept[i] == *rows[i]) << table.name << " row " << i;
  }
  EXPECT_GT(folded.outcome.table_items.at(s.effects.result_table), 50u);  // the result table was counted, not kept
}

// The count of message records a folded run holds: at the end only those the oracles judge
// then (moved to the DLQ, deleted although invalid, never finished), and while it runs
// only those in flight: not one per request as the full records keep.
TEST(folded_records, message_records_held_are_bounded_by_the_dlq_and_what_is_in_flight) {
  for (const int per_client : {200, 800}) {
    pipeline::scenario s = pipeline::builtin_scenario();
    s.clients.arrival.requests = per_client;
    const auto requests = static_cast<std::size_t>(s.clients.planned_requests());
    std::size_t held_at_workload_end = 0;
    pipeline::run_options options;
    options.seed = 5;
    options.records = pipeline::record_mode::folded;
    options.expected = find_expected(s.effects.expected);
    options.attribute_failures = false;
    options.on_liveness = [&](pipeline::world& w) { held_at_workload_end = w.held_message_records(); };
    const auto o = pipeline::run_case(s, examples::reference_handler(), options);
    ASSERT_TRUE(o.folded.has_value());
    const std::string where = std::to_string(requests) + " requests";
    EXPECT_GT(o.folded->messages_sent, requests / 2) << where;
    std::size_t moved = 0;
    for (const auto& m : o.messages) {
      moved += m.moved_to_dlq_at >= 0 ? 1 : 0;
      // Kept only for a judgement at the end: a DLQ move, an invalid message deleted, or unfinished.
      EXPECT_TRUE(m.moved_to_dlq_at >= 0 || m.deleted_at < 0 || !options.expected(m.body)) << where;
    }
    EXPECT_EQ(moved, o.dlq.size()) << where;  // the reference handler routes each poison message once
    EXPECT_LT(o.messages.size(), requests / 5) << where;
    EXPECT_TRUE(o.changes.empty()) << where;
    EXPECT_TRUE(o.invocation_spans.empty()) << where;  // nothing injected: nothing to attribute
    // At the end of the workload: the DLQ's messages and those still in flight, a small
    // share of what was sent.
    EXPECT_LT(held_at_workload_end, o.dlq.size() + requests / 10) << where;
  }
}

}  // namespace
}  // namespace slsim::properties
