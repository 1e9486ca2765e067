// Sharding (docs/scale-out.md): `--shard auto` reads the shard from each CI or batch engine's
// environment and says where it came from; merge insists on every shard; 4 shards run in
// parallel merge to exactly the unsharded run.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct engine {
  const char* name;
  std::string env;     // as `env` arguments
  const char* source;  // what the log line names
  int index;           // the 0-based shard it must pick
};

TEST(shard_auto, reads_each_engines_environment_and_says_where_the_shard_came_from) {
  // Every engine sets shard 2 of 4, in its own numbering.
  const engine engines[] = {
      {"github", "SLSIM_SHARD_INDEX=2 SLSIM_SHARD_TOTAL=4", "SLSIM_SHARD_INDEX/SLSIM_SHARD_TOTAL", 2},
      {"gitlab", "CI_NODE_INDEX=3 CI_NODE_TOTAL=4", "GitLab CI", 2},
      {"kubernetes", "JOB_COMPLETION_INDEX=2 SLSIM_SHARD_TOTAL=4", "Kubernetes Indexed Job", 2},
      {"slurm", "SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=5", "Slurm job array", 2},
      {"slurm_step", "SLURM_ARRAY_TASK_ID=14 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_STEP=2",
       "Slurm job array", 2},
      {"aws_batch", "AWS_BATCH_JOB_ARRAY_INDEX=2 AWS_BATCH_JOB_ARRAY_SIZE=4", "AWS Batch array job", 2},
  };
  for (const auto& e : engines) {
    const auto dir = scratch_dir(std::string("auto-") + e.name);
    const auto r = shell("env -i PATH=/usr/bin:/bin " + e.env + " " + SLSIM_BINARY +
                         " check --seeds 8 --shard auto --jobs 1 --out " + dir);
    ASSERT_EQ(r.exit_code, 0) << e.name << "\n" << r.output;
    EXPECT_NE(r.output.find(std::string("shard 2/4 from ") + e.source), std::string::npos) << e.name << r.output;
    EXPECT_NE(r.output.find("checked 2 case(s)"), std::string::npos) << e.name << r.output;
    const auto results = read_json(dir + "/results.json");
    EXPECT_EQ(results["shard"], "2/4") << e.name;
    EXPECT_EQ(results["results"][0]["name"], "seed_3") << e.name;  // seeds 1..8: index 2 is seed 3
  }
}

TEST(shard_auto, without_an_engine_or_with_bad_values_is_a_usage_error_naming_the_variables) {
  const auto dir = scratch_dir("auto-bad");
  const std::string bin = std::string("env -i PATH=/usr/bin:/bin ");
  const auto none = shell(bin + SLSIM_BINARY + " check --seeds 4 --shard auto --out " + dir);
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("SLSIM_SHARD_INDEX"), std::string::npos) << none.output;
  for (const std::string env : {"SLSIM_SHARD_INDEX=4 SLSIM_SHARD_TOTAL=4", "SLSIM_SHARD_INDEX=x SLSIM_SHARD_TOTAL=4",
                                "CI_NODE_INDEX=0 CI_NODE_TOTAL=4", "JOB_COMPLETION_INDEX=1",
                                "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=2 SLURM_ARRAY_TASK_MIN=4"}) {
    const auto r = shell(bin + env + " " + SLSIM_BINARY + " check --seeds 4 --shard auto --out " + dir);
    EXPECT_EQ(r.exit_code, 2) << env << "\n" << r.output;
    EXPECT_NE(r.output.find("--shard auto"), std::string::npos) << env << "\n" << r.output;
  }
  const auto sweep = shell(bin + "AWS_BATCH_JOB_ARRAY_INDEX=1 AWS_BATCH_JOB_ARRAY_SIZE=2 " + SLSIM_BINARY +
                           " sweep --batch-size 1,10 --seeds 2 --shard auto --out " + dir + "/sweep");
  EXPECT_EQ(sweep.exit_code, 0) << sweep.output;
  EXPECT_NE(sweep.output.find("shard 1/2 from AWS Batch array job"), std::string::npos) << sweep.output;
}

TEST(merge, refuses_a_missing_shard_unless_partial_is_allowed) {
  const auto dir = scratch_dir("merge-missing");
  for (int i : {0, 2})
    ASSERT_EQ(
        slsim("check --seeds 6 --shard " + std::to_string(i) + "/3 --out " + dir + "/s" + std::to_string(i)).exit_code,
        0);
  const auto r = slsim("merge " + dir + "/s0 " + dir + "/s2 --out " + dir + "/m");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("missing shard(s) 1/3"), std::string::npos) << r.output;
  const auto partial = slsim("merge --allow-partial " + dir + "/s0 " + dir + "/s2 --out " + dir + "/m");
  EXPECT_EQ(partial.exit_code, 0) << partial.output;
  EXPECT_EQ(read_json(dir + "/m/results.json")["cases"], 4);
  // Sweeps too.
  for (int i : {0, 1})
    ASSERT_EQ(slsim("sweep --batch-size 1,10 --seeds 2 --shard " + std::to_string(i) + "/3 --out " + dir + "/w" +
                    std::to_string(i))
                  .exit_code,
              0);
  const auto sweep = slsim("merge " + dir + "/w0 " + dir + "/w1 --out " + dir + "/wm");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
  EXPECT_NE(sweep.output.find("missing shard(s) 2/3"), std::string::npos) << sweep.output;
  // Shards of different splits do not mix.
  ASSERT_EQ(slsim("check --seeds 6 --shard 1/2 --out " + dir + "/h1").exit_code, 0);
  EXPECT_EQ(slsim("merge " + dir + "/s0 " + dir + "/h1 --out " + dir + "/m2").exit_code, 2);
}

void write_json(const std::string& path, const nlohmann::json& j) { std::ofstream(path) << j.dump(2); }

TEST(merge, counts_hangs_and_interrupted_shards_as_check_does_not_as_failures) {
  const auto dir = scratch_dir("merge-verdicts");
  for (int i : {0, 1})
    ASSERT_EQ(
        slsim("check --seeds 4 --shard " + std::to_string(i) + "/2 --out " + dir + "/s" + std::to_string(i)).exit_code,
        0);
  // Shard 1 as a check would have written it had a guard stopped its first case.
  auto shard = read_json(dir + "/s1/results.json");
  shard["results"][0]["outcome"] = "hang";
  shard["results"][0]["result"]["ok"] = false;
  write_json(dir + "/s1/results.json", shard);
  const auto hung = slsim("merge " + dir + "/s0 " + dir + "/s1 --out " + dir + "/m");
  EXPECT_EQ(hung.exit_code, 4) << hung.output;  // a guard, not a property verdict
  EXPECT_NE(hung.output.find("0 failed, 1 stopped by a hang guard"), std::string::npos) << hung.output;

  // An interrupted shard: refused unless partial results are allowed, then marked partial.
  shard["results"][0]["outcome"] = "not_run";
  shard["partial"] = true;
  shard["interrupted_by"] = "SIGINT";
  write_json(dir + "/s1/results.json", shard);
  const auto refused = slsim("merge " + dir + "/s0 " + dir + "/s1 --out " + dir + "/m2");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("interrupted (SIGINT)"), std::string::npos) << refused.output;
  const auto allowed = slsim("merge --allow-partial " + dir + "/s0 " + dir + "/s1 --out " + dir + "/m2");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_NE(allowed.output.find("1 not run"), std::string::npos) << allowed.output;
  const auto merged = read_json(dir + "/m2/results.json");
  EXPECT_EQ(merged["partial"], true);
  EXPECT_EQ(merged["not_run"], 1);
}

TEST(merge, four_shards_run_in_parallel_merge_to_exactly_the_unsharded_run) {
  const auto dir = scratch_dir("four-parallel");
  const std::string bin = SLSIM_BINARY;
  // check: 4 processes at once through xargs -P 4, each finding its shard with --shard auto.
  ASSERT_EQ(slsim("check --seeds 16 --jobs 1 --out " + dir + "/whole").exit_code, 0);
  const auto run = shell("seq 0 3 | xargs -P 4 -I{} env SLSIM_SHARD_INDEX={} SLSIM_SHARD_TOTAL=4 " + bin +
                         " check --seeds 16 --jobs 1 --shard auto --out " + dir + "/part{}");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto merged =
      slsim("merge " + dir + "/part0 " + dir + "/part1 " + dir + "/part2 " + dir + "/part3 --out " + dir + "/merged");
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto whole = read_json(dir + "/whole/results.json");
  const auto combined = read_json(dir + "/merged/results.json");
  EXPECT_EQ(combined["cases"], whole["cases"]);
  EXPECT_EQ(combined["probes"], whole["probes"]);
  EXPECT_EQ(combined["results"], whole["results"]);  // the same cases, results and order

  // sweep: the merged CSV is byte-identical to the unsharded one.
  const std::string args = " sweep --batch-size 1,10 --axis esm.maximum_batching_window_s=0,2 --seeds 2 --jobs 1";
  ASSERT_EQ(shell(bin + args + " --out " + dir + "/sweep-whole").exit_code, 0);
  const auto sweeps = shell("seq 0 3 | xargs -P 4 -I{} env SLSIM_SHARD_INDEX={} SLSIM_SHARD_TOTAL=4 " + bin + args +
                            " --shard auto --out " + dir + "/sweep{}");
  ASSERT_EQ(sweeps.exit_code, 0) << sweeps.output;
  ASSERT_EQ(slsim("merge " + dir + "/sweep0 " + dir + "/sweep1 " + dir + "/sweep2 " + dir + "/sweep3 --out " + dir +
                  "/sweep-merged")
                .exit_code,
            0);
  EXPECT_EQ(read_file(dir + "/sweep-merged/results.csv"), read_file(dir + "/sweep-whole/results.csv"));
}

}  // namespace
}  // namespace slsim::testing
