// Per-request records in file-backed blocks (docs/architecture.md §8): a folded run (the
// path of `slsim run`) whose ledger, client records, folds and indexes all live in files,
// their pages released every 64 events, is the same run with the same verdict, summary and
// result counts as one keeping them on the heap, for generated cases with faults and every
// built-in handler (the buggy ones included).
#include <gtest/gtest.h>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/pipeline/world.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/sim/record_storage.hpp"
#include "verdict_text.hpp"

namespace slsim::properties {
namespace {

using testing::describe;

case_result run_folded(const case_spec& c, const handler_definition& handler) {
  return run_and_check(c, handler, nullptr, {}, nullptr, pipeline::record_mode::folded);
}

TEST(file_backed_records, generated_cases_run_the_same_with_their_records_in_files) {
  nlohmann::json base = pipeline::builtin_scenario();
  base["clients"]["arrival"]["requests"] = 30;
  int file_backed = 0;
  int failing = 0;
  for (const auto& handler : examples::builtin_handlers()) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      const case_spec c = generate_case(base, seed * 6661 + handler.name.size(), {});
      const std::string where = handler.name + " seed " + std::to_string(seed);
      const auto s = pipeline::load_scenario(c.scenario, "test");
      const auto heap = run_folded(c, handler);
      // Every record block in a file, whatever its size, and released all along the run.
      const auto saved = sim::record_storage::set_policy({.file_block_bytes = 1, .release_every_events = 64});
      const auto files = run_folded(c, handler);
      sim::record_storage::set_policy(saved);
      file_backed += files.outcome.requests.empty() || sim::record_storage::file_backed_bytes() == 0 ? 0 : 1;
      failing += heap.result.ok() ? 0 : 1;
      EXPECT_EQ(files.trace_hash, heap.trace_hash) << where;
      EXPECT_EQ(describe(files.result), describe(heap.result)) << where;
      EXPECT_EQ(nlohmann::json(pipeline::summarize(files.outcome, s)),
                nlohmann::json(pipeline::summarize(heap.outcome, s)))
          << where;
      EXPECT_EQ(pipeline::result_writes_by_request(files.outcome, s),
                pipeline::result_writes_by_request(heap.outcome, s))
          << where;
    }
  }
  EXPECT_GE(file_backed, 20);  // the outcomes compared really held file-backed records
  EXPECT_GE(failing, 4);       // and covered violations, not only passing runs
}

}  // namespace
}  // namespace slsim::properties
