#pragma once
// The second function_code: an unmodified handler process of any language, one per
// execution environment, driven through the Lambda Runtime API and a DynamoDB JSON 1.0
// endpoint that slsim serves itself, in lockstep with virtual time: exactly one process
// runs at a time and virtual time stands still while it does (docs/other-languages.md).
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "slsim/api/handler_function.hpp"
#include "slsim/runtime/config.hpp"
#include "slsim/runtime/function_code.hpp"

namespace slsim::external {

class child_process;
class process_endpoint;

/// Wall-clock figures of the processes (outside the simulated world; never traced).
struct process_stats {
  std::uint64_t started = 0;               ///< processes started (one per environment)
  std::chrono::nanoseconds start_wall{0};  ///< spawn → first request, summed
  std::uint64_t requests = 0;              ///< HTTP requests served
  std::uint64_t store_requests = 0;        ///< of which DynamoDB calls
};

class external_function final : public runtime::function_code {
 public:
  /// `function` supplies the variables and the function name; `hash_seed` the seed-derived
  /// PYTHONHASHSEED. `stores` makes the same simulated store clients C++ handlers get.
  external_function(const runtime::function_config& function, api::store_client_factory& stores, sim::context& ctx,
                    std::uint64_t hash_seed);
  ~external_function() override;

  boost::asio::awaitable<void> init(runtime::environment_info& env) override;
  boost::asio::awaitable<runtime::invocation_output> invoke(const sqs_event& event,
                                                            runtime::invocation_info& info) override;
  void retire(std::uint64_t environment_id) override;

  const process_stats& stats() const noexcept { return stats_; }

  /// One environment's process and its sockets.
  struct process_slot;

 private:
  /// Waits for the next request of `slot`'s process, serving DynamoDB calls in virtual
  /// time, until a Runtime API request arrives; throws on exit, hang, garbage.
  boost::asio::awaitable<void> serve_until_runtime_call(std::shared_ptr<process_slot> slot,
                                                        runtime::invocation_info* info);
  [[noreturn]] void fail(process_slot& slot, const std::string& what);
  /// Publishes the virtual clock to a shimmed process: before anything is written to it.
  void hand_over(process_slot& slot);
  /// Lets the virtual time a shimmed process slept pass before its request is served.
  boost::asio::awaitable<void> take_slept_time(process_slot& slot, runtime::invocation_info* info);

  const runtime::function_config& function_;
  const runtime::external_runtime& config_;
  api::store_client_factory& stores_;
  sim::context& ctx_;
  std::uint64_t hash_seed_;
  // By environment id. Shared: a cut invocation's coroutine may still unwind after its
  // environment was retired (the runtime retires it at the timeout, before the handler's
  // cancelled store call completes).
  std::map<std::uint64_t, std::shared_ptr<process_slot>> processes_;
  process_stats stats_;
};

}  // namespace slsim::external
