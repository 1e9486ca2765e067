#pragma once
// What a handler sees of its invocation: the store, the time left, ids, environment
// variables, a logger into the run's record, buggify sites, and per-environment state
// (what the init phase left for warm invocations).
#include <any>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "slsim/store_client.hpp"

namespace slsim {

/// Where a handler's log lines and buggify questions go (the pipeline or a live runner).
class handler_hooks {
 public:
  virtual ~handler_hooks() = default;
  /// Records a log line of invocation `invocation` (0 during init).
  virtual void log(std::uint64_t invocation, std::string_view line) = 0;
  /// Whether buggify site `site` fires now (decided from the case's seed).
  virtual bool buggify(std::string_view site) = 0;
  /// The current time of the world the handler runs in (virtual in the simulator).
  virtual std::chrono::nanoseconds now() const = 0;
};

/// The completion signature of lambda_context::async_busy.
using busy_signature = void(boost::system::error_code);

/// The clock handler code reads and the way it spends time, per invocation: virtual time
/// in the simulator (only the simulated world waits), real time on the live backend.
class handler_clock {
 public:
  virtual ~handler_clock() = default;
  /// Unix epoch time now: what Date.now() or time.time() would return inside the function.
  virtual std::chrono::system_clock::time_point now() const = 0;
  /// Called in the handler's coroutine before a busy wait starts. It is an await point:
  /// the simulator's crash injection throws from here, as if the process died there.
  virtual void before_wait() {}
  /// Completes `done` once `d` has passed (never inline); operation_aborted when the
  /// invocation is cut (timeout, crash) through `done`'s cancellation slot.
  virtual void wait(std::chrono::nanoseconds d, boost::asio::any_completion_handler<busy_signature> done) = 0;
};

/// State that lives as long as one execution environment: created by init, seen by
/// every warm invocation of that environment, never shared between environments or runs.
class environment_state {
 public:
  /// The state object of type T, default-constructed on first use.
  template <class T>
  T& get() {
    if (!value_.has_value()) value_.emplace<T>();
    return std::any_cast<T&>(value_);
  }

 private:
  std::any value_;
};

/// The init phase's view: runs once per execution environment (Lambda's init).
class init_context {
 public:
  init_context(store_client& store, environment_state& state, handler_hooks& hooks, std::uint64_t environment_id,
               const std::map<std::string, std::string>& variables, boost::asio::any_io_executor executor) noexcept
      : store_(&store),
        state_(&state),
        hooks_(&hooks),
        environment_id_(environment_id),
        variables_(&variables),
        executor_(std::move(executor)) {}

  store_client& store() noexcept { return *store_; }
  environment_state& state() noexcept { return *state_; }
  std::uint64_t environment_id() const noexcept { return environment_id_; }
  /// An environment variable from the scenario, or nullptr.
  const std::string* env(const std::string& name) const;
  void log(std::string_view line) { hooks_->log(0, line); }
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  store_client* store_;
  environment_state* state_;
  handler_hooks* hooks_;
  std::uint64_t environment_id_;
  const std::map<std::string, std::string>* variables_;
  boost::asio::any_io_executor executor_;
};

/// The invocation's view, like the Lambda context object.
class lambda_context {
 public:
  struct ids {
    std::uint64_t invocation = 0;
    std::uint64_t environment = 0;
    std::string aws_request_id;
    std::string function_name;
  };

  /// `deadline` is on `hooks.now()`'s clock; `clock` (not owned) serves now() and async_busy.
  lambda_context(store_client& store, environment_state& state, handler_hooks& hooks, ids identity,
                 std::chrono::nanoseconds deadline, const std::map<std::string, std::string>& variables,
                 boost::asio::any_io_executor executor, handler_clock& clock)
      : store_(&store),
        state_(&state),
        hooks_(&hooks),
        ids_(std::move(identity)),
        deadline_(deadline),
        variables_(&variables),
        executor_(std::move(executor)),
        clock_(&clock) {}

  /// The store client, authorised by the function's role.
  store_client& store() noexcept { return *store_; }
  /// Time left before the function times out (Lambda's getRemainingTimeInMillis), never
  /// negative: past the deadline it is 0, as the Python runtime's context reports
  /// (awslambdaric clamps; the Node.js runtime returns deadline - Date.now() unclamped).
  std::chrono::milliseconds remaining_time() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - hooks_->now());
    return left.count() > 0 ? left : std::chrono::milliseconds(0);
  }
  /// Unix epoch time now, what Date.now() would return: virtual in the simulator (its time
  /// 0 is 2023-11-14T22:13:20Z, the queue's SentTimestamp epoch), the system clock live.
  std::chrono::system_clock::time_point now() const { return clock_->now(); }
  /// Spends `d` in handler code (CPU work, a call to a service slsim does not model): time
  /// passes for the invocation (its timeout, its billed duration, visibility timeouts)
  /// and the wait is an await point where an injected crash can strike. The simulator
  /// waits in virtual time; the live backend really waits. Completes with
  /// operation_aborted if the invocation is cut meanwhile.
  template <class Token>
  auto async_busy(std::chrono::nanoseconds d, Token&& token) {
    clock_->before_wait();
    return boost::asio::async_initiate<Token, busy_signature>(
        [this](auto handler, std::chrono::nanoseconds duration) {
          clock_->wait(duration, boost::asio::any_completion_handler<busy_signature>(std::move(handler)));
        },
        token, d);
  }
  /// `co_await ctx.async_busy(200ms);` — the same as an awaitable; throws on cancellation.
  boost::asio::awaitable<void> async_busy(std::chrono::nanoseconds d);
  /// The clock behind now() and async_busy.
  handler_clock& clock() noexcept { return *clock_; }
  const std::string& aws_request_id() const noexcept { return ids_.aws_request_id; }
  const std::string& function_name() const noexcept { return ids_.function_name; }
  std::uint64_t invocation_id() const noexcept { return ids_.invocation; }
  std::uint64_t environment_id() const noexcept { return ids_.environment; }
  /// An environment variable from the scenario, or nullptr.
  const std::string* env(const std::string& name) const;
  /// Writes a log line into the run's record (and trace), tagged with this invocation.
  void log(std::string_view line) { hooks_->log(ids_.invocation, line); }
  /// A fault-injection site: true when the case's seed makes `site` fire now.
  bool buggify(std::string_view site) { return hooks_->buggify(site); }
  /// What init (or earlier warm invocations of this environment) left.
  environment_state& state() noexcept { return *state_; }
  /// The executor handler coroutines run on (simulated or real).
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  store_client* store_;
  environment_state* state_;
  handler_hooks* hooks_;
  ids ids_;
  std::chrono::nanoseconds deadline_;
  const std::map<std::string, std::string>* variables_;
  boost::asio::any_io_executor executor_;
  handler_clock* clock_;
};

}  // namespace slsim
