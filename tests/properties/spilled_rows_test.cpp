// The store's rows out of memory (docs/architecture.md §8): a run whose tables spill to disk
// after a couple of rows is the same run, event for event, with the same verdict and figures,
// as one that keeps every row in memory, for generated cases with faults and every built-in
// handler (the buggy ones included).
#include <gtest/gtest.h>

#include "slsim/examples/handlers.hpp"
#include "slsim/faults/injector.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/pipeline/world.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/oracles.hpp"
#include "verdict_text.hpp"

namespace slsim::properties {
namespace {

using testing::describe;

struct spilled_run {
  case_result result;
  bool spilled = false;  ///< a table had rows on disk when the workload ended
};

/// run_and_check's run (full records), with the store holding `rows` rows a table in memory.
spilled_run run_spilling(const case_spec& c, const handler_definition& handler, std::size_t rows) {
  const auto s = pipeline::load_scenario(c.scenario, "case");
  faults::injector inject(c.plan);
  spilled_run out;
  pipeline::run_options options;
  options.seed = c.seed;
  options.on_assembled = [&](pipeline::world& w) {
    inject.attach(w);
    w.store.core().set_rows_in_memory(rows);
  };
  options.on_liveness = [&](pipeline::world& w) {
    inject.stop();
    for (const auto& t : s.store.tables)
      out.spilled |= w.store.core().rows_in_memory(t.name) < w.store.core().item_count(t.name);
  };
  options.attribute_failures = !c.plan.faults.empty() || c.plan.buggify;
  out.result.outcome = pipeline::run_case(s, handler, options);
  out.result.outcome.faulted_invocations = inject.faulted_invocations();
  out.result.result = check(out.result.outcome, s);
  out.result.trace_hash = out.result.outcome.run.trace_hash;
  return out;
}

TEST(spilled_rows, generated_cases_run_the_same_with_the_tables_on_disk) {
  nlohmann::json base = pipeline::builtin_scenario();
  base["clients"]["arrival"]["requests"] = 25;
  int spilled = 0;
  int failing = 0;
  for (const auto& handler : examples::builtin_handlers()) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const case_spec c = generate_case(base, seed * 104729 + handler.name.size(), {});
      const std::string where = handler.name + " seed " + std::to_string(seed);
      const auto s = pipeline::load_scenario(c.scenario, "test");
      const auto memory = run_and_check(c, handler);
      const auto disk = run_spilling(c, handler, 2);
      spilled += disk.spilled ? 1 : 0;
      failing += memory.result.ok() ? 0 : 1;
      EXPECT_EQ(disk.result.trace_hash, memory.trace_hash) << where;
      EXPECT_EQ(describe(disk.result.result), describe(memory.result)) << where;
      EXPECT_EQ(nlohmann::json(pipeline::summarize(disk.result.outcome, s)),
                nlohmann::json(pipeline::summarize(memory.outcome, s)))
          << where;
      ASSERT_EQ(disk.result.outcome.tables.size(), memory.outcome.tables.size()) << where;
      for (const auto& [table, rows] : memory.outcome.tables) {
        const auto& read_back = disk.result.outcome.tables.at(table);
        ASSERT_EQ(read_back.size(), rows.size()) << where << " " << table;
        for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_TRUE(*read_back[i] == *rows[i]) << where << " " << table;
      }
    }
  }
  EXPECT_GE(spilled, 20);  // the comparison ran with rows on disk, not in memory after all
  EXPECT_GE(failing, 5);   // and covered violations, not only passing runs
}

}  // namespace
}  // namespace slsim::properties
