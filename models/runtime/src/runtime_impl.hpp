#pragma once
// Internals of lambda_runtime: the environment pool, concurrency accounting and the
// per-invocation state shared between the invocation task and the handler coroutine.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "slsim/metrics/registry.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/trace_record.hpp"
#include "slsim/sim/wait_queue.hpp"

namespace slsim::runtime::detail {

namespace asio = boost::asio;
using outcome_handler = asio::any_completion_handler<void(invoke_outcome)>;

/// Trace kinds of the runtime (ids are {request, environment, ...}; unused ids are 0).
/// invoke_start: ids {request, env, cold, records}, digest = message ids and bodies.
inline constexpr sim::event_kind k_invoke_start{
    "runtime", "invoke_start", {"invocation", "environment", "cold", "records"}};
/// invoke_end: ids {request, env, invoke_status, cold}, value = duration, digest = result or error text.
inline constexpr sim::event_kind k_invoke_end{
    "runtime", "invoke_end", {"invocation", "environment", "status", "cold"}, "duration_ns"};
/// init: ids {request, env, failed}, value = init duration.
inline constexpr sim::event_kind k_init{"runtime", "init", {"invocation", "environment", "failed"}, "duration_ns"};
/// throttle: ids {request, in-flight}, digest = the batch.
inline constexpr sim::event_kind k_throttle{"runtime", "throttle", {"invocation", "in_flight"}};
/// timeout: ids {request, env, finished during the kill lag}, value = time run.
inline constexpr sim::event_kind k_timeout{
    "runtime", "timeout", {"invocation", "environment", "finished"}, "duration_ns"};
/// crash: ids {request, env, await point (0 = before return), before_return}, value = time run.
inline constexpr sim::event_kind k_crash{
    "runtime", "crash", {"invocation", "environment", "await_point", "before_return"}, "duration_ns"};
/// recycle: ids {env, invocations it served, by fault}.
inline constexpr sim::event_kind k_recycle{"runtime", "recycle"};

/// One execution environment. Its handler-visible state lives in the function_code.
struct environment {
  std::uint64_t id = 0;
  sim::time_ns created_at = 0;
  sim::time_ns last_used = 0;
  std::uint32_t invocations = 0;
  bool busy = false;
  bool alive = true;
  bool retire_on_release = false;
};

/// Shared by the invocation task, the handler coroutine and the caller's completion.
struct invocation_state {
  invocation_state(sim::context& ctx, std::shared_ptr<const sqs_event> e, outcome_handler h)
      : event(std::move(e)), handler(std::move(h)), done(ctx) {}

  std::shared_ptr<const sqs_event> event;
  outcome_handler handler;
  invoke_outcome outcome;
  sim::event_id completion{};  ///< parked in the caller's task; fired when the outcome is ready
  std::optional<invocation_info> info;
  asio::cancellation_signal cancel;  ///< cuts the handler coroutine (timeout, crash)
  sim::wait_queue done;              ///< the invocation task waits here for the handler
  std::optional<crash_point> crash;  ///< injected for this invocation
  bool finished = false;             ///< the handler returned or threw before any cut
  bool cut = false;                  ///< timed out or crashed: its late result is ignored
  bool crashed = false;
  std::uint32_t crash_await_point = 0;
  std::exception_ptr error;
  invocation_output output;
  std::function<void()> on_kill;  ///< the store client's: cancels its calls in flight

  /// Cuts the handler (timeout or crash): its late result is ignored and its store client
  /// stops retrying (no attempt is issued after this instant, MD5).
  void kill() {
    cut = true;
    if (auto listener = std::move(on_kill)) {
      on_kill = nullptr;
      listener();
    }
  }
};

/// The counters the runtime publishes (runtime.*), registered once; the hot path increments
/// by handle.
struct runtime_metrics {
  metrics::counter invocations;  ///< invocations that ran (not throttled)
  metrics::counter cold_starts;  ///< invocations that created and initialised an environment (MD18)
  metrics::counter successes;    ///< ended with a returned response
  metrics::counter errors;       ///< ended with a handler error
  metrics::counter timeouts;     ///< killed at the function timeout (L5)
  metrics::counter crashes;      ///< ended by a crash (fault or handler)
  metrics::counter throttles;    ///< rejected at the concurrency limit, never ran (L11)
};

class runtime_impl {
 public:
  runtime_impl(sim::context& ctx, sim::rng rng, function_config config, function_code& code,
               metrics::registry* metrics);

  void invoke(std::shared_ptr<const sqs_event> event, outcome_handler handler);
  void crash_next(crash_point where) { pending_crashes_.push_back(where); }
  lambda_runtime::crash_planner planner_;
  void recycle_all();

  sim::context& ctx_;
  sim::keyed_rng rng_;       // keyed by delivery (delivery_key), so shrinking keeps draws
  std::uint64_t init_seed_;  // MD32: INIT draws are keyed per environment, off rng_'s sequence
  function_config config_;
  function_code& code_;
  runtime_stats stats_;
  metrics::registry own_metrics_;
  metrics::registry& metrics_;
  runtime_metrics m_;
  int in_flight_ = 0;

 private:
  asio::awaitable<void> run_invocation(std::shared_ptr<invocation_state> st);
  asio::awaitable<environment*> prepare_environment(invocation_state& st);
  asio::awaitable<void> run_handler(std::shared_ptr<invocation_state> st, environment& env);
  /// MD17: the compute time of one invocation of `records` records.
  sim::time_ns draw_compute(std::uint64_t key, std::size_t records);
  /// MD32: the INIT phase of environment `environment_id`.
  sim::time_ns draw_init(std::uint64_t environment_id) const;
  environment* take_warm();
  void release(environment& env, bool retire);
  void finish(invocation_state& st);

  std::deque<environment> environments_;  // index = id - 1; never erased; deque keeps references stable
  std::vector<std::uint64_t> idle_;       // LIFO: the most recently used environment is reused first
  std::deque<crash_point> pending_crashes_;
  std::uint64_t next_invocation_ = 0;
};

/// Digest of a batch for trace records: message ids and bodies, in order.
std::uint64_t digest_event(const sqs_event& event) noexcept;
/// Digest of a handler's result for trace records.
std::uint64_t digest_output(const invocation_output& output) noexcept;

}  // namespace slsim::runtime::detail
