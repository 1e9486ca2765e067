// SIGINT/SIGTERM during check and sweep: what finished is on disk (valid JSON and XML,
// marked partial), the exit code is 128 + signal, and no worker outlives the command.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "process_support.hpp"

namespace slsim::testing {
namespace {

// Watches `pid`'s workers until `finished_workers` of them have come and gone (so cases
// finished and more run now); returns every worker pid seen. Polls, never sleeps a fixed time.
// Progress shows as workers that ended (each runs --worker-reuse cases, then is replaced).
std::set<pid_t> wait_for_progress(pid_t pid, std::size_t finished_workers) {
  std::set<pid_t> seen;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < give_up) {
    const auto now = children_of(pid);
    std::size_t gone = 0;
    for (pid_t p : seen)
      if (!now.count(p)) ++gone;
    seen.insert(now.begin(), now.end());
    if (gone >= finished_workers && !now.empty()) break;
    std::this_thread::yield();
  }
  return seen;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(interruption, sigint_during_check_writes_partial_results_and_junit_and_leaves_no_worker) {
  const auto dir = scratch_dir("interrupt-check");
  const pid_t pid = start_slsim("slow",
                                "check --seeds 400 --jobs 2 --worker-reuse 5 --out " + dir + "/out --junit " + dir +
                                    "/junit.xml --handler " + SLSIM_TEST_MISBEHAVING_PLUGIN,
                                dir + "/log");
  const auto workers = wait_for_progress(pid, 3);
  ASSERT_GE(workers.size(), 4u) << file_text(dir + "/log");
  kill(pid, SIGINT);
  EXPECT_EQ(wait_exit_code(pid), 130) << file_text(dir + "/log");
  for (pid_t w : workers) EXPECT_FALSE(alive(w)) << "worker " << w << " outlived check";
  const auto results = nlohmann::json::parse(file_text(dir + "/out/results.json"), nullptr, false);
  ASSERT_FALSE(results.is_discarded()) << file_text(dir + "/out/results.json");
  EXPECT_EQ(results["partial"], true);
  EXPECT_EQ(results["interrupted_by"], "SIGINT");
  EXPECT_GT(results["not_run"].get<int>(), 0);
  std::size_t finished = 0;
  for (const auto& r : results["results"]) finished += r["outcome"] != "not_run" ? 1 : 0;
  EXPECT_GE(finished, 1u);
  const auto xml = file_text(dir + "/junit.xml");
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u) << xml.substr(0, 200);
  EXPECT_NE(xml.find("</testsuite>\n"), std::string::npos);
  EXPECT_NE(xml.find("<skipped"), std::string::npos);
  EXPECT_NE(xml.find(R"(name="partial")"), std::string::npos);
  EXPECT_NE(file_text(dir + "/log").find("INTERRUPTED by SIGINT"), std::string::npos) << file_text(dir + "/log");
}

TEST(interruption, sigterm_during_sweep_writes_partial_results_and_leaves_no_worker) {
  const auto dir = scratch_dir("interrupt-sweep");
  const pid_t pid = start_slsim("slow",
                                "sweep --batch-size 1,5,10 --seeds 100 --jobs 2 --worker-reuse 2 --out " + dir +
                                    "/out --handler " + SLSIM_TEST_MISBEHAVING_PLUGIN,
                                dir + "/log");
  const auto workers = wait_for_progress(pid, 3);
  ASSERT_GE(workers.size(), 4u) << file_text(dir + "/log");
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit_code(pid), 143) << file_text(dir + "/log");
  for (pid_t w : workers) EXPECT_FALSE(alive(w)) << "worker " << w << " outlived sweep";
  const auto results = nlohmann::json::parse(file_text(dir + "/out/results.json"), nullptr, false);
  ASSERT_FALSE(results.is_discarded());
  EXPECT_EQ(results["partial"], true);
  EXPECT_GE(results["cases"].size(), 1u);
  EXPECT_LT(results["cases"].size(), 300u);
  EXPECT_NE(file_text(dir + "/out/results.csv").find('\n'), std::string::npos);
}

TEST(interruption, a_killed_check_takes_its_workers_with_it) {
  // SIGKILL cannot be caught: the workers watch their parent (PR_SET_PDEATHSIG).
  const auto dir = scratch_dir("kill-check");
  const pid_t pid = start_slsim(
      "slow",
      "check --seeds 400 --jobs 2 --worker-reuse 5 --out " + dir + " --handler " + SLSIM_TEST_MISBEHAVING_PLUGIN,
      dir + "/log");
  const auto workers = wait_for_progress(pid, 1);
  const auto running = children_of(pid);
  ASSERT_FALSE(running.empty());
  kill(pid, SIGKILL);
  wait_exit_code(pid);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (pid_t w : running)
    while (alive(w) && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  for (pid_t w : running) EXPECT_FALSE(alive(w)) << "worker " << w << " orphaned";
}

}  // namespace
}  // namespace slsim::testing
