#pragma once
// The outcome of one simulated run: how it ended, when, and its determinism fingerprint.
#include <cstdint>
#include <string>
#include <vector>

#include "slsim/sim/time.hpp"

namespace slsim::sim {

/// Why a run did not end cleanly. Ordered by severity for `run_result::status`.
enum class run_status : std::uint8_t {
  ok,            ///< all non-daemon work finished
  failed,        ///< an exception escaped a coroutine, or a component recorded a failure
  deadlock,      ///< non-daemon coroutines were still suspended at quiescence
  real_io,       ///< a real Asio I/O object was used on the simulated executor
  event_budget,  ///< the event budget ran out (a livelock or spinning coroutine)
  watchdog,      ///< the wall-clock watchdog fired (a hang outside virtual time)
};

/// One recorded problem, naming the coroutine (task) it came from.
struct run_failure {
  run_status kind = run_status::failed;
  std::string task;
  std::string message;
  time_ns at = 0;
};

struct run_result {
  run_status status = run_status::ok;
  time_ns end_time = 0;          ///< virtual time of the last event run
  std::uint64_t events = 0;      ///< kernel events run (one per coroutine resumption or callback)
  std::uint64_t records = 0;     ///< trace records emitted
  std::uint64_t trace_hash = 0;  ///< fold of every trace record (docs/architecture.md §2)
  std::vector<run_failure> failures;

  bool ok() const noexcept { return status == run_status::ok; }
  /// True when a hang guard (event budget, watchdog) ended the run: exit code 4.
  bool hang() const noexcept { return status == run_status::event_budget || status == run_status::watchdog; }
  /// One line per failure, for humans.
  std::string describe() const;
};

/// Lower-case name of a status ("ok", "deadlock", ...).
const char* to_string(run_status s) noexcept;

/// Bounds that turn hangs and livelocks into failures instead of stuck CI jobs.
struct run_limits {
  std::uint64_t max_events = 200'000'000;
  double wall_seconds = 300.0;  ///< watchdog, measured outside the simulated world
  time_ns max_time = k_never;   ///< virtual-time horizon; reaching it is an event-budget stop
};

}  // namespace slsim::sim
