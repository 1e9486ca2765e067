#pragma once
// `--shard I/N` or `--shard auto`: which slice of the cases this process runs. `auto` reads
// the index and total from the CI or batch engine's environment (docs/scale-out.md).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace slsim::cli {

struct shard_spec {
  std::uint64_t index = 0;  ///< 0-based
  std::uint64_t count = 1;
  std::string source;  ///< where `auto` found it, for the log line ("" otherwise)
  bool given = false;  ///< false: no --shard, the whole run

  /// "I/N" ("" for the whole run, i.e. no --shard).
  std::string text() const;
};

/// Reads one environment variable; nullopt when unset.
using env_lookup = std::function<std::optional<std::string>(const char* name)>;
/// The process environment.
std::optional<std::string> process_env(const char* name);

/// "" → the whole run; "I/N" → that shard; "auto" → from the environment, trying in order:
/// SLSIM_SHARD_INDEX/SLSIM_SHARD_TOTAL (0-based; set them from a GitHub Actions matrix),
/// GitLab CI_NODE_INDEX/CI_NODE_TOTAL (1-based, `parallel:`), Kubernetes Indexed Jobs
/// JOB_COMPLETION_INDEX with SLSIM_SHARD_TOTAL, Slurm SLURM_ARRAY_TASK_ID/COUNT/MIN/STEP,
/// AWS Batch AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE. Throws std::invalid_argument
/// naming the variables when none is set or a value is out of range.
shard_spec resolve_shard(const std::string& option, const env_lookup& env = process_env);

}  // namespace slsim::cli
