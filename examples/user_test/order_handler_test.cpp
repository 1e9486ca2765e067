// What a user writes in their own repository to property-check their handler with slsim:
// a GoogleTest suite that runs `slsim::check` and a RapidCheck property over generated
// cases. On failure the message names the violated property, the shrunk case in words,
// its case file and a `replay:` line.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <slsim/check.hpp>

#include "order_handler.hpp"

namespace {

// The effect contract of this handler: one item per accepted valid request in "results",
// keyed by "pk" = the client requestId; no expected(payload) function and no counters.
slsim::pipeline::scenario shop_scenario() {
  auto s = slsim::pipeline::builtin_scenario();
  s.effects.result_table = "results";
  s.effects.request_id_attribute = "pk";
  s.effects.expected = "";
  s.effects.counters.clear();
  return s;
}

TEST(record_order, holds_every_property_under_swarm_faults) {
  slsim::check_options options;
  options.scenario = shop_scenario();
  options.seeds = 20;
  options.out_dir = "slsim-out";  // a failing case's file and trace land here
  // To reproduce a failure: options.case_file = "slsim-out/case-N.json";
  // or the unshrunk case: options.first_seed = N; options.seeds = 1;
  const auto r = slsim::check(shop::record_order_handler(), options);
  EXPECT_TRUE(r.passed) << r;
}

// RapidCheck runs 100 cases by default; RC_PARAMS="max_success=10" runs fewer, and the
// RC_PARAMS="reproduce=..." it prints on failure replays the shrunk counterexample.
RC_GTEST_PROP(record_order, writes_each_result_exactly_once, ()) {
  static const auto scenario = [] {
    auto s = shop_scenario();
    s.clients.arrival.requests = 4;  // small cases: quick to run and to shrink
    return s;
  }();
  const auto c = *slsim::gen_case(scenario);
  const auto r = slsim::rc_check_case(shop::record_order_handler(), c, {slsim::properties::property::exactly_once});
  RC_TAG(r.outcome.dlq.empty() ? "nothing in the DLQ" : "DLQ used");
}

}  // namespace
