#pragma once
// Adapts a user handler (handler_definition) to the runtime's function_code seam: runs
// init once per environment with that environment's state, builds the lambda_context for
// each invocation, and hands the raw form Lambda's exact JSON payload.
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "slsim/api/process_state.hpp"
#include "slsim/handler.hpp"
#include "slsim/runtime/function_code.hpp"

namespace slsim::api {

/// Makes the store client of one invocation (or of an init phase: `info` is nullptr).
class store_client_factory {
 public:
  virtual ~store_client_factory() = default;
  virtual std::unique_ptr<store_client> make(runtime::invocation_info* info, std::uint64_t environment_id) = 0;
};

class handler_function final : public runtime::function_code {
 public:
  /// All three must outlive this object. Throws std::invalid_argument unless the
  /// definition has exactly one of the typed and raw forms.
  handler_function(const handler_definition& definition, store_client_factory& stores, handler_hooks& hooks);

  asio::awaitable<void> init(runtime::environment_info& env) override;
  asio::awaitable<runtime::invocation_output> invoke(const sqs_event& event, runtime::invocation_info& info) override;

  /// A plugin handler that changed its process-global memory during a warm invocation,
  /// after a first change (a lazily initialised static) was let pass; nullopt otherwise.
  const std::optional<global_state_finding>& global_state() const noexcept { return finding_; }

 private:
  void watch_global_state(const runtime::invocation_info& info);

  const handler_definition* definition_;
  store_client_factory* stores_;
  handler_hooks* hooks_;
  std::map<std::uint64_t, environment_state> states_;  // by environment id: what init left
  std::optional<writable_memory> memory_;              // a plugin's own writable segments
  std::vector<unsigned char> seen_;                    // their bytes at the last look
  bool first_change_passed_ = false;
  std::optional<global_state_finding> finding_;
};

/// Lambda-style request id text for an invocation number (stable, UUID-shaped).
std::string aws_request_id(std::uint64_t invocation);

}  // namespace slsim::api
