#include "shard.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>

#include "workers.hpp"

namespace slsim::cli {
namespace {

std::uint64_t number(const env_lookup& env, const char* name) {
  const auto value = env(name);
  if (!value) throw std::invalid_argument(fmt::format("--shard auto: {} is not set", name));
  std::uint64_t n = 0;
  std::size_t used = 0;
  try {
    if (!value->empty() && value->front() != '-') n = std::stoull(*value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value->size())
    throw std::invalid_argument(fmt::format("--shard auto: {}={}: expected a non-negative integer", name, *value));
  return n;
}

shard_spec checked(std::uint64_t index, std::uint64_t count, std::string source) {
  if (count == 0 || index >= count)
    throw std::invalid_argument(
        fmt::format("--shard auto: {} gives shard {} of {}: expected 0 <= index < total", source, index, count));
  return {index, count, std::move(source), true};
}

std::string shown(const env_lookup& env, std::initializer_list<const char*> names) {
  std::string out;
  for (const char* n : names)
    if (const auto v = env(n)) out += fmt::format("{}{}={}", out.empty() ? "" : ", ", n, *v);
  return out;
}
}  // namespace

std::string shard_spec::text() const { return given ? fmt::format("{}/{}", index, count) : ""; }

std::optional<std::string> process_env(const char* name) {
  const char* v = std::getenv(name);  // the CLI, outside the simulated world: reading the environment is fine
  return v ? std::optional<std::string>(v) : std::nullopt;
}

shard_spec resolve_shard(const std::string& option, const env_lookup& env) {
  if (option.empty()) return {};
  if (option != "auto") {
    const auto [index, count] = parse_shard(option);
    return {index, count, "", true};
  }
  if (env("SLSIM_SHARD_INDEX"))
    return checked(
        number(env, "SLSIM_SHARD_INDEX"), number(env, "SLSIM_SHARD_TOTAL"),
        "SLSIM_SHARD_INDEX/SLSIM_SHARD_TOTAL (" + shown(env, {"SLSIM_SHARD_INDEX", "SLSIM_SHARD_TOTAL"}) + ")");
  if (env("CI_NODE_INDEX")) {  // GitLab `parallel: N`: 1-based
    const auto index = number(env, "CI_NODE_INDEX");
    const auto total = number(env, "CI_NODE_TOTAL");
    if (index == 0) throw std::invalid_argument("--shard auto: CI_NODE_INDEX=0: GitLab numbers jobs from 1");
    return checked(index - 1, total, "GitLab CI (" + shown(env, {"CI_NODE_INDEX", "CI_NODE_TOTAL"}) + ")");
  }
  if (env("JOB_COMPLETION_INDEX")) {  // Kubernetes Indexed Job: the total is the Job's `completions`
    if (!env("SLSIM_SHARD_TOTAL"))
      throw std::invalid_argument(
          "--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but SLSIM_SHARD_TOTAL is not: "
          "set it to the Job's completions");
    return checked(number(env, "JOB_COMPLETION_INDEX"), number(env, "SLSIM_SHARD_TOTAL"),
                   "Kubernetes Indexed Job (" + shown(env, {"JOB_COMPLETION_INDEX", "SLSIM_SHARD_TOTAL"}) + ")");
  }
  if (env("SLURM_ARRAY_TASK_ID")) {  // --array=MIN-MAX[:STEP]: dense index = (ID - MIN) / STEP
    const auto id = number(env, "SLURM_ARRAY_TASK_ID");
    const auto count = number(env, "SLURM_ARRAY_TASK_COUNT");
    const auto min = env("SLURM_ARRAY_TASK_MIN") ? number(env, "SLURM_ARRAY_TASK_MIN") : 0;
    const auto step = env("SLURM_ARRAY_TASK_STEP") ? number(env, "SLURM_ARRAY_TASK_STEP") : 1;
    const std::string source =
        "Slurm job array (" +
        shown(env, {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP"}) +
        ")";
    if (id < min || step == 0 || (id - min) % step != 0)
      throw std::invalid_argument("--shard auto: " + source +
                                  ": the task id is not MIN + k × STEP; use a plain --array=0-(N-1)");
    return checked((id - min) / step, count, source);
  }
  if (env("AWS_BATCH_JOB_ARRAY_INDEX"))
    return checked(
        number(env, "AWS_BATCH_JOB_ARRAY_INDEX"), number(env, "AWS_BATCH_JOB_ARRAY_SIZE"),
        "AWS Batch array job (" + shown(env, {"AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE"}) + ")");
  throw std::invalid_argument(
      "--shard auto: no shard index in the environment; set SLSIM_SHARD_INDEX and SLSIM_SHARD_TOTAL (e.g. from a "
      "GitHub Actions matrix), or run under GitLab parallel (CI_NODE_INDEX/CI_NODE_TOTAL), a Kubernetes Indexed Job "
      "(JOB_COMPLETION_INDEX + SLSIM_SHARD_TOTAL), a Slurm array (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT) or an "
      "AWS Batch array job (AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE)");
}

}  // namespace slsim::cli
