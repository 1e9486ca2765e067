#pragma once
// Crash isolation for `check` (docs/architecture.md §6): each case runs in a child process, at
// most `jobs` at a time; a child that dies by a signal is reported, not fatal.
#include <csignal>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

namespace slsim::cli {

struct worker_result {
  std::uint64_t key = 0;
  bool crashed = false;  ///< the child died by a signal (or exited without a result)
  int signal = 0;
  nlohmann::json payload;  ///< what the child returned
};

/// Called after each finished key with the number finished so far and the key.
using progress_fn = std::function<void(std::size_t finished, std::uint64_t key)>;

/// Runs `work(key)` in a forked child for every key, `jobs` at once; results in key order.
std::vector<worker_result> run_in_workers(const std::vector<std::uint64_t>& keys, int jobs,
                                          const std::function<nlohmann::json(std::uint64_t)>& work,
                                          const progress_fn& progress = {});

/// The number of online cores (at least 1): the default for `--jobs`.
int default_jobs();

/// Parses "--shard I/N" (I from 0); throws std::invalid_argument on anything else.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text);

/// "SIGSEGV" for SIGSEGV, and so on.
std::string signal_name(int sig);

}  // namespace slsim::cli
