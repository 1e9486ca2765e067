// The RapidCheck helpers of slsim/check.hpp: properties over generated cases in a user's
// own gtest (docs/architecture.md §6).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "slsim/check.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::testing {
namespace {

// A small workload keeps each generated case quick (RapidCheck runs 100 by default;
// RC_PARAMS="max_success=N" changes that).
pipeline::scenario small_scenario() {
  auto s = pipeline::builtin_scenario();
  s.clients.clients = 2;
  s.clients.arrival.requests = 4;
  return s;
}

RC_GTEST_PROP(rc_helpers, reference_handler_holds_every_property_on_generated_cases, ()) {
  static const auto scenario = small_scenario();
  const auto c = *gen_case(scenario);
  const auto r = rc_check_case(examples::reference_handler(), c);
  // A tiny generated case may check nothing (one request the gateway rejects): `vacuous`
  // is judged over a whole check, never per generated case.
  auto violated = r.result.violated();
  violated.erase(properties::property::vacuous);
  RC_ASSERT(violated.empty());
}

TEST(rc_helpers, generated_cases_stay_within_the_scenario_workload) {
  const auto s = small_scenario();
  const auto gen = gen_case(s);
  for (int size = 0; size <= 100; size += 10) {
    const auto c = gen(rc::Random(static_cast<std::uint64_t>(size) + 7), size).value();
    EXPECT_GE(c.scenario.at("clients").at("arrival").at("requests").get<int>(), 1);
    EXPECT_LE(c.scenario.at("clients").at("arrival").at("requests").get<int>(), 4);
    EXPECT_LE(c.scenario.at("clients").at("clients").get<int>(), 2);
  }
}

TEST(rc_helpers, cases_without_faults_have_an_empty_plan) {
  const auto gen = gen_case(small_scenario(), {.faults = false});
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto c = gen(rc::Random(seed), 50).value();
    EXPECT_TRUE(c.plan.faults.empty());
    EXPECT_FALSE(c.plan.buggify);
  }
}

// Runs a property with its own parameters and no global listener, so an expected
// failure does not leave RapidCheck's "to reproduce, run with RC_PARAMS=..." note.
class quiet_listener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

template <typename Property>
rc::detail::TestResult check_quietly(const char* id, int max_success, Property property) {
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  rc::detail::TestParams params;
  params.maxSuccess = max_success;
  params.disableShrinking = true;  // shrinking is slsim::check's test; keep these quick
  quiet_listener listener;
  return rc::detail::checkProperty(rc::detail::toProperty(std::move(property)), metadata, params, listener);
}

TEST(rc_helpers, a_zoo_handler_fails_the_property_naming_what_it_violated) {
  const auto result = check_quietly("rc_helpers/zoo", 40, [] {
    static const auto scenario = pipeline::builtin_scenario();
    rc_check_case(*examples::find_builtin("zoo/unconditional_put"), *gen_case(scenario));
  });
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "the zoo handler passed 40 generated cases";
  EXPECT_NE(failure.description.find("property exactly_once violated"), std::string::npos) << failure.description;
  EXPECT_NE(failure.description.find("handler zoo/unconditional_put"), std::string::npos) << failure.description;
  // The counterexample shows the case in words and as a case file.
  std::string shown;
  for (const auto& [type, value] : failure.counterExample) shown += value;
  EXPECT_NE(shown.find("\"format\":\"slsim-case\""), std::string::npos) << shown;
}

TEST(rc_helpers, only_the_named_properties_fail_the_case) {
  const auto result = check_quietly("rc_helpers/only", 40, [] {
    static const auto scenario = pipeline::builtin_scenario();
    rc_check_case(*examples::find_builtin("zoo/unconditional_put"), *gen_case(scenario),
                  {properties::property::boundary});
  });
  EXPECT_TRUE(result.template is<rc::detail::SuccessResult>());
}

TEST(rc_helpers, a_case_a_hang_guard_stops_fails_naming_the_guard_not_a_property) {
  const auto result = check_quietly("rc_helpers/hang", 5, [] {
    static const auto scenario = [] {
      auto s = pipeline::builtin_scenario();
      s.bounds.max_events = 500;  // deterministic stand-in for the wall-clock watchdog
      return s;
    }();
    rc_check_case(examples::reference_handler(), *gen_case(scenario));
  });
  rc::detail::FailureResult failure;
  ASSERT_TRUE(result.match(failure)) << "a run the event budget stopped passed";
  EXPECT_NE(failure.description.find("hang guard bounds.max_events fired"), std::string::npos) << failure.description;
  EXPECT_EQ(failure.description.find("property"), failure.description.find("property verdict")) << failure.description;
}

}  // namespace
}  // namespace slsim::testing
