#pragma once
// The Lambda runtime: execution environments (init once, warm reuse, recycling),
// reserved and account concurrency (throttling), timeouts with kill lag, injected
// crashes, and billing (L5, L11, MD5, MD11).
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "slsim/metrics/registry.hpp"
#include "slsim/runtime/config.hpp"
#include "slsim/runtime/function_code.hpp"
#include "slsim/runtime/invoke_outcome.hpp"
#include "slsim/runtime/sqs_event.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::runtime {

namespace detail {
class runtime_impl;
}

/// Where an injected crash kills an invocation (the fault layer's hook).
struct crash_point {
  std::uint32_t at_await_point = 0;  ///< 1-based await point; 0 = after the handler returns, before its result
  bool after = false;  ///< crash when await point n's operation completes, before the handler sees its result

  /// Crash when the handler reaches its `n`th await point (n >= 1), before its operation
  /// starts; if it never does, no crash.
  static constexpr crash_point at(std::uint32_t n) noexcept { return {n, false}; }
  /// Crash when the `n`th await point's operation (n >= 1) completes: its effect is made,
  /// the handler never learns of it.
  static constexpr crash_point after_call(std::uint32_t n) noexcept { return {n, true}; }
  /// Crash after the handler has returned, discarding its result.
  static constexpr crash_point before_return() noexcept { return {0, false}; }
};

/// The stable identity of one delivery of a batch, for keyed draws (sim::keyed_rng): its
/// first record's message id and receive count. It does not depend on how many other
/// messages or invocations came before, so shrinking a workload keeps it (§6).
std::uint64_t delivery_key(const sqs_event& event) noexcept;

/// Counters over a run, for reports and metrics.
struct runtime_stats {
  std::uint64_t invocations = 0;  ///< accepted (not throttled)
  std::uint64_t successes = 0;
  std::uint64_t errors = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t crashes = 0;
  std::uint64_t throttles = 0;
  std::uint64_t cold_starts = 0;
  std::uint64_t environments_recycled = 0;
  int peak_concurrency = 0;
  sim::time_ns billed_duration = 0;
  double gb_seconds = 0;
};

/// One function's runtime. Invocations complete in virtual time on the context's executor.
class lambda_runtime {
 public:
  /// Throws models::config_error if `config` is invalid. `code` must outlive the runtime.
  /// The counters (`runtime.*`, see the README) are published in `metrics`, or in a private
  /// registry.
  lambda_runtime(sim::context& ctx, sim::rng rng, function_config config, function_code& code,
                 metrics::registry* metrics = nullptr);
  lambda_runtime(const lambda_runtime&) = delete;
  lambda_runtime& operator=(const lambda_runtime&) = delete;
  ~lambda_runtime();

  /// Invokes the function synchronously with one batch; completes with void(invoke_outcome).
  /// A throttled invocation completes at once and never runs the handler (L11). The
  /// invocation is run-keeping work: the run does not end while it is in progress.
  template <class Token>
  auto async_invoke(sqs_event event, Token&& token) {
    return async_invoke(std::make_shared<const sqs_event>(std::move(event)), std::forward<Token>(token));
  }

  /// As above, sharing the event instead of copying it (retries reuse one event).
  template <class Token>
  auto async_invoke(std::shared_ptr<const sqs_event> event, Token&& token) {
    return boost::asio::async_initiate<Token, void(invoke_outcome)>(
        [this](auto handler, std::shared_ptr<const sqs_event> e) {
          invoke_impl(std::move(e), boost::asio::any_completion_handler<void(invoke_outcome)>(std::move(handler)));
        },
        token, std::move(event));
  }

  /// Crashes the next invocation that runs (not a throttled one) at `where`; calls queue up.
  void crash_next_invocation(crash_point where);
  /// Consulted as each invocation starts (by its 1-based invocation id, throttled ones
  /// included) when no crash is queued: the fault layer's logical crash triggers.
  using crash_planner = std::function<std::optional<crash_point>(std::uint64_t invocation_id, const sqs_event& event)>;
  void set_crash_planner(crash_planner planner);
  /// Retires every idle environment now and every busy one when its invocation ends, so
  /// the next invocations start cold (environment recycle fault).
  void recycle_environments();

  /// Invocations currently holding concurrency (including their init phase).
  int in_flight() const noexcept;
  const function_config& config() const noexcept;
  const runtime_stats& stats() const noexcept;

 private:
  void invoke_impl(std::shared_ptr<const sqs_event> event,
                   boost::asio::any_completion_handler<void(invoke_outcome)> handler);
  std::unique_ptr<detail::runtime_impl> impl_;
};

}  // namespace slsim::runtime
