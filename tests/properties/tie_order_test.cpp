// The models are right under any tie order (docs/architecture.md §2): correct handlers hold
// every property when same-instant events run reversed or in a seeded random order, the
// order changes runs (so the setting reaches the kernel), and a case replays its order.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/scenarios.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"

namespace slsim {
namespace {

nlohmann::json scenario_with_ties(const std::string& order, nlohmann::json base = pipeline::builtin_scenario()) {
  base["schedule"]["tie_order"] = order;
  return base;
}

void expect_first_seeds_pass(const std::string& handler_name, const std::string& order, std::uint64_t seeds,
                             nlohmann::json scenario = pipeline::builtin_scenario()) {
  const auto* handler = examples::find_builtin(handler_name);
  ASSERT_NE(handler, nullptr) << handler_name;
  const nlohmann::json base = scenario_with_ties(order, std::move(scenario));
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto c = properties::generate_case(base, seed, {});
    ASSERT_EQ(c.scenario.at("schedule").at("tie_order"), order);
    const auto r = properties::run_and_check(c, *handler);
    ASSERT_TRUE(r.result.ok()) << handler_name << " under " << order << " ties, seed " << seed << ": "
                               << properties::describe_case(c) << "\n"
                               << (r.result.primary() ? r.result.primary()->detail : std::string());
  }
}

TEST(tie_order, correct_handlers_hold_every_property_when_same_instant_events_run_reversed) {
  for (const char* name : {"reference", "correct/raw_form", "correct/applied_set"})
    expect_first_seeds_pass(name, "reverse", 40);
}

TEST(tie_order, correct_handlers_hold_every_property_when_same_instant_events_run_in_random_order) {
  for (const char* name : {"reference", "correct/raw_form", "correct/applied_set"})
    expect_first_seeds_pass(name, "random", 40);
}

// A FIFO queue adds group locks, one-at-a-time groups and the serial drain (F2): its
// same-instant events too may run in any order.
TEST(tie_order, the_reference_handler_holds_every_property_on_a_fifo_queue_under_every_tie_order) {
  const nlohmann::json fifo =
      pipeline::load_scenario(nlohmann::json::parse(examples::fifo_scenario_json()), "fifo.json");
  for (const char* order : {"reverse", "random"}) expect_first_seeds_pass("reference", order, 60, fifo);
}

// PCT (docs/exploration.md) holds an invocation's events up to its window behind those of a
// higher-priority invocation: the models and correct handlers must hold under that too.
TEST(tie_order, correct_handlers_hold_every_property_under_pct_over_concurrent_invocations) {
  for (const char* name : {"reference", "correct/raw_form", "correct/applied_set"}) {
    const auto* handler = examples::find_builtin(name);
    ASSERT_NE(handler, nullptr) << name;
    for (const auto& pct : {nlohmann::json{{"depth", 2}, {"window_ms", 20.0}, {"steps", 0}},
                            nlohmann::json{{"depth", 3}, {"window_ms", 100.0}, {"steps", 0}}}) {
      nlohmann::json base = pipeline::builtin_scenario();
      base["schedule"]["pct"] = pct;
      for (std::uint64_t seed = 1; seed <= 25; ++seed) {
        const auto c = properties::generate_case(base, seed, {});
        const auto r = properties::run_and_check(c, *handler);
        ASSERT_TRUE(r.result.ok()) << name << " under PCT " << pct.dump() << ", seed " << seed << ": "
                                   << properties::describe_case(c) << "\n"
                                   << (r.result.primary() ? r.result.primary()->detail : std::string());
        EXPECT_EQ(r.trace_hash, properties::run_and_check(c, *handler).trace_hash) << "replay, seed " << seed;
      }
    }
  }
}

// Delay perturbation (docs/exploration.md) lengthens a few network hops: correct handlers hold
// every property under it, it reaches the models (runs change), and a case replays its delays.
TEST(tie_order, correct_handlers_hold_every_property_with_perturbed_hop_delays_and_cases_replay) {
  const auto schedules = *properties::exploration_schedules("delays", false, nullptr);
  ASSERT_EQ(schedules.size(), 3u);
  properties::generation_options delays;
  delays.schedules = schedules;
  int changed = 0;
  for (const char* name : {"reference", "correct/raw_form", "correct/applied_set"}) {
    const auto* handler = examples::find_builtin(name);
    ASSERT_NE(handler, nullptr) << name;
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
      auto c = properties::generate_case(pipeline::builtin_scenario(), seed, delays);
      c.scenario["schedule"]["hop_delays"]["probability"] = 0.2;  // denser than the strategy's, to reach every hop
      const auto r = properties::run_and_check(c, *handler);
      ASSERT_TRUE(r.result.ok()) << name << " with hop delays, seed " << seed << ": " << properties::describe_case(c)
                                 << "\n"
                                 << (r.result.primary() ? r.result.primary()->detail : std::string());
      EXPECT_EQ(r.trace_hash, properties::run_and_check(c, *handler).trace_hash) << "replay, seed " << seed;
      auto undelayed = c;
      undelayed.scenario["schedule"]["hop_delays"]["probability"] = 0.0;
      changed += properties::run_and_check(undelayed, *handler).trace_hash != r.trace_hash;
    }
  }
  EXPECT_GT(changed, 60) << "hop delays barely reached the models";
}

TEST(tie_order, hop_delay_settings_outside_their_ranges_are_rejected_naming_the_field) {
  for (const auto& [field, value] : std::vector<std::pair<std::string, double>>{
           {"probability", 1.5}, {"probability", -0.1}, {"max_ms", 0.0}, {"max_ms", 120000.0}}) {
    try {
      pipeline::load_scenario(nlohmann::json{{"schedule", {{"hop_delays", {{field, value}}}}}});
      FAIL() << "accepted hop_delays." << field << " = " << value;
    } catch (const pipeline::scenario_error& e) {
      ASSERT_EQ(e.issues().size(), 1u);
      EXPECT_EQ(e.issues()[0].path, "/schedule/hop_delays/" + field);
    }
  }
}

// Generation draws the schedule last, so a case keeps its workload, settings and faults
// whichever schedule it draws; with no schedules it is the case it always was.
TEST(tie_order, the_schedule_draw_moves_no_other_part_of_a_case) {
  const nlohmann::json base = pipeline::builtin_scenario();
  properties::generation_options ties;
  ties.schedules = *properties::exploration_schedules("ties", false, nullptr);
  int varied = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto plain = properties::generate_case(base, seed, {});
    auto drawn = properties::generate_case(base, seed, ties);
    varied += drawn.scenario.at("schedule").at("tie_order") != "fifo";
    EXPECT_EQ(drawn.seed, plain.seed);
    EXPECT_EQ(nlohmann::json(drawn.plan.faults).dump(), nlohmann::json(plain.plan.faults).dump()) << seed;
    drawn.scenario["schedule"] = plain.scenario.at("schedule");
    EXPECT_EQ(drawn.scenario, plain.scenario) << "seed " << seed;
  }
  EXPECT_GT(varied, 5) << "the tie order was not drawn";
}

TEST(tie_order, changes_the_run_and_replays_it) {
  const auto* handler = examples::find_builtin("reference");
  ASSERT_NE(handler, nullptr);
  int differing = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto fifo = properties::generate_case(scenario_with_ties("fifo"), seed, {});
    auto reversed = fifo;
    reversed.scenario["schedule"]["tie_order"] = "reverse";
    auto shuffled = fifo;
    shuffled.scenario["schedule"]["tie_order"] = "random";
    const auto a = properties::run_and_check(fifo, *handler).trace_hash;
    const auto b = properties::run_and_check(reversed, *handler).trace_hash;
    const auto c = properties::run_and_check(shuffled, *handler).trace_hash;
    EXPECT_EQ(c, properties::run_and_check(shuffled, *handler).trace_hash) << "seed " << seed;
    differing += (a != b) + (a != c);
  }
  EXPECT_GT(differing, 10) << "the tie order barely reached the kernel";
}

// Cases that broke the models before tie orders were tested: a timeout's cancellation ran
// after its invocation was freed (SIGSEGV under reverse), a poller cancelled at shutdown
// before it started threw out of Asio's co_spawn (a run error under random), and pollers the
// scaler added at the quiescent instant, after the shutdown, polled an empty FIFO queue
// forever (a livelock under random: the event budget stopped it, exit 4).
TEST(tie_order, cases_that_once_broke_the_models_under_other_orders_now_pass) {
  for (const char* name :
       {"reverse_ties_timeout_cancellation_after_invocation.json", "random_ties_daemon_cancelled_before_start.json",
        "random_ties_poller_spawned_after_shutdown.json"}) {
    const auto c = properties::read_case_file(std::string(SLSIM_TEST_FIXTURES) + "/cases/" + name);
    ASSERT_NE(c.scenario.at("schedule").at("tie_order"), "fifo") << name;
    const auto* handler = examples::find_builtin(c.handler);
    ASSERT_NE(handler, nullptr) << name;
    const auto r = properties::run_and_check(c, *handler);
    EXPECT_TRUE(r.result.ok()) << name << ": " << (r.result.primary() ? r.result.primary()->detail : std::string());
  }
}

TEST(tie_order, an_unknown_order_is_rejected_naming_the_field) {
  try {
    pipeline::load_scenario(nlohmann::json{{"schedule", {{"tie_order", "lifo"}}}});
    FAIL() << "accepted tie_order lifo";
  } catch (const pipeline::scenario_error& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].path, "/schedule/tie_order");
    EXPECT_NE(e.issues()[0].message.find("lifo"), std::string::npos);
    EXPECT_NE(e.issues()[0].message.find("reverse"), std::string::npos);
  }
}

}  // namespace
}  // namespace slsim
