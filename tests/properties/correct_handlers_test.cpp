// The correct built-in handlers other than the reference hold every property over the
// cases a bare `slsim check` generates (swarm faults, the built-in vary): each form of
// the handler API and each write pattern, not only the reference's. The synchronous form
// has its own test in tests/pipeline (not built under the sanitizers).
#include <gtest/gtest.h>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"

namespace slsim {
namespace {

void expect_first_seeds_pass(const handler_definition& handler, std::uint64_t seeds) {
  const nlohmann::json base = pipeline::builtin_scenario();
  std::uint64_t store_calls = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto c = properties::generate_case(base, seed, {});
    const auto r = properties::run_and_check(c, handler);
    ASSERT_TRUE(r.result.ok()) << handler.name << " seed " << seed << ": " << properties::describe_case(c) << "\n"
                               << (r.result.primary() ? r.result.primary()->detail : std::string());
    store_calls += r.outcome.store_calls;
  }
  EXPECT_GT(store_calls, seeds) << "the handler barely ran";
}

TEST(correct_handlers, the_raw_form_holds_every_property_over_100_generated_cases) {
  const auto* h = examples::find_builtin("correct/raw_form");
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->raw && !h->typed);
  expect_first_seeds_pass(*h, 100);
}

TEST(correct_handlers, the_applied_set_pattern_holds_every_property_over_100_generated_cases) {
  const auto* h = examples::find_builtin("correct/applied_set");
  ASSERT_NE(h, nullptr);
  expect_first_seeds_pass(*h, 100);
}

}  // namespace
}  // namespace slsim
