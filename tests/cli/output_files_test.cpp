// Every output is written whole or not at all: a failed write (unwritable path, disk full,
// file size limit) is exit 2 naming the file, never exit 0 with a missing or cut report.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "process_support.hpp"

namespace slsim::testing {
namespace {

TEST(output_files, a_trace_on_a_full_disk_is_exit_2_naming_the_file) {
  const auto r = slsim("run --seed 2 --trace /dev/full");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/full: cannot write"), std::string::npos) << r.output;
}

TEST(output_files, a_trace_past_the_file_size_limit_is_exit_2_naming_the_file_not_sigabrt) {
  const auto dir = scratch_dir("trace-fsize");
  // ulimit -f counts 512-byte blocks: 64 KB, well under the trace of 30 requests.
  const auto r =
      slsim_shell("ulimit -f 128;", "run --seed 2 --set clients.arrival.requests=30 --trace " + dir + "/t.jsonl");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(dir + "/t.jsonl: cannot write: File too large"), std::string::npos) << r.output;
}

TEST(output_files, an_unwritable_junit_is_exit_2_naming_the_file) {
  const auto dir = scratch_dir("junit-unwritable");
  const auto r = slsim("check --seeds 2 --out " + dir + " --junit /dev/full/report.xml");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/full/report.xml"), std::string::npos) << r.output;
}

TEST(output_files, results_past_the_file_size_limit_are_exit_2_and_never_left_truncated) {
  const auto dir = scratch_dir("results-fsize");
  const auto r = slsim_shell("ulimit -f 8;", "check --seeds 20 --out " + dir);  // 4 KB: results.json is larger
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(dir + "/results.json: cannot write"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/results.json")) << "a truncated results.json was left";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

TEST(output_files, an_export_to_an_unwritable_file_is_exit_2_and_leaves_no_file) {
  const auto dir = scratch_dir("export-unwritable");
  ASSERT_EQ(slsim("run --seed 2 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto r = slsim("export " + dir + "/t.jsonl --format perfetto -o /dev/full/p.json");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/full/p.json"), std::string::npos) << r.output;
  const auto sweep = slsim("sweep --batch-size 1,2 --seeds 2 --out /dev/full/sweep");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
  EXPECT_NE(sweep.output.find("/dev/full/sweep"), std::string::npos) << sweep.output;
  const auto metrics = slsim_shell("ulimit -f 1;", "run --seed 2 --metrics " + dir + "/m.json");
  EXPECT_EQ(metrics.exit_code, 2) << metrics.output;
  EXPECT_NE(metrics.output.find(dir + "/m.json: cannot write"), std::string::npos) << metrics.output;
}

}  // namespace
}  // namespace slsim::testing
