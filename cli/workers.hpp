#pragma once
// Process isolation for every command that runs handler code (docs/architecture.md §6):
// each unit of work runs in a forked child (fresh, or reused for several units when the
// caller allows), at most `jobs` at a time. The parent never
// runs handler code, so a handler cannot crash, hang, exit or pollute the parent, and
// every run (determinism re-runs included) starts from the parent's pristine globals.
//
// What the parent tells apart:
//  - reported:  the child returned its JSON result;
//  - signaled:  the child died by a signal (a handler crash: no_crash);
//  - exited:    the child ended without a result (the handler called exit() or _exit());
//  - model_bug: the child exited 70 (SLSIM_ASSERT: a bug in slsim's models);
//  - timed_out: the child outlived its wall-clock deadline and was killed (SIGKILL);
//  - not_run:   never started or killed unfinished (interruption, or a hang stopped the batch).
#include <csignal>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "breadcrumb.hpp"

namespace slsim::cli {

enum class worker_end { reported, signaled, exited, model_bug, timed_out, not_run };

struct worker_result {
  std::uint64_t key = 0;
  worker_end end = worker_end::not_run;
  int signal = 0;            ///< signaled: the signal
  int exit_status = 0;       ///< exited: the status passed to exit()
  bool called_exit = false;  ///< exited: through exit() (not _exit)
  double seconds = 0;        ///< wall-clock time the child ran
  std::string last_event;    ///< the last trace record the child reached ("" if none)
  nlohmann::json payload;    ///< reported: what the child returned
  /// A reused worker's result needed confirming and this is the rerun's, in a fresh process.
  bool confirmed_alone = false;

  bool reported() const noexcept { return end == worker_end::reported; }
  /// The handler ended its process (a signal or exit): a no_crash violation.
  bool crashed() const noexcept { return end == worker_end::signaled || end == worker_end::exited; }
  /// "died by SIGSEGV", "called exit(0) without returning", ...
  std::string how_it_ended() const;
};

/// Called after each finished key with the number finished so far and the key.
using progress_fn = std::function<void(std::size_t finished, std::uint64_t key)>;
/// The child's work: a JSON result for `key`. `crumb` lives in memory shared with the
/// parent: attach it (breadcrumb_listener) so a killed child still names its last event.
using work_fn = std::function<nlohmann::json(std::uint64_t key, breadcrumb& crumb)>;

struct worker_options {
  int jobs = 1;
  /// Wall-clock budget of a key in seconds (<= 0: none). Past it plus a grace period the
  /// parent kills the child (SIGKILL): handler code that never yields cannot be stopped
  /// from inside the simulated world.
  std::function<double(std::uint64_t key)> deadline_s;
  /// After a child timed out: start no further keys and kill the running ones (a hang
  /// verdict is already certain; waiting for more costs a deadline each).
  bool stop_after_timeout = true;
  progress_fn progress;
  /// Keys one worker process runs before it is replaced (1: a fresh process per key). Reuse
  /// saves the fork and the page faults of a fresh process per key.
  int reuse = 1;
  /// Keys that must run in a fresh process whatever `reuse` says (determinism re-runs:
  /// process-global handler state must not reach them).
  std::function<bool(std::uint64_t key)> fresh;
  /// Results from a reused worker that are run again in a fresh process, whose result then
  /// stands (failures: an earlier key's process-global state must not cause a verdict).
  /// Without it, results that are not `reported` (crashes, exits, model bugs) are confirmed.
  std::function<bool(const worker_result&)> confirm = [](const worker_result& r) { return !r.reported(); };
};

struct worker_batch {
  std::vector<worker_result> results;  ///< one per key, in key order
  int interrupted_by = 0;              ///< SIGINT/SIGTERM received while running (see interruption.hpp)
  bool stopped_after_timeout = false;
};

/// Runs `work(key)` in forked children for every key (a child per key, or per `reuse` keys);
/// results in key order.
worker_batch run_in_workers(const std::vector<std::uint64_t>& keys, const work_fn& work, const worker_options& options);

/// The grace period the parent adds to a deadline before killing: the simulation's own
/// watchdog (checked between events) should answer first when it can.
double kill_grace_s(double deadline_s);

/// The number of online cores (at least 1): the default for `--jobs`.
int default_jobs();

/// Parses "--shard I/N" (I from 0); throws std::invalid_argument on anything else.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text);

/// "SIGSEGV" for SIGSEGV, and so on.
std::string signal_name(int sig);

}  // namespace slsim::cli
