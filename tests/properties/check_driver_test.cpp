// The one check driver (properties::run_check, docs/architecture.md §6) on its own: a scripted
// case_runner stands for either isolation, so the loop, the aggregation and the report are
// checked without running the pipeline.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "slsim/properties/check_driver.hpp"

namespace slsim::testing {
namespace {
using properties::case_outcome;

properties::case_report report_for(case_outcome o, std::size_t index) {
  properties::case_report r;
  r.hash = fmt::format("{:016x}", index);
  if (o == case_outcome::hang) {
    r.hang = true;
    r.guard = "bounds.max_events";
    r.guard_detail = "event budget exhausted";
    return r;
  }
  r.ok = o == case_outcome::pass;
  r.probes = {"dlq_move"};
  if (!r.ok) {
    r.violated = {"exactly_once"};
    r.primary = properties::reported_violation{"exactly_once", "req-1", "", "2 result writes"};
  }
  return r;
}

// Answers each case with a scripted outcome, and records what it was asked.
class scripted_runner final : public properties::case_runner {
 public:
  explicit scripted_runner(std::vector<case_outcome> script) : script_(std::move(script)) {}
  properties::batch_run run(const std::vector<properties::case_job>& jobs, const properties::case_source&) override {
    jobs_ = jobs;
    properties::batch_run out;
    for (const auto& j : jobs) {
      auto r = report_for(script_.at(j.index), j.index);
      nlohmann::json result = r;
      out.results.push_back(properties::checked_from(std::move(r), std::move(result)));
    }
    return out;
  }
  properties::checked_case run_alone(const properties::case_spec&) override {
    ++alone_;
    return {};
  }
  properties::trace_run trace(const properties::case_spec&, const std::string& path) override {
    traced_paths_.push_back(path);
    return {true, properties::traced_case{"0", {{"exactly_once", "req-9", "m-1", "2 result writes"}}}};
  }
  std::vector<properties::case_job> jobs_;
  std::vector<std::string> traced_paths_;
  int alone_ = 0;

 private:
  std::vector<case_outcome> script_;
};

properties::check_plan plan_of_seeds(int n) {
  properties::check_plan plan;
  plan.base = pipeline::builtin_scenario();
  plan.handler_label = "scripted";
  for (int i = 1; i <= n; ++i) plan.seeds.push_back(static_cast<std::uint64_t>(i));
  plan.shrink = false;
  return plan;
}

TEST(check_driver, reports_the_first_property_failure_and_the_first_hang_and_counts_every_case) {
  scripted_runner runner({case_outcome::pass, case_outcome::hang, case_outcome::violation, case_outcome::violation});
  const auto r = properties::run_check(plan_of_seeds(4), runner);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.cases_run, 4);
  ASSERT_EQ(r.cases.size(), 4u);
  EXPECT_EQ(r.cases[1].name, "seed_2");
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(*r.failure, 2u);  // a hang never hides a property failure
  EXPECT_EQ(r.failing_case, "seed_3");
  EXPECT_EQ(r.failing_seed, 3u);
  EXPECT_EQ(r.violated, properties::property::exactly_once);
  ASSERT_TRUE(r.hang.has_value());
  EXPECT_EQ(*r.hang, 1u);
  EXPECT_EQ(r.guard, "bounds.max_events");
  // The reported violation is the one found again in the (shrunk) case's run, not the first run's.
  ASSERT_TRUE(r.detail.has_value());
  EXPECT_EQ(r.detail->client_request_id, "req-9");
  EXPECT_EQ(r.probe_hits.at("dlq_move"), 3);  // passes and violations, not the hang
  EXPECT_EQ(r.count(case_outcome::violation), 2u);
  EXPECT_EQ(runner.traced_paths_, std::vector<std::string>{""});  // no out_dir: no file
  EXPECT_TRUE(r.case_file.empty());
}

TEST(check_driver, runs_the_cases_chosen_for_the_determinism_check_twice_both_from_fresh_processes) {
  scripted_runner runner(std::vector<case_outcome>(6, case_outcome::pass));
  auto plan = plan_of_seeds(6);
  plan.determinism_ratio = 1;
  const auto r = properties::run_check(plan, runner);
  ASSERT_EQ(runner.jobs_.size(), 12u);
  for (std::size_t j = 0; j < 12; ++j) {
    EXPECT_EQ(runner.jobs_[j].index, j % 6);
    EXPECT_TRUE(runner.jobs_[j].fresh);
  }
  EXPECT_TRUE(r.passed);  // the same hash twice: deterministic
  EXPECT_FALSE(r.nondeterministic.has_value());
  EXPECT_EQ(r.cases.size(), 6u);
}

TEST(check_driver, a_check_where_every_case_is_vacuous_fails_under_vacuous_unless_vacuous_is_not_counted) {
  class vacuous_runner final : public properties::case_runner {
   public:
    properties::batch_run run(const std::vector<properties::case_job>& jobs, const properties::case_source&) override {
      properties::batch_run out;
      for (std::size_t i = 0; i < jobs.size(); ++i) {
        properties::case_report r;
        r.ok = true;
        r.vacuous = true;
        out.results.push_back(properties::checked_from(r, nlohmann::json(r)));
      }
      return out;
    }
    properties::checked_case run_alone(const properties::case_spec&) override { return {}; }
    properties::trace_run trace(const properties::case_spec&, const std::string&) override { return {}; }
  } runner;
  auto plan = plan_of_seeds(3);
  const auto r = properties::run_check(plan, runner);
  EXPECT_TRUE(r.all_vacuous);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.violated, properties::property::vacuous);
  EXPECT_EQ(r.vacuous_cases, 3);
  plan.counted = {properties::property::exactly_once};
  EXPECT_TRUE(properties::run_check(plan, runner).passed);
}

}  // namespace
}  // namespace slsim::testing
