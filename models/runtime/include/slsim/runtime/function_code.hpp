#pragma once
// The seam between the runtime and the code it runs. The handler API adapts user
// handlers to function_code; tests implement it directly with small structs.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "slsim/runtime/batch_response.hpp"
#include "slsim/runtime/sqs_event.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::runtime {

namespace detail {
struct invocation_state;
}

/// Thrown out of invocation_info::await_point() when an injected crash fires there.
/// Deliberately not a std::exception, so `catch (const std::exception&)` in handler
/// code does not swallow it; the runtime has already recorded the crash anyway.
struct injected_crash {
  std::uint32_t await_point = 0;
};

/// What the init phase knows about its execution environment.
struct environment_info {
  std::uint64_t environment_id = 0;  ///< 1-based, per runtime; stable for the environment's life
  sim::context* ctx = nullptr;
  const std::map<std::string, std::string>* variables = nullptr;  ///< environment variables
};

/// What one invocation knows about itself: ids, deadline, environment variables, and the
/// hook the handler API calls at each await point so faults can crash the invocation there.
class invocation_info {
 public:
  invocation_info(detail::invocation_state& state, sim::context& ctx, std::uint64_t invocation_id,
                  std::uint64_t environment_id, sim::time_ns deadline, bool cold, std::string_view function_name,
                  const std::map<std::string, std::string>& variables, std::uint64_t draw_key = 0) noexcept
      : state_(&state),
        ctx_(&ctx),
        invocation_id_(invocation_id),
        environment_id_(environment_id),
        deadline_(deadline),
        cold_(cold),
        function_name_(function_name),
        variables_(&variables),
        draw_key_(draw_key) {}

  std::uint64_t invocation_id() const noexcept { return invocation_id_; }
  std::uint64_t environment_id() const noexcept { return environment_id_; }
  /// The invocation's stable identity for keyed draws (runtime::delivery_key of its event):
  /// its store calls' latencies are drawn under it, not in global call order.
  std::uint64_t draw_key() const noexcept { return draw_key_; }
  /// True for the first invocation of a fresh environment.
  bool cold() const noexcept { return cold_; }
  std::string_view function_name() const noexcept { return function_name_; }
  /// The instant the function times out (L5).
  sim::time_ns deadline() const noexcept { return deadline_; }
  /// Time left before the timeout; negative once past it.
  sim::time_ns remaining_time() const noexcept { return deadline_ - ctx_->now(); }
  /// An environment variable, or nullptr when it is not set.
  const std::string* env(const std::string& name) const;
  sim::context& context() const noexcept { return *ctx_; }
  /// All environment variables of the function.
  const std::map<std::string, std::string>& variables() const noexcept { return *variables_; }

  /// Call before each simulated operation (store call, sleep). Counts await points from 1
  /// and throws injected_crash when a crash was injected at this one, or when the
  /// invocation was already killed (its process is gone); effects it already made persist.
  void await_point();
  /// How many await points this invocation has passed.
  std::uint32_t await_points() const noexcept { return await_points_; }
  /// Call when await point `n`'s operation completes, before handing its result to the
  /// handler: kills the invocation and returns true when a crash was injected right after
  /// that operation (crash_point::after_call). The handler must then not see the result.
  bool crash_after(std::uint32_t n);
  /// True once the invocation was cut (timed out or crashed): nothing it starts may reach
  /// a service any more.
  bool killed() const noexcept;
  /// `listener` runs once, when the invocation is cut (the store client cancels its SDK
  /// retries there, MD5); an empty function unregisters. One listener per invocation.
  void on_kill(std::function<void()> listener);

 private:
  detail::invocation_state* state_;
  sim::context* ctx_;
  std::uint64_t invocation_id_;
  std::uint64_t environment_id_;
  sim::time_ns deadline_;
  bool cold_;
  std::string_view function_name_;
  const std::map<std::string, std::string>* variables_;
  std::uint64_t draw_key_ = 0;
  std::uint32_t await_points_ = 0;
};

/// The code a function runs. State kept between invocations (clients, caches) belongs to
/// the implementation, keyed by environment id: warm invocations see what init left.
class function_code {
 public:
  virtual ~function_code() = default;
  /// Lambda's init phase: runs once per execution environment, before its first invocation.
  virtual boost::asio::awaitable<void> init(environment_info& env) = 0;
  /// One invocation: returns the handler's result or throws. Runs on the sim executor and
  /// may co_await anything simulated; it is cancelled at the timeout or an injected crash.
  virtual boost::asio::awaitable<invocation_output> invoke(const sqs_event& event, invocation_info& info) = 0;
  /// The environment is gone for good (recycled, crashed, timed out, failed init): what was
  /// kept for it may go, an external process is killed. Called once per environment; a
  /// timed-out invocation's coroutine may still be unwinding (its cancelled call completes later).
  virtual void retire(std::uint64_t environment_id) { (void)environment_id; }
};

}  // namespace slsim::runtime
