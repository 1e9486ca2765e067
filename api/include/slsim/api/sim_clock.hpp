#pragma once
// The simulator's handler_clock: epoch time from the virtual clock, busy waits in virtual
// time, each one an await point of the invocation (crash injection, docs/architecture.md §5).
#include "slsim/lambda_context.hpp"
#include "slsim/runtime/function_code.hpp"

namespace slsim::api {

/// Virtual time 0 as Unix epoch time (the queue model's SentTimestamp epoch, k_epoch_ms).
std::chrono::system_clock::time_point virtual_epoch(sim::time_ns t) noexcept;

/// One invocation's clock in the simulator. `info` must outlive it.
class sim_clock final : public handler_clock {
 public:
  explicit sim_clock(runtime::invocation_info& info) noexcept : info_(&info) {}
  std::chrono::system_clock::time_point now() const override;
  void before_wait() override;
  void wait(std::chrono::nanoseconds d, boost::asio::any_completion_handler<busy_signature> done) override;

 private:
  runtime::invocation_info* info_;
};

}  // namespace slsim::api
