// Exploration strategies of `slsim check` (docs/exploration.md): a bug that only a non-fifo
// tie order shows is found with `--explore ties` and never with fifo ties (the default); a
// case found under any strategy
// records it and replays byte for byte; a bad strategy is a usage error.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>
#include <regex>

#include "../support/release_pass_only.hpp"
#include "cli_support.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::testing {
namespace {

struct found {
  int exit_code = 0;
  std::string output;
  std::string case_file;
  std::string trace;
};

found check(const std::string& name, const std::string& args) {
  const auto dir = scratch_dir("strategy-" + name);
  const auto r = slsim("check --determinism-check 0 --jobs 2 --out " + dir + " " + args);
  found f{r.exit_code, r.output, "", ""};
  std::smatch m;
  if (std::regex_search(r.output, m, std::regex("\ncase file: (\\S+)\n"))) f.case_file = m[1];
  if (std::regex_search(r.output, m, std::regex("\ntrace: (\\S+)\n"))) f.trace = m[1];
  return f;
}

// Budgets: the first failing seed of each strategy (docs/exploration.md's table) with room
// to spare, and below the first failing seed of the strategies that must not find it.
constexpr int k_budget = 20;

// `finding` finds `handler`'s bug within the budget and its shrunk case keeps the schedule
// the bug needs (`keeps`); every check in `missing` passes the same seeds.
void expect_only_these_find(const std::string& handler, const std::string& finding,
                            const std::function<bool(const nlohmann::json& schedule)>& keeps,
                            const std::vector<std::string>& missing) {
  const std::string seeds = " --seeds " + std::to_string(k_budget);
  const auto found = check("found", "--handler " + handler + " " + finding + seeds);
  ASSERT_EQ(found.exit_code, 1) << finding << "\n" << found.output;
  EXPECT_NE(found.output.find("property exactly_once violated"), std::string::npos) << found.output;
  const auto schedule = properties::read_case_file(found.case_file).scenario.at("schedule");
  EXPECT_TRUE(keeps(schedule)) << "the shrunk case lost the schedule it needs: " << schedule.dump();
  for (const auto& flags : missing) {
    const auto r = check("missed", "--handler " + handler + seeds + " " + flags);
    EXPECT_EQ(r.exit_code, 0) << flags << "\n" << r.output;
  }
}

TEST(exploration_strategy, varied_tie_orders_find_a_bug_fifo_never_shows) {
  SLSIM_RELEASE_PASS_ONLY();
  const auto not_fifo = [](const nlohmann::json& schedule) { return schedule.at("tie_order") != "fifo"; };
  expect_only_these_find("zoo/start_order_carrier", "--explore ties", not_fifo,
                         {"--explore fifo", "--set /schedule/tie_order=fifo"});
  // Plain check varies tie orders too.
  const auto plain = check("plain", "--handler zoo/start_order_carrier --seeds " + std::to_string(k_budget));
  EXPECT_EQ(plain.exit_code, 1) << plain.output;
}

// zoo/read_before_lock's race needs the gap between its read and its lock to be wider than
// another invocation's write-render-release, yet under 100 ms: PCT holds the lock request
// behind the other invocation's calls (a window of 50 ms covers them); latency draws rarely
// open such a gap, and faults' long delays overshoot it.
TEST(exploration_strategy, pct_finds_a_race_random_seeds_miss_with_the_same_budget) {
  SLSIM_RELEASE_PASS_ONLY();
  const auto pct_on = [](const nlohmann::json& schedule) { return schedule.at("pct").at("depth") != 0; };
  expect_only_these_find("zoo/read_before_lock", "--explore pct:d=2,w=50", pct_on,
                         {"", "--explore fifo", "--explore delays"});
}

TEST(exploration_strategy, a_case_found_under_reverse_random_or_pct_replays_byte_for_byte) {
  SLSIM_RELEASE_PASS_ONLY();
  for (const auto& [handler, strategy] :
       std::vector<std::pair<std::string, std::string>>{{"zoo/start_order_carrier", "reverse"},
                                                        {"zoo/start_order_carrier", "random"},
                                                        {"zoo/double_checked_total", "pct:d=2"},
                                                        {"zoo/double_checked_total", "portfolio"}}) {
    const auto f = check("replay", "--handler " + handler + " --explore " + strategy + " --seeds 200");
    ASSERT_EQ(f.exit_code, 1) << strategy << "\n" << f.output;
    ASSERT_FALSE(f.trace.empty()) << f.output;
    const auto replay = slsim("replay " + f.trace);
    EXPECT_EQ(replay.exit_code, 0) << strategy << "\n" << replay.output;
    EXPECT_NE(replay.output.find("replay identical"), std::string::npos) << replay.output;
    const auto run = slsim("run --case " + f.case_file + " --handler " + handler);
    EXPECT_EQ(run.exit_code, 1) << strategy << "\n" << run.output;
    const auto schedule = properties::read_case_file(f.case_file).scenario.at("schedule");
    if (strategy != "portfolio") {  // a portfolio case may shrink to fifo when that fails too
      EXPECT_TRUE(schedule.at("tie_order") != "fifo" || schedule.at("pct").at("depth") != 0)
          << strategy << ": " << schedule.dump();
    }
  }
}

TEST(exploration_strategy, the_determinism_check_covers_pct_and_correct_handlers_pass_under_every_strategy) {
  for (const std::string strategy : {"pct:d=2", "pct:d=3,w=50", "portfolio"}) {
    const auto r = slsim("check --jobs 2 --out " + scratch_dir("strategy-determinism") +
                         " --handler reference --seeds 12 --determinism-check 1 --explore " + strategy);
    EXPECT_EQ(r.exit_code, 0) << strategy << "\n" << r.output;
  }
}

TEST(exploration_strategy, an_unknown_strategy_or_parameter_is_a_usage_error_naming_the_flag) {
  for (const std::string bad : {"dfs", "pct:d=0", "pct:d=2,w=-1", "pct:q=1", "pct:d=x", "pctd=2"}) {
    const auto r = slsim("check --seeds 1 --explore " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("--explore"), std::string::npos) << bad << "\n" << r.output;
  }
}

}  // namespace
}  // namespace slsim::testing
